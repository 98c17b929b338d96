/**
 * @module monitor/dashboard/host-facts — the facts a hosts page filters on (first hostname, OS, open ports), taken
 * once from each stored host document into host_facts. Filled on read for the hosts an organisation's liveness
 * table points at (host_states.last_up_scan_id): such a scan is ingested, so its host rows are final.
 */
import type { HostResult } from '../../core/types.js';
import type { MonitorCtx } from '../context.js';
import type { HostFactsTable } from '../../store/platform/dashboard-schema.js';
import { dash } from './digest.js';

export const PORTS_LISTED = 20;

export function factsOf(scanId: number, h: HostResult): HostFactsTable {
  const open = h.ports.filter((p) => p.state === 'open').map((p) => p.port);
  const ports = [...new Set(open)].sort((a, b) => a - b);
  return {
    scan_id: scanId, address: h.address, hostname: h.hostnames[0] ?? null,
    os_family: h.os?.family ?? null, os_name: h.os?.name ?? null, os_version: h.os?.version ?? null, os_confidence: h.os?.confidence ?? null,
    open_ports: h.catchAll !== undefined ? Math.max(h.counts.open, h.catchAll.ports + ports.length) : Math.max(h.counts.open, ports.length),
    ports: JSON.stringify(ports.slice(0, PORTS_LISTED)),
  };
}

/** Makes sure every current host of the organisation (up or stale) has its facts row; returns how many were added. */
export async function ensureHostFacts(ctx: MonitorCtx, orgId: number): Promise<number> {
  const db = dash(ctx);
  const missing = await db.selectFrom('host_states as hs')
    .leftJoin('host_facts as hf', (j) => j.onRef('hf.scan_id', '=', 'hs.last_up_scan_id').onRef('hf.address', '=', 'hs.host'))
    .select(['hs.last_up_scan_id as scan_id', 'hs.host']).where('hs.org_id', '=', orgId).where('hs.state', 'in', ['up', 'stale'])
    .where('hf.address', 'is', null).execute();
  if (missing.length === 0) { return 0; }
  const byScan = new Map<number, string[]>();
  for (const m of missing) { const k = Number(m.scan_id); const l = byScan.get(k); if (l) { l.push(m.host); } else { byScan.set(k, [m.host]); } }
  let added = 0;
  for (const [scanId, hosts] of byScan) {
    for (let i = 0; i < hosts.length; i += 500) {
      const docs = await ctx.db.selectFrom('hosts').select(['address', 'document']).where('scan_id', '=', scanId).where('address', 'in', hosts.slice(i, i + 500)).execute();
      const rows = docs.map((d) => factsOf(scanId, JSON.parse(d.document) as HostResult));
      for (let j = 0; j < rows.length; j += 200) {
        await db.insertInto('host_facts').values(rows.slice(j, j + 200)).onConflict((oc) => oc.columns(['scan_id', 'address']).doNothing()).execute();
      }
      added += rows.length;
    }
  }
  return added;
}
