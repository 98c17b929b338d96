/** @module monitor/run-diff — the diff between two ingested runs of an organisation (the server's "what changed"). */
import type { Kysely } from 'kysely';
import type { Grade } from '../core/grade.js';
import type { ScanDocument } from '../core/types.js';
import { loadDiffPair } from './diff-facts.js';
import type { Database } from '../store/schema.js';
import type { MonitorCtx } from './context.js';
import { assertRead, notFound, type Principal } from './principal.js';
import { diffScans, type ScanDiff } from './diff.js';
import { findingKey } from './keys.js';
import { getRun, previousRun, type Run } from './repo/runs.js';

export interface RunDiff extends ScanDiff { readonly from: number; readonly to: number }

/** The two runs' scans, read for a diff (monitor/diff-facts); each with its run's grade, which counts stale hosts. */
async function docsOf(ctx: MonitorCtx, a: Run, b: Run): Promise<[ScanDocument, ScanDocument]> {
  const [sa, sb] = [a.scanId, b.scanId];
  if (sa === null) { throw notFound(`scan of run ${a.id}`); }
  if (sb === null) { throw notFound(`scan of run ${b.id}`); }
  const [da, db] = await loadDiffPair(ctx.db as unknown as Kysely<Database>, sa, sb);
  if (da === null) { throw notFound(`scan ${sa}`); }
  if (db === null) { throw notFound(`scan ${sb}`); }
  for (const [run, doc] of [[a, da], [b, db]] as const) {
    const row = await ctx.db.selectFrom('runs').select('grade').where('id', '=', run.id).executeTakeFirst();
    if (row?.grade != null) { doc.grade = JSON.parse(row.grade) as Grade; }
  }
  return [da, db];
}

/** Diff of run `fromRunId` → `toRunId`; a finding new in `to` that was tracked at or before `from` (so absent from it: fixed, or on a silent host) is reopened. */
export async function diffRuns(ctx: MonitorCtx, p: Principal, orgId: number, fromRunId: number, toRunId: number): Promise<RunDiff> {
  assertRead(p, orgId);
  const [a, b] = [await getRun(ctx, p, orgId, fromRunId), await getRun(ctx, p, orgId, toRunId)];
  const [da, db] = await docsOf(ctx, a, b);
  const first = diffScans(da, db);
  if (first.findings.new.length === 0) { return { from: a.id, to: b.id, ...first }; }
  // Only the hosts with findings new in `to` can have reopened ones: look those up, not the whole lifecycle.
  const hosts = [...new Set(first.findings.new.map((f) => f.host))];
  const seenBefore = new Set<string>();
  for (let i = 0; i < hosts.length; i += 1000) {
    const rows = await ctx.db.selectFrom('finding_states').select(['host', 'port', 'protocol', 'finding_id'])
      .where('org_id', '=', orgId).where('first_run_id', '<=', a.id).where('host', 'in', hosts.slice(i, i + 1000)).execute();
    for (const r of rows) { seenBefore.add(findingKey(r.host, r.protocol === '' ? null : r.port, r.protocol === '' ? null : r.protocol, r.finding_id)); }
  }
  return { from: a.id, to: b.id, ...diffScans(da, db, { seenBefore }) };
}

/** The diff of the organisation's last ingested run against the one before it, or null with fewer than two. */
export async function latestRunDiff(ctx: MonitorCtx, p: Principal, orgId: number): Promise<RunDiff | null> {
  const last = await previousRun(ctx, p, orgId);
  const prev = last === null ? null : await previousRun(ctx, p, orgId, last.id);
  return last === null || prev === null ? null : diffRuns(ctx, p, orgId, prev.id, last.id);
}
