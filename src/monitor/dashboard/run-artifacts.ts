/**
 * @module monitor/dashboard/run-artifacts — a stored run's grade, explanation and plan, computed once from its scan
 * document and kept in `run_artifacts` (migration 011) in parts of bounded size: the explanation's head (grade,
 * totals, the letter cap without its lists), its contributions, the findings holding the cap and the fixes lifting
 * it, each in parts of PART_SIZE, the plan at a depth (part = depth) and the diff from an earlier run (part = its id). A page of the explanation reads one or
 * two parts, never the whole (25 MB at 10,000 hosts). Computing is the caller's choice of thread (the server runs
 * `computeRunArtifacts` in a worker thread, src/server/artifacts); reading is a primary-key lookup. Callers pass a
 * run they resolved through tenancy (its id and organisation); every query is scoped by both.
 */
import type { Grade } from '../../core/grade.js';
import type { ScanDocument } from '../../core/types.js';
import { explain, type Contribution } from '../../score/explain.js';
import { planFixes, type Fix, type Plan } from '../../score/plan.js';
import { gradeHosts } from '../../score/document.js';
import type { CapHolder, ExplainedCap } from '../../score/cap-explain.js';
import type { Store } from '../../store/store.js';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { dash } from './digest.js';
import { diffRuns, type RunDiff } from '../run-diff.js';
import { SYSTEM_PRINCIPAL, notFound, type Principal } from '../principal.js';

/** Items per stored part (contributions, cap holders, cap fixes): ~250 KB of JSON for contributions. */
export const PART_SIZE = 1000;

export type ArtifactKind = 'grade' | 'explain' | 'contributions' | 'cap-holders' | 'cap-fixes' | 'plan' | 'diff';

/** The letter cap as the explanation's head keeps it: everything but the lists, with their totals. */
export interface CapHead extends Omit<ExplainedCap, 'holders' | 'fixes' | 'lift'> {
  readonly holdersTotal: number;
  readonly fixesTotal: number;
}

/** The explanation without its lists: the grade, how many contributions, the cap. */
export interface ExplainHead {
  readonly grade: Grade;
  readonly total: number;
  readonly cap?: CapHead;
}

/** One computation for one run: its grade and explanation, its plan at a depth, or its diff from an earlier run. */
export type ArtifactSpec =
  | { readonly what: 'explain' }
  | { readonly what: 'plan'; readonly depth: number }
  | { readonly what: 'diff'; readonly from: number };
export type ArtifactJob = { readonly runId: number; readonly orgId: number; readonly scanId: number } & ArtifactSpec;

/** A run as the readers take it: resolved through tenancy by the caller. */
export interface ArtifactRun { readonly id: number; readonly orgId: number }

interface Row { kind: ArtifactKind; part: number; body: string }

function parts<T>(kind: ArtifactKind, items: readonly T[]): Row[] {
  const out: Row[] = [];
  for (let i = 0, part = 0; i < items.length; i += PART_SIZE, part++) { out.push({ kind, part, body: JSON.stringify(items.slice(i, i + PART_SIZE)) }); }
  return out;
}

/** The rows of a run's grade and explanation, from its document. */
export function explainRows(doc: ScanDocument): Row[] {
  const ex = explain(doc.hosts);
  const grade = doc.grade ?? gradeHosts(doc.hosts);
  let cap: CapHead | undefined;
  const rows: Row[] = [{ kind: 'grade', part: 0, body: JSON.stringify(grade) }];
  if (ex.cap !== undefined) {
    const { holders, fixes, lift: _lift, ...rest } = ex.cap;
    cap = { ...rest, holdersTotal: holders.length, fixesTotal: fixes.length };
    rows.push(...parts('cap-holders', holders), ...parts('cap-fixes', fixes));
  }
  const head: ExplainHead = cap === undefined ? { grade: ex.grade, total: ex.contributions.length } : { grade: ex.grade, total: ex.contributions.length, cap };
  rows.push(...parts('contributions', ex.contributions), { kind: 'explain', part: 0, body: JSON.stringify(head) });
  return rows;
}

/** Keeps the last scan document loaded (an explanation asked after a plan of the same run does not reload it). */
export class ScanDocuments {
  private last: { scanId: number; doc: Promise<ScanDocument | null> } | null = null;

  async get(store: Store, scanId: number): Promise<ScanDocument> {
    if (this.last === null || this.last.scanId !== scanId) { this.last = { scanId, doc: store.getScan(scanId) }; }
    const entry = this.last;
    try {
      const doc = await entry.doc;
      if (doc === null) { throw notFound(`stored scan ${scanId}`); }
      return doc;
    } catch (err) {
      if (this.last === entry) { this.last = null; }
      throw err;
    }
  }

  /** Drops the document kept (the queue is empty: free the memory). */
  clear(): void { this.last = null; }
}

/**
 * Computes and stores what `job` asks unless it is stored already (by this or another process); returns how many
 * rows it wrote. `p` reads the runs of a diff: the caller checked tenancy before asking.
 */
export async function computeRunArtifacts(ctx: MonitorCtx, store: Store, job: ArtifactJob, docs = new ScanDocuments(), p: Principal = SYSTEM_PRINCIPAL): Promise<number> {
  const run: ArtifactRun = { id: job.runId, orgId: job.orgId };
  let rows: Row[];
  switch (job.what) {
    case 'explain':
      if ((await readHead(ctx, run)) !== null) { return 0; }
      rows = explainRows(await docs.get(store, job.scanId));
      break;
    case 'plan':
      if ((await storedPlan(ctx, run, job.depth)) !== null) { return 0; }
      rows = [{ kind: 'plan', part: job.depth, body: JSON.stringify(planFixes((await docs.get(store, job.scanId)).hosts, job.depth)) }];
      break;
    case 'diff':
      if ((await storedDiff(ctx, run, job.from)) !== null) { return 0; }
      rows = [{ kind: 'diff', part: job.from, body: JSON.stringify(await diffRuns(ctx, p, job.orgId, job.from, job.runId)) }];
      break;
  }
  await putRows(ctx, run, rows);
  return rows.length;
}

/** The stored diff of run `from` → the run, or null. */
export async function storedDiff(ctx: MonitorCtx, run: ArtifactRun, from: number): Promise<RunDiff | null> {
  const b = await body(ctx, run, 'diff', from);
  return b === null ? null : JSON.parse(b) as RunDiff;
}

/** Writes rows in one transaction; a row another process wrote first is kept (the same run computes the same). */
async function putRows(ctx: MonitorCtx, run: ArtifactRun, rows: readonly Row[]): Promise<void> {
  const at = nowIso(ctx);
  // The head ('explain') goes last: a reader that finds it finds every part it names.
  const ordered = [...rows.filter((r) => r.kind !== 'explain'), ...rows.filter((r) => r.kind === 'explain')];
  await dash(ctx).transaction().execute(async (tx) => {
    for (let i = 0; i < ordered.length; i += 50) {
      await tx.insertInto('run_artifacts')
        .values(ordered.slice(i, i + 50).map((r) => ({ run_id: run.id, org_id: run.orgId, kind: r.kind, part: r.part, body: r.body, computed_at: at })))
        .onConflict((oc) => oc.columns(['run_id', 'kind', 'part']).doNothing()).execute();
    }
  });
}

async function body(ctx: MonitorCtx, run: ArtifactRun, kind: ArtifactKind, part: number): Promise<string | null> {
  const row = await dash(ctx).selectFrom('run_artifacts').select('body')
    .where('run_id', '=', run.id).where('org_id', '=', run.orgId).where('kind', '=', kind).where('part', '=', part).executeTakeFirst();
  return row?.body ?? null;
}

/** The explanation's head, or null when not computed yet. */
export async function readHead(ctx: MonitorCtx, run: ArtifactRun): Promise<ExplainHead | null> {
  const b = await body(ctx, run, 'explain', 0);
  return b === null ? null : JSON.parse(b) as ExplainHead;
}

/** The grade the run's document computes to, or null when not computed yet. */
export async function storedGrade(ctx: MonitorCtx, run: ArtifactRun): Promise<Grade | null> {
  const b = await body(ctx, run, 'grade', 0);
  return b === null ? null : JSON.parse(b) as Grade;
}

/** The stored plan at least `depth` steps deep (the shallowest such), or null. */
export async function storedPlan(ctx: MonitorCtx, run: ArtifactRun, depth: number): Promise<Plan | null> {
  const row = await dash(ctx).selectFrom('run_artifacts').select('body')
    .where('run_id', '=', run.id).where('org_id', '=', run.orgId).where('kind', '=', 'plan').where('part', '>=', depth)
    .orderBy('part', 'asc').limit(1).executeTakeFirst();
  return row === undefined ? null : JSON.parse(row.body) as Plan;
}

/** Items [offset, offset + limit) of a list stored in parts of `kind` holding `total` items. */
export async function slice<T>(ctx: MonitorCtx, run: ArtifactRun, kind: ArtifactKind, total: number, offset: number, limit: number): Promise<T[]> {
  const end = Math.min(total, offset + limit);
  if (end <= offset) { return []; }
  const first = Math.floor(offset / PART_SIZE);
  const last = Math.floor((end - 1) / PART_SIZE);
  const rows = await dash(ctx).selectFrom('run_artifacts').select(['part', 'body'])
    .where('run_id', '=', run.id).where('org_id', '=', run.orgId).where('kind', '=', kind).where('part', '>=', first).where('part', '<=', last)
    .orderBy('part', 'asc').execute();
  if (rows.length !== last - first + 1) { throw new Error(`run ${run.id}: ${kind} parts ${first}..${last} incomplete (${rows.length} stored)`); }
  const items = rows.flatMap((r) => JSON.parse(r.body) as T[]);
  return items.slice(offset - first * PART_SIZE, end - first * PART_SIZE);
}

/** The letter cap with one page of its holders and fixes (the fixes' actions as `lift`), and their totals. */
export interface CapPage extends CapHead {
  readonly holders: readonly CapHolder[];
  readonly fixes: readonly Fix[];
  /** The listed fixes, in words. */
  readonly lift: string;
}

export interface ExplainPage {
  readonly grade: Grade;
  readonly total: number;
  readonly contributions: readonly Contribution[];
  readonly cap?: CapPage;
}

/** One page of the explanation, or null when it is not computed yet. */
export async function explainPage(ctx: MonitorCtx, run: ArtifactRun, q: { offset: number; limit: number; capOffset: number; capLimit: number }): Promise<ExplainPage | null> {
  const head = await readHead(ctx, run);
  if (head === null) { return null; }
  const contributions = await slice<Contribution>(ctx, run, 'contributions', head.total, q.offset, q.limit);
  if (head.cap === undefined) { return { grade: head.grade, total: head.total, contributions }; }
  const holders = await slice<CapHolder>(ctx, run, 'cap-holders', head.cap.holdersTotal, q.capOffset, q.capLimit);
  const fixes = await slice<Fix>(ctx, run, 'cap-fixes', head.cap.fixesTotal, q.capOffset, q.capLimit);
  return { grade: head.grade, total: head.total, contributions, cap: { ...head.cap, holders, fixes, lift: fixes.map((f) => f.action).join('; ') } };
}
