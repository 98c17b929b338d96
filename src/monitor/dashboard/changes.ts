/**
 * @module monitor/dashboard/changes — the change timeline: one entry per ingested run against the run before it
 * (monitor/run-diff), summarised (counts plus capped lists) and kept in run_digests, so a page of the timeline
 * recomputes no diff it has shown before. Newest first; the cursor is the last run id of the previous page.
 */
import { GatehouseError } from '../../errors/index.js';
import type { MonitorCtx } from '../context.js';
import { assertRead, type Principal } from '../principal.js';
import type { FindingRef } from '../keys.js';
import type { PortRef, ServiceChange } from '../diff.js';
import { diffRuns, type RunDiff } from '../run-diff.js';
import { previousRun, toRun, type Run } from '../repo/runs.js';
import { pageLimit, type Page, type PageQuery } from '../repo/util.js';
import { dash, putDigest } from './digest.js';

export const LIST_CAP = 50;
export interface Capped<T> { readonly count: number; readonly items: T[] }
export interface ChangeEntry {
  readonly runId: number; readonly previousRunId: number | null; readonly at: string;
  readonly grade: { readonly from: number | null; readonly to: number | null; readonly delta: number | null; readonly fromLetter: string | null; readonly toLetter: string | null };
  readonly hostsAppeared: Capped<string>; readonly hostsDisappeared: Capped<string>;
  readonly portsOpened: Capped<PortRef>; readonly portsClosed: Capped<PortRef>; readonly servicesChanged: Capped<ServiceChange>;
  readonly findingsNew: Capped<FindingRef>; readonly findingsFixed: Capped<FindingRef>; readonly findingsReopened: Capped<FindingRef>;
  /** false: a run's stored scan is gone, only the grade change is known. */
  readonly detailed: boolean;
}

const cap = <T>(xs: readonly T[]): Capped<T> => ({ count: xs.length, items: xs.slice(0, LIST_CAP) });
const none = { count: 0, items: [] };
const round2 = (x: number): number => Math.round(x * 100) / 100;

export function summariseDiff(run: Run, prev: Run | null, d: RunDiff | null): ChangeEntry {
  const from = d?.grade.before ?? (prev?.score != null ? { score: prev.score, letter: prev.letter ?? '' } : null);
  const to = d?.grade.after ?? (run.score !== null ? { score: run.score, letter: run.letter ?? '' } : null);
  return {
    runId: run.id, previousRunId: prev?.id ?? null, at: run.ingestedAt ?? run.finishedAt ?? run.startedAt,
    grade: { from: from?.score ?? null, to: to?.score ?? null, delta: from !== null && to !== null ? round2(to.score - from.score) : null, fromLetter: from?.letter ?? null, toLetter: to?.letter ?? null },
    hostsAppeared: d ? cap(d.hosts.appeared) : none, hostsDisappeared: d ? cap(d.hosts.disappeared) : none,
    portsOpened: d ? cap(d.ports.opened) : none, portsClosed: d ? cap(d.ports.closed) : none, servicesChanged: d ? cap(d.services) : none,
    findingsNew: d ? cap(d.findings.new) : none, findingsFixed: d ? cap(d.findings.fixed) : none, findingsReopened: d ? cap(d.findings.reopened) : none,
    detailed: d !== null || prev === null,
  };
}

/** How a diff of two runs (resolved through tenancy) is had: computed here (default), or by the server's worker thread. */
export type DiffOf = (from: Run, to: Run) => Promise<RunDiff>;

async function computeEntry(ctx: MonitorCtx, p: Principal, run: Run, diffOf: DiffOf): Promise<ChangeEntry> {
  const prev = await previousRun(ctx, p, run.orgId, run.id);
  let d: RunDiff | null = null;
  if (prev !== null) {
    try {
      d = await diffOf(prev, run);
    } catch (err) {
      if (!(err instanceof GatehouseError && err.code === 'GH_ERR_NOT_FOUND')) { throw err; }
      d = null; // a stored scan of either run is gone: the grade change is all that is known
    }
  }
  return summariseDiff(run, prev, d);
}

export async function listChanges(ctx: MonitorCtx, p: Principal, orgId: number, f: PageQuery = {}, diffOf?: DiffOf): Promise<Page<ChangeEntry>> {
  const diff: DiffOf = diffOf ?? ((a, b) => diffRuns(ctx, p, orgId, a.id, b.id));
  assertRead(p, orgId);
  const limit = pageLimit(f);
  let q = ctx.db.selectFrom('runs').selectAll().where('org_id', '=', orgId).where('ingested_at', 'is not', null).orderBy('id', 'desc').limit(limit + 1);
  if (f.after !== undefined) { q = q.where('id', '<', f.after); }
  const rows = (await q.execute()).map(toRun);
  const page = rows.slice(0, limit);
  const stored = new Map<number, ChangeEntry>();
  if (page.length > 0) {
    const ds = await dash(ctx).selectFrom('run_digests').select(['run_id', 'changes']).where('run_id', 'in', page.map((r) => r.id)).where('changes', 'is not', null).execute();
    for (const d of ds) { stored.set(Number(d.run_id), JSON.parse(d.changes ?? 'null') as ChangeEntry); }
  }
  const items: ChangeEntry[] = [];
  for (const run of page) {
    let e = stored.get(run.id);
    if (e === undefined) {
      e = await computeEntry(ctx, p, run, diff);
      await putDigest(ctx, run.id, orgId, { changes: JSON.stringify(e) });
    }
    items.push(e);
  }
  return { items, next: rows.length > limit ? page.at(-1)!.id : null };
}
