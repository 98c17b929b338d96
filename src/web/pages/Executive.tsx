/** @module web/pages/Executive — placeholder while the page is built. */
export function ExecutivePage({ orgId }: { orgId: number }) {
  return <h1>Executive {orgId}</h1>;
}
