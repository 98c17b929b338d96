/** @module monitor/repo/runs — an organisation's scan runs (active, passive, import) and their status. */
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import type { Grade } from '../../core/grade.js';
import type { RunsTable } from '../../store/platform/schema.js';
import { pageLimit, parseJsonArray, toPage, type Page, type PageQuery } from './util.js';

export type RunKind = 'active' | 'passive' | 'import';
export type RunStatus = 'running' | 'finished' | 'interrupted' | 'failed';
export type GradeBasis = 'active' | 'passive';

export interface Run {
  readonly id: number; readonly orgId: number; readonly scanId: number | null; readonly scheduleId: number | null;
  readonly kind: RunKind; readonly status: RunStatus; readonly basis: GradeBasis;
  readonly targets: string[]; readonly ports: string; readonly request: Record<string, unknown>;
  readonly startedAt: string; readonly finishedAt: string | null; readonly ingestedAt: string | null; readonly error: string | null;
  readonly score: number | null; readonly letter: string | null; readonly resumedFrom: number | null; readonly pid: number | null;
}

type Row = Omit<RunsTable, 'id'> & { id: number };
export const toRun = (r: Row): Run => ({
  id: Number(r.id), orgId: Number(r.org_id), scanId: r.scan_id === null ? null : Number(r.scan_id),
  scheduleId: r.schedule_id === null ? null : Number(r.schedule_id), kind: r.kind as RunKind, status: r.status as RunStatus,
  basis: r.basis as GradeBasis, targets: parseJsonArray(r.targets), ports: r.ports, request: JSON.parse(r.request) as Record<string, unknown>,
  startedAt: r.started_at, finishedAt: r.finished_at, ingestedAt: r.ingested_at, error: r.error, score: r.score, letter: r.letter,
  resumedFrom: r.resumed_from === null ? null : Number(r.resumed_from), pid: r.pid === null ? null : Number(r.pid),
});

export interface NewRun {
  readonly kind: RunKind; readonly basis: GradeBasis; readonly targets: readonly string[]; readonly ports: string;
  readonly request?: Record<string, unknown>; readonly scheduleId?: number | null; readonly scanId?: number | null;
  readonly resumedFrom?: number | null; readonly status?: RunStatus;
}

export async function createRun(ctx: MonitorCtx, p: Principal, orgId: number, r: NewRun): Promise<Run> {
  assertWrite(p, orgId);
  const row = await ctx.db.insertInto('runs').values({
    org_id: orgId, scan_id: r.scanId ?? null, schedule_id: r.scheduleId ?? null, kind: r.kind, status: r.status ?? 'running', basis: r.basis,
    targets: JSON.stringify(r.targets), ports: r.ports, request: JSON.stringify(r.request ?? {}), started_at: nowIso(ctx),
    finished_at: null, ingested_at: null, error: null, score: null, letter: null, grade: null, resumed_from: r.resumedFrom ?? null, pid: null,
  }).returningAll().executeTakeFirstOrThrow();
  return toRun(row);
}

export async function getRun(ctx: MonitorCtx, p: Principal, orgId: number, runId: number): Promise<Run> {
  assertRead(p, orgId);
  const row = await ctx.db.selectFrom('runs').selectAll().where('org_id', '=', orgId).where('id', '=', runId).executeTakeFirst();
  if (!row) { throw notFound(`run ${runId}`); }
  return toRun(row);
}

/** The organisation's grade after a run (stale hosts included), as stored at ingest. */
export async function runGrade(ctx: MonitorCtx, p: Principal, orgId: number, runId: number): Promise<Grade | null> {
  assertRead(p, orgId);
  const row = await ctx.db.selectFrom('runs').select('grade').where('org_id', '=', orgId).where('id', '=', runId).executeTakeFirst();
  if (!row) { throw notFound(`run ${runId}`); }
  return row.grade === null ? null : JSON.parse(row.grade) as Grade;
}

/** Newest first (cursor: runs with a smaller id). */
export async function listRuns(ctx: MonitorCtx, p: Principal, orgId: number, f: PageQuery & { status?: RunStatus } = {}): Promise<Page<Run>> {
  assertRead(p, orgId);
  const limit = pageLimit(f);
  let q = ctx.db.selectFrom('runs').selectAll().where('org_id', '=', orgId).orderBy('id', 'desc').limit(limit + 1);
  if (f.after !== undefined) { q = q.where('id', '<', f.after); }
  if (f.status !== undefined) { q = q.where('status', '=', f.status); }
  return toPage(await q.execute(), limit, toRun);
}

export type RunPatch = Partial<Pick<RunsTable, 'scan_id' | 'status' | 'finished_at' | 'ingested_at' | 'error' | 'score' | 'letter' | 'grade' | 'pid'>>;

export async function updateRun(ctx: MonitorCtx, p: Principal, orgId: number, runId: number, patch: RunPatch): Promise<void> {
  assertWrite(p, orgId);
  const r = await ctx.db.updateTable('runs').set(patch).where('org_id', '=', orgId).where('id', '=', runId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) { throw notFound(`run ${runId}`); }
}

/** Runs still marked running (across the organisations the principal sees): what a restarted server must recover. */
export async function runningRuns(ctx: MonitorCtx, p: Principal): Promise<Run[]> {
  if (p.orgIds !== 'all' && p.orgIds.length === 0) { return []; }
  let q = ctx.db.selectFrom('runs').selectAll().where('status', '=', 'running').orderBy('id');
  if (p.orgIds !== 'all') { q = q.where('org_id', 'in', [...p.orgIds]); }
  return (await q.execute()).map(toRun);
}

/** The latest ingested run before `runId` (or the latest at all), for diffs. */
export async function previousRun(ctx: MonitorCtx, p: Principal, orgId: number, runId?: number): Promise<Run | null> {
  assertRead(p, orgId);
  let q = ctx.db.selectFrom('runs').selectAll().where('org_id', '=', orgId).where('ingested_at', 'is not', null).orderBy('id', 'desc').limit(1);
  if (runId !== undefined) { q = q.where('id', '<', runId); }
  const row = await q.executeTakeFirst();
  return row ? toRun(row) : null;
}
