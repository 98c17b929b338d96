/** @module web/pages/Alerts — placeholder while the page is built. */
export function AlertsPage({ orgId }: { orgId: number }) {
  return <h1>Alerts {orgId}</h1>;
}
