/**
 * @module monitor/dashboard/portfolio — one row per organisation the principal may see: the latest grade, the
 * 90-day trend, the change against a week before, the weakest factor and the current findings by severity. A fixed
 * batch of queries whatever the number of organisations (no query per organisation).
 */
import type { MonitorCtx } from '../context.js';
import type { Principal } from '../principal.js';
import type { GradeBasis } from '../repo/runs.js';
import type { GradePoint } from '../repo/grades.js';
import { listOrganizations, type Criticality, type Organization, type Relationship } from '../repo/organizations.js';
import { weakestOf, type WeakestFactor } from './digest.js';
import { DEFAULT_TREND_POINTS, downsample } from './downsample.js';

export type SeverityCounts = { critical: number; high: number; medium: number; low: number; info: number };
export interface TrendPoint { readonly at: string; readonly score: number; readonly letter: string }
export interface PortfolioRow {
  readonly organization: Organization;
  readonly grade: GradePoint | null;
  readonly trend: TrendPoint[];
  readonly weekDelta: number | null;
  readonly weakestFactor: WeakestFactor | null;
  readonly findings: SeverityCounts;
}

const DAY = 86_400_000;
export const TREND_DAYS = 90;
export const zeroCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
export function addCount(c: SeverityCounts, severity: string, n: number): void {
  if (severity in c) { c[severity as keyof SeverityCounts] += n; }
}
const round2 = (x: number): number => Math.round(x * 100) / 100;

type HistRow = { org_id: number; run_id: number; at: string; score: number; letter: string; basis: string; stale_hosts: number };
const toPoint = (r: HistRow): GradePoint => ({ runId: Number(r.run_id), at: r.at, score: Number(r.score), letter: r.letter, basis: r.basis as GradeBasis, staleHosts: Number(r.stale_hosts) });

/** Every visible organisation (filtered), in id order. */
async function visibleOrganizations(ctx: MonitorCtx, p: Principal, f: { relationship?: Relationship; criticality?: Criticality }): Promise<Organization[]> {
  const out: Organization[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await listOrganizations(ctx, p, { ...f, limit: 1000, ...(after !== undefined ? { after } : {}) });
    out.push(...page.items);
    if (page.next === null) { return out; }
    after = page.next;
  }
}

/** Where the portfolio may take current findings by severity from instead of counting them (finding-counts.ts). */
export interface CountSource { counts(ctx: MonitorCtx, orgIds: readonly number[]): Promise<Map<number, SeverityCounts>> }

/**
 * `cache`: keep the findings by severity per organisation until its next ingest (the server's FindingCountCache).
 * `trendPoints`: each trend thinned to about that many points (downsample.ts: drops and letter changes kept).
 */
export async function portfolio(ctx: MonitorCtx, p: Principal, f: { relationship?: Relationship; criticality?: Criticality; trendPoints?: number } = {}, cache?: CountSource): Promise<PortfolioRow[]> {
  const { trendPoints = DEFAULT_TREND_POINTS, ...filter } = f;
  const orgs = await visibleOrganizations(ctx, p, filter);
  if (orgs.length === 0) { return []; }
  const ids = orgs.map((o) => o.id);
  const since = new Date(ctx.now().getTime() - (TREND_DAYS + 7) * DAY).toISOString();
  const trendFrom = new Date(ctx.now().getTime() - TREND_DAYS * DAY).toISOString();
  const latest = new Map<number, HistRow>();
  const recent = new Map<number, HistRow[]>();
  const counts = new Map<number, SeverityCounts>();
  const earliest = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    // The latest organisation grade of each: the newest row of each (org, 'org', '') history.
    const last = await ctx.db.selectFrom('grade_history as g').select(['g.org_id', 'g.run_id', 'g.at', 'g.score', 'g.letter', 'g.basis', 'g.stale_hosts'])
      .where('g.scope', '=', 'org').where('g.scope_key', '=', '').where('g.org_id', 'in', chunk)
      .where((eb) => eb('g.id', '=', eb.selectFrom('grade_history as h').select('h.id')
        .whereRef('h.org_id', '=', 'g.org_id').where('h.scope', '=', 'org').where('h.scope_key', '=', '').orderBy('h.at', 'desc').orderBy('h.id', 'desc').limit(1)))
      .execute();
    for (const r of last) { latest.set(Number(r.org_id), r); }
    const rows = await ctx.db.selectFrom('grade_history').select(['org_id', 'run_id', 'at', 'score', 'letter', 'basis', 'stale_hosts'])
      .where('scope', '=', 'org').where('scope_key', '=', '').where('org_id', 'in', chunk).where('at', '>=', since).orderBy('org_id').orderBy('at').orderBy('id').execute();
    for (const r of rows) { const k = Number(r.org_id); const l = recent.get(k); if (l) { l.push(r); } else { recent.set(k, [r]); } }
    const first = await ctx.db.selectFrom('grade_history').select(['org_id', (eb) => eb.fn.min<string>('at').as('first')])
      .where('scope', '=', 'org').where('scope_key', '=', '').where('org_id', 'in', chunk).groupBy('org_id').execute();
    for (const r of first) { earliest.set(Number(r.org_id), r.first); }
    if (cache !== undefined) {
      for (const [k, c] of await cache.counts(ctx, chunk)) { counts.set(k, c); }
      continue;
    }
    const sev = await ctx.db.selectFrom('finding_states').select(['org_id', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', 'in', chunk).where('state', 'in', ['open', 'stale']).groupBy(['org_id', 'severity']).execute();
    for (const r of sev) { const k = Number(r.org_id); const c = counts.get(k) ?? zeroCounts(); addCount(c, r.severity, Number(r.n)); counts.set(k, c); }
  }
  const weakest = await weakestOf(ctx, [...latest.values()].map((r) => ({ runId: Number(r.run_id), orgId: Number(r.org_id) })));
  const weekAgo = await weekAgoScores(ctx, latest, recent, earliest, since);
  return orgs.map((organization) => {
    const l = latest.get(organization.id);
    const grade = l === undefined ? null : toPoint(l);
    const before = weekAgo.get(organization.id);
    return {
      organization, grade,
      trend: downsample((recent.get(organization.id) ?? []).filter((r) => r.at >= trendFrom).map((r) => ({ at: r.at, score: Number(r.score), letter: r.letter })), trendPoints),
      weekDelta: grade === null || before === undefined ? null : round2(grade.score - before),
      weakestFactor: l === undefined ? null : weakest.get(Number(l.run_id)) ?? null,
      findings: counts.get(organization.id) ?? zeroCounts(),
    };
  });
}

/** The score of the latest grade at least a week older than each organisation's latest (from the fetched window; a query only for the rare organisation whose latest grade is older than the window). */
async function weekAgoScores(ctx: MonitorCtx, latest: Map<number, HistRow>, recent: Map<number, HistRow[]>, earliest: Map<number, string>, since: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const [orgId, l] of latest) {
    const cutoff = new Date(Date.parse(l.at) - 7 * DAY).toISOString();
    const inWindow = (recent.get(orgId) ?? []).filter((r) => r.at <= cutoff).at(-1);
    if (inWindow !== undefined) { out.set(orgId, Number(inWindow.score)); continue; }
    const first = earliest.get(orgId);
    if (first !== undefined && first < since && first <= cutoff) {
      const r = await ctx.db.selectFrom('grade_history').select('score').where('org_id', '=', orgId).where('scope', '=', 'org').where('scope_key', '=', '')
        .where('at', '<=', cutoff).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (r !== undefined) { out.set(orgId, Number(r.score)); }
    }
  }
  return out;
}
