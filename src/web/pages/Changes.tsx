/** @module web/pages/Changes — placeholder while the page is built. */
export function ChangesPage({ orgId }: { orgId: number }) {
  return <h1>Changes {orgId}</h1>;
}
