/** @module web/pages/Scan — placeholder. */
export function ScanPage({ orgId, runId }: { orgId: number; runId: number | null }) { return <h1>Scan {orgId} {runId}</h1>; }
