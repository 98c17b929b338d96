/**
 * @module server/resources/summary-cache — the organisation summary without recounting ~100,000 findings per
 * request: the parts only an ingest changes (grade, a week ago, current findings by severity, hosts) are kept per
 * organisation under a key read from the store on every request (the latest ingested run's id and time), so an
 * ingest by this or any other process invalidates them; the organisation row and the authorisation (which expires
 * with time) are always read fresh.
 */
import * as m from '../../monitor/index.js';

type Ingested = Pick<m.OrganizationSummary, 'grade' | 'weekAgo' | 'findings' | 'hosts' | 'lastRunId'>;
const MAX_ORGS = 1000;

export class SummaryCache {
  private readonly entries = new Map<number, { key: string; value: Ingested }>();

  async summary(ctx: m.MonitorCtx, p: m.Principal, orgId: number): Promise<m.OrganizationSummary> {
    const organization = await m.getOrganization(ctx, p, orgId); // tenancy first
    const last = await ctx.db.selectFrom('runs').select(['id', 'ingested_at']).where('org_id', '=', orgId).where('ingested_at', 'is not', null)
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    const key = last === undefined ? 'none' : `${last.id}@${last.ingested_at ?? ''}`;
    const hit = this.entries.get(orgId);
    if (hit !== undefined && hit.key === key) {
      const authorised = (await m.validAuthorisation(ctx, p, orgId)) !== null;
      return { ...hit.value, organization, authorised };
    }
    const full = await m.organizationSummary(ctx, p, orgId);
    const { grade, weekAgo, findings, hosts, lastRunId } = full;
    this.entries.delete(orgId);
    this.entries.set(orgId, { key, value: { grade, weekAgo, findings, hosts, lastRunId } });
    if (this.entries.size > MAX_ORGS) { const oldest = this.entries.keys().next().value; if (oldest !== undefined) { this.entries.delete(oldest); } }
    return full;
  }
}
