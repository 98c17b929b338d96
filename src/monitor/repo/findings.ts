/**
 * @module monitor/repo/findings — the finding lifecycle as the API reads it: one row per (organisation, host, port,
 * protocol, finding id) with first seen, last seen, fixed at, reopened (written by monitor/ingest).
 */
import type { MonitorCtx } from '../context.js';
import { assertRead, type Principal } from '../principal.js';
import type { FindingStatesTable } from '../../store/platform/schema.js';
import { pageLimit, toPage, type Page, type PageQuery } from './util.js';

export type FindingState = 'open' | 'stale' | 'fixed';

export interface TrackedFinding {
  readonly id: number; readonly orgId: number; readonly host: string;
  /** null for a host-level finding. */
  readonly port: number | null; readonly protocol: 'tcp' | 'udp' | null;
  readonly findingId: string; readonly severity: string; readonly title: string; readonly state: FindingState;
  readonly firstSeen: string; readonly firstRunId: number; readonly lastSeen: string; readonly lastRunId: number;
  readonly fixedAt: string | null; readonly fixedRunId: number | null; readonly fixedReason: string | null;
  readonly reopenedAt: string | null; readonly reopenCount: number; readonly staleSince: string | null;
}

type Row = Omit<FindingStatesTable, 'id'> & { id: number };
export const toTracked = (r: Row): TrackedFinding => ({
  id: Number(r.id), orgId: Number(r.org_id), host: r.host, port: r.protocol === '' ? null : Number(r.port),
  protocol: r.protocol === '' ? null : r.protocol as 'tcp' | 'udp', findingId: r.finding_id, severity: r.severity, title: r.title,
  state: r.state as FindingState, firstSeen: r.first_seen, firstRunId: Number(r.first_run_id), lastSeen: r.last_seen,
  lastRunId: Number(r.last_run_id), fixedAt: r.fixed_at, fixedRunId: r.fixed_run_id === null ? null : Number(r.fixed_run_id),
  fixedReason: r.fixed_reason, reopenedAt: r.reopened_at, reopenCount: Number(r.reopen_count), staleSince: r.stale_since,
});

export interface FindingFilter extends PageQuery {
  readonly state?: FindingState | 'current';
  readonly severity?: string;
  readonly host?: string;
  readonly port?: number;
  readonly findingId?: string;
  /** The service name on the finding's port when its host was last seen up (e.g. `redis`). */
  readonly service?: string;
}

/** `state: 'current'` = open or stale (what the grade counts). Ordered by id (cursor). */
export async function listFindings(ctx: MonitorCtx, p: Principal, orgId: number, f: FindingFilter = {}): Promise<Page<TrackedFinding>> {
  assertRead(p, orgId);
  const limit = pageLimit(f);
  let q = ctx.db.selectFrom('finding_states').selectAll().where('org_id', '=', orgId).orderBy('id').limit(limit + 1);
  if (f.after !== undefined) { q = q.where('id', '>', f.after); }
  if (f.state === 'current') { q = q.where('state', 'in', ['open', 'stale']); } else if (f.state !== undefined) { q = q.where('state', '=', f.state); }
  if (f.severity !== undefined) { q = q.where('severity', '=', f.severity); }
  if (f.host !== undefined) { q = q.where('host', '=', f.host); }
  if (f.port !== undefined) { q = q.where('port', '=', f.port); }
  if (f.findingId !== undefined) { q = q.where('finding_id', '=', f.findingId); }
  if (f.service !== undefined) {
    const service = f.service;
    q = q.where((eb) => eb.exists(eb.selectFrom('host_states as hs')
      .innerJoin('ports as p', (j) => j.onRef('p.scan_id', '=', 'hs.last_up_scan_id').onRef('p.address', '=', 'hs.host'))
      .select('p.port').whereRef('hs.org_id', '=', 'finding_states.org_id').whereRef('hs.host', '=', 'finding_states.host')
      .whereRef('p.port', '=', 'finding_states.port').whereRef('p.protocol', '=', 'finding_states.protocol').where('p.service', '=', service)));
  }
  return toPage(await q.execute(), limit, toTracked);
}

/** Counts of current (open + stale) findings by severity. */
export async function currentFindingCounts(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Record<string, number>> {
  assertRead(p, orgId);
  const rows = await ctx.db.selectFrom('finding_states').select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId).where('state', 'in', ['open', 'stale']).groupBy('severity').execute();
  return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]));
}
