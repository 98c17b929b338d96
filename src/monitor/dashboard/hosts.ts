/**
 * @module monitor/dashboard/hosts — an organisation's current hosts (up, or stale within the grace period) as the
 * dashboard lists them: the host's grade after its last answering run (grade_history), open ports, OS, last seen, and its current
 * findings by severity. Ordered by address; the cursor is the last address of the previous page.
 */
import { sql } from 'kysely';
import type { MonitorCtx } from '../context.js';
import { assertRead, type Principal } from '../principal.js';
import { pageLimit, parseJsonArray } from '../repo/util.js';
import { dash } from './digest.js';
import { ensureHostFacts } from './host-facts.js';
import { addCount, zeroCounts, type SeverityCounts } from './portfolio.js';

export interface HostOsView { readonly family: string; readonly name: string; readonly version?: string; readonly confidence: number }
export interface HostRow {
  readonly address: string; readonly hostname: string | null; readonly score: number | null; readonly letter: string | null;
  readonly openPorts: number; readonly ports: number[]; readonly os: HostOsView | null; readonly lastSeen: string; readonly stale: boolean;
  readonly findings: SeverityCounts;
  /** The stored scan the row describes (the host's last answering scan). */
  readonly scanId: number;
}

export interface HostPage { readonly items: HostRow[]; readonly next: string | null }

export interface HostFilter {
  /** 1–1000, default 100. */
  readonly limit?: number;
  /** The last address of the previous page. */
  readonly after?: string;
  /** Substring of the address or a hostname (case-insensitive). */
  readonly q?: string;
  readonly letter?: string;
  /** An open port. */
  readonly port?: number;
  /** The service name on an open port. */
  readonly service?: string;
  /** OS family: linux, windows, macos, bsd. */
  readonly os?: string;
  /** true: only stale hosts; false: only hosts up in the last run. */
  readonly stale?: boolean;
  /** Exactly this address (host detail). */
  readonly address?: string;
}

const likeEscape = (s: string): string => s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listHosts(ctx: MonitorCtx, p: Principal, orgId: number, f: HostFilter = {}): Promise<HostPage> {
  assertRead(p, orgId);
  const limit = pageLimit(f.limit === undefined ? {} : { limit: f.limit });
  await ensureHostFacts(ctx, orgId);
  let q = dash(ctx).selectFrom('host_states as hs')
    .leftJoin('hosts as h', (j) => j.onRef('h.scan_id', '=', 'hs.last_up_scan_id').onRef('h.address', '=', 'hs.host'))
    .leftJoin('grade_history as gh', (j) => j.onRef('gh.org_id', '=', 'hs.org_id').on('gh.scope', '=', 'host').onRef('gh.scope_key', '=', 'hs.host').onRef('gh.run_id', '=', 'hs.last_up_run_id'))
    .leftJoin('host_facts as hf', (j) => j.onRef('hf.scan_id', '=', 'hs.last_up_scan_id').onRef('hf.address', '=', 'hs.host'))
    .select(['hs.host', 'hs.state', 'hs.last_up_at', 'hs.last_up_scan_id', 'h.score', 'h.letter', 'gh.score as g_score', 'gh.letter as g_letter', 'h.open_ports as h_open', 'hf.hostname', 'hf.os_family', 'hf.os_name', 'hf.os_version', 'hf.os_confidence', 'hf.open_ports', 'hf.ports'])
    .where('hs.org_id', '=', orgId).orderBy('hs.host').limit(limit + 1);
  q = f.stale === undefined ? q.where('hs.state', 'in', ['up', 'stale']) : q.where('hs.state', '=', f.stale ? 'stale' : 'up');
  if (f.after !== undefined) { q = q.where('hs.host', '>', f.after); }
  if (f.address !== undefined) { q = q.where('hs.host', '=', f.address); }
  if (f.letter !== undefined) { const l = f.letter; q = q.where((eb) => eb(eb.fn.coalesce('gh.letter', 'h.letter'), '=', l)); }
  if (f.os !== undefined) { q = q.where('hf.os_family', '=', f.os); }
  if (f.q !== undefined && f.q !== '') {
    const pat = `%${likeEscape(f.q)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(hs.host)`, 'like', sql`${pat} escape '\\'`), eb(sql`lower(hf.hostname)`, 'like', sql`${pat} escape '\\'`)]));
  }
  if (f.port !== undefined || f.service !== undefined) {
    const { port, service } = f;
    q = q.where((eb) => {
      let sub = eb.selectFrom('ports as p').select('p.port').whereRef('p.scan_id', '=', 'hs.last_up_scan_id').whereRef('p.address', '=', 'hs.host').where('p.state', '=', 'open');
      if (port !== undefined) { sub = sub.where('p.port', '=', port); }
      if (service !== undefined) { sub = sub.where('p.service', '=', service); }
      return eb.exists(sub);
    });
  }
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const counts = new Map<string, SeverityCounts>();
  if (page.length > 0) {
    const sev = await ctx.db.selectFrom('finding_states').select(['host', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId).where('host', 'in', page.map((r) => r.host)).where('state', 'in', ['open', 'stale']).groupBy(['host', 'severity']).execute();
    for (const r of sev) { const c = counts.get(r.host) ?? zeroCounts(); addCount(c, r.severity, Number(r.n)); counts.set(r.host, c); }
  }
  const items = page.map((r): HostRow => ({
    address: r.host, hostname: r.hostname ?? null, score: r.g_score !== null ? Number(r.g_score) : r.score === null ? null : Number(r.score), letter: r.g_letter ?? r.letter ?? null,
    openPorts: Number(r.open_ports ?? r.h_open ?? 0), ports: r.ports === null ? [] : parseJsonArray(r.ports).map(Number),
    os: r.os_family === null ? null : { family: r.os_family, name: r.os_name ?? r.os_family, ...(r.os_version !== null ? { version: r.os_version } : {}), confidence: Number(r.os_confidence ?? 0) },
    lastSeen: r.last_up_at, stale: r.state === 'stale', findings: counts.get(r.host) ?? zeroCounts(), scanId: Number(r.last_up_scan_id),
  }));
  return { items, next: rows.length > limit ? page.at(-1)?.host ?? null : null };
}
