/** @module web/pages/Organisation — placeholder while the page is built. */
export function OrganisationPage({ orgId }: { orgId: number }) {
  return <h1>Organisation {orgId}</h1>;
}
