/** @module monitor/repo/grades — grade history per organisation, asset group and host, and an organisation summary. */
import type { MonitorCtx } from '../context.js';
import { assertRead, type Principal } from '../principal.js';
import { getOrganization, type Organization } from './organizations.js';
import { currentFindingCounts } from './findings.js';
import { validAuthorisation } from './authorisations.js';
import type { GradeBasis } from './runs.js';

export type GradeScope = 'org' | 'group' | 'host';

export interface GradePoint {
  readonly runId: number; readonly at: string; readonly score: number; readonly letter: string;
  readonly basis: GradeBasis; readonly staleHosts: number;
}

/** Oldest first. `key`: '' for the organisation, a group name, or a host address. */
export async function gradeHistory(ctx: MonitorCtx, p: Principal, orgId: number,
  q: { scope?: GradeScope; key?: string; since?: string; limit?: number } = {}): Promise<GradePoint[]> {
  assertRead(p, orgId);
  let sel = ctx.db.selectFrom('grade_history').select(['run_id', 'at', 'score', 'letter', 'basis', 'stale_hosts'])
    .where('org_id', '=', orgId).where('scope', '=', q.scope ?? 'org').where('scope_key', '=', q.key ?? '')
    .orderBy('at', 'desc').orderBy('id', 'desc').limit(Math.min(q.limit ?? 1000, 10_000));
  if (q.since !== undefined) { sel = sel.where('at', '>=', q.since); }
  const rows = await sel.execute();
  return rows.reverse().map((r) => ({
    runId: Number(r.run_id), at: r.at, score: Number(r.score), letter: r.letter, basis: r.basis as GradeBasis, staleHosts: Number(r.stale_hosts),
  }));
}

export interface OrganizationSummary {
  readonly organization: Organization;
  /** The latest grade (null before the first ingested run) and what it rests on. */
  readonly grade: GradePoint | null;
  /** The grade one week before the latest, for "change since last week". */
  readonly weekAgo: GradePoint | null;
  readonly findings: Record<string, number>;
  readonly hosts: { readonly up: number; readonly stale: number };
  readonly authorised: boolean;
  readonly lastRunId: number | null;
}

export async function organizationSummary(ctx: MonitorCtx, p: Principal, orgId: number): Promise<OrganizationSummary> {
  const organization = await getOrganization(ctx, p, orgId);
  const latest = await gradeHistory(ctx, p, orgId, { limit: 1 });
  const grade = latest[0] ?? null;
  let weekAgo: GradePoint | null = null;
  if (grade !== null) {
    const before = new Date(Date.parse(grade.at) - 7 * 86_400_000).toISOString();
    const row = await ctx.db.selectFrom('grade_history').select(['run_id', 'at', 'score', 'letter', 'basis', 'stale_hosts'])
      .where('org_id', '=', orgId).where('scope', '=', 'org').where('scope_key', '=', '').where('at', '<=', before)
      .orderBy('at', 'desc').limit(1).executeTakeFirst();
    if (row) { weekAgo = { runId: Number(row.run_id), at: row.at, score: Number(row.score), letter: row.letter, basis: row.basis as GradeBasis, staleHosts: Number(row.stale_hosts) }; }
  }
  const hostRows = await ctx.db.selectFrom('host_states').select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId).groupBy('state').execute();
  const hc = Object.fromEntries(hostRows.map((r) => [r.state, Number(r.n)]));
  return {
    organization, grade, weekAgo, findings: await currentFindingCounts(ctx, p, orgId),
    hosts: { up: hc.up ?? 0, stale: hc.stale ?? 0 }, authorised: (await validAuthorisation(ctx, p, orgId)) !== null,
    lastRunId: grade?.runId ?? null,
  };
}
