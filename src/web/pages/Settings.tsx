/** @module web/pages/Settings — placeholder while the page is built. */
export function SettingsPage({ orgId }: { orgId: number }) {
  return <h1>Settings {orgId}</h1>;
}
