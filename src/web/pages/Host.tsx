/** @module web/pages/Host — placeholder. */
export function HostPage({ orgId, address }: { orgId: number; address: string }) { return <h1>Host {address} ({orgId})</h1>; }
