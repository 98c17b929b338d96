/** @module web/pages/Hosts — placeholder while the page is built. */
export function HostsPage({ orgId }: { orgId: number }) {
  return <h1>Hosts {orgId}</h1>;
}
