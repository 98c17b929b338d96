/**
 * @module monitor/dashboard/digest — per ingested run, what the portfolio needs of its grade (the weakest factor:
 * the factor whose deductions cost the most points), computed once from runs.grade and kept in run_digests.
 */
import type { Grade } from '../../core/grade.js';
import { FACTOR_BY_KEY } from '../../score/model.js';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import type { DashboardDb } from '../../store/platform/dashboard-schema.js';

export interface WeakestFactor { readonly factor: string; readonly label: string; readonly points: number }

export const dash = (ctx: MonitorCtx): DashboardDb => ctx.db as unknown as DashboardDb;

/** The factor costing the most points in a grade (deductions summed per factor), or null for a clean grade. */
export function weakestFactor(grade: Grade): WeakestFactor | null {
  const lost = new Map<string, number>();
  for (const d of grade.deductions) { lost.set(d.factor, (lost.get(d.factor) ?? 0) + d.points); }
  let best: WeakestFactor | null = null;
  for (const [factor, points] of lost) {
    if (points <= 0 || (best !== null && points <= best.points)) { continue; }
    const label = grade.factors.find((f) => f.key === factor)?.name ?? FACTOR_BY_KEY[factor as keyof typeof FACTOR_BY_KEY]?.name ?? factor;
    best = { factor, label, points: Math.round(points * 100) / 100 };
  }
  return best;
}

/** Weakest factors of the given runs (of organisations the caller already passed tenancy for), filling run_digests for the missing ones. */
export async function weakestOf(ctx: MonitorCtx, runs: ReadonlyArray<{ runId: number; orgId: number }>): Promise<Map<number, WeakestFactor | null>> {
  const out = new Map<number, WeakestFactor | null>();
  const db = dash(ctx);
  for (let i = 0; i < runs.length; i += 500) {
    const ids = runs.slice(i, i + 500).map((r) => r.runId);
    const rows = await db.selectFrom('run_digests').select(['run_id', 'weakest']).where('run_id', 'in', ids).execute();
    for (const r of rows) { out.set(Number(r.run_id), r.weakest === null ? null : JSON.parse(r.weakest) as WeakestFactor); }
  }
  const missing = runs.filter((r) => !out.has(r.runId));
  for (let i = 0; i < missing.length; i += 50) {
    const chunk = missing.slice(i, i + 50);
    const grades = await ctx.db.selectFrom('runs').select(['id', 'org_id', 'grade']).where('id', 'in', chunk.map((r) => r.runId)).execute();
    for (const g of grades) {
      const w = g.grade === null ? null : weakestFactor(JSON.parse(g.grade) as Grade);
      out.set(Number(g.id), w);
      await putDigest(ctx, Number(g.id), Number(g.org_id), { weakest: JSON.stringify(w) });
    }
  }
  return out;
}

/** Inserts or completes a run's digest row (concurrent writers: the first insert wins, later ones update their column). */
export async function putDigest(ctx: MonitorCtx, runId: number, orgId: number, set: { weakest?: string; changes?: string }): Promise<void> {
  const db = dash(ctx);
  await db.insertInto('run_digests').values({ run_id: runId, org_id: orgId, weakest: set.weakest ?? null, changes: set.changes ?? null, computed_at: nowIso(ctx) })
    .onConflict((oc) => oc.column('run_id').doUpdateSet(set)).execute();
}
