/**
 * @module monitor/dashboard/finding-counts — the portfolio's current findings by severity (open or stale) per
 * organisation without recounting ~100,000 finding states per request: only an ingest writes finding states, so
 * each organisation's counts are kept under its latest ingested run (id and ingest time), read from the store on
 * every call in one grouped query; an organisation whose key moved (an ingest by this or any other process) is
 * recounted, the others are served from memory.
 */
import type { MonitorCtx } from '../context.js';
import { addCount, zeroCounts, type SeverityCounts } from './portfolio.js';

const MAX_ORGS = 10_000;

export class FindingCountCache {
  private readonly entries = new Map<number, { key: string; counts: SeverityCounts }>();
  private recounted = 0;

  /** Counts of the organisations `orgIds` (at most a few hundred: the caller chunks); each with zeros when it has none. */
  async counts(ctx: MonitorCtx, orgIds: readonly number[]): Promise<Map<number, SeverityCounts>> {
    const out = new Map<number, SeverityCounts>();
    if (orgIds.length === 0) { return out; }
    const keys = new Map<number, string>();
    const rows = await ctx.db.selectFrom('runs').select(['org_id', (eb) => eb.fn.max<number>('id').as('last'), (eb) => eb.fn.max<string>('ingested_at').as('at')])
      .where('org_id', 'in', [...orgIds]).where('ingested_at', 'is not', null).groupBy('org_id').execute();
    for (const r of rows) { keys.set(Number(r.org_id), `${r.last}@${r.at}`); }
    const missing: number[] = [];
    for (const id of orgIds) {
      const key = keys.get(id) ?? 'none';
      const hit = this.entries.get(id);
      if (hit !== undefined && hit.key === key) { out.set(id, { ...hit.counts }); } else { missing.push(id); }
    }
    if (missing.length === 0) { return out; }
    this.recounted += missing.length;
    const fresh = new Map<number, SeverityCounts>(missing.map((id) => [id, zeroCounts()]));
    const sev = await ctx.db.selectFrom('finding_states').select(['org_id', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', 'in', missing).where('state', 'in', ['open', 'stale']).groupBy(['org_id', 'severity']).execute();
    for (const r of sev) { const c = fresh.get(Number(r.org_id)); if (c !== undefined) { addCount(c, r.severity, Number(r.n)); } }
    for (const [id, c] of fresh) {
      this.entries.delete(id);
      this.entries.set(id, { key: keys.get(id) ?? 'none', counts: c });
      out.set(id, { ...c });
    }
    while (this.entries.size > MAX_ORGS) { const oldest = this.entries.keys().next().value; if (oldest === undefined) { break; } this.entries.delete(oldest); }
    return out;
  }

  /** Organisations recounted so far (misses), for tests. */
  get misses(): number { return this.recounted; }
}
