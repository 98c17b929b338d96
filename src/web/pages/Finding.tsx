/** @module web/pages/Finding — placeholder. */
export function FindingPage({ orgId, checkId }: { orgId: number; checkId: string }) { return <h1>Finding {checkId} ({orgId})</h1>; }
