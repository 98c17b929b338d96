/**
 * @module monitor/discovery/run — discovery for one organisation: walk the DNS of its domain assets (and the
 * addresses of its hostname assets), read the certificate SANs of its latest stored scan, and record every result
 * in `discovered_assets` with its provenance chain and whether it lies inside the organisation's scope (addresses
 * and ranges: inside a scope entry; names: an organisation domain or below it, or a hostname asset). Nothing is
 * added to the scope or scanned here: every result waits for approval (monitor/repo/discovered.ts), and scans only
 * ever cover scope entries. Needs an explicitly configured resolver (GH_ERR_NO_RESOLVER otherwise).
 */
import type { Kysely } from 'kysely';
import { isGatehouseError } from '../../errors/index.js';
import { KyselyStore } from '../../store/store.js';
import type { Database } from '../../store/schema.js';
import type { MonitorCtx } from '../context.js';
import { assertWrite, type Principal } from '../principal.js';
import { listAssets, type Asset } from '../repo/assets.js';
import { recordDiscovered, type DiscoveredAsset } from '../repo/discovered.js';
import { previousRun } from '../repo/runs.js';
import { outOfScope, scopeOf } from '../repo/scope.js';
import { certificateNames } from './certificates.js';
import { DnsClient, parseResolver, type DnsClientOptions } from './client.js';
import { Deadline, walkDomain, walkName, type Found, type WalkOptions } from './walk.js';

/** Default overall deadline of one organisation's discovery: past it the walks stop and the report says `cutShort`. */
export const DEFAULT_DISCOVERY_DEADLINE_MS = 30_000;

export interface DiscoveryOptions extends Omit<WalkOptions, 'deadline'>, Omit<DnsClientOptions, 'resolver'> {
  /** `ADDR[:PORT]` of the resolver to ask; null/absent: GH_ERR_NO_RESOLVER. */
  readonly resolver: string | null | undefined;
  /** Overall deadline of the DNS walks in ms (default DEFAULT_DISCOVERY_DEADLINE_MS); what was found by then is kept. */
  readonly deadlineMs?: number;
}

export interface DiscoveryReport {
  readonly domains: readonly string[];
  readonly discovered: readonly DiscoveredAsset[];
  readonly notes: readonly string[];
  readonly queries: number;
  /** The overall deadline stopped the walks (a note says so); `discovered` holds what was found before it. */
  readonly cutShort: boolean;
}

async function allAssets(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Asset[]> {
  const out: Asset[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await listAssets(ctx, p, orgId, { limit: 500, ...(after !== undefined ? { after } : {}) });
    out.push(...page.items);
    if (page.next === null) { return out; }
    after = page.next;
  }
}

/** Whether a finding lies inside the organisation: addresses by scope entries, names by the org's domains. */
export function inOrgScope(f: Pick<Found, 'kind' | 'value'>, scope: readonly string[], domains: readonly string[], hostnames: readonly string[]): boolean {
  if (f.kind === 'hostname') {
    return hostnames.includes(f.value) || domains.some((d) => f.value === d || f.value.endsWith(`.${d}`));
  }
  return scope.length > 0 && outOfScope(scope, [f.value]).outside.length === 0;
}

export async function discoverOrganization(ctx: MonitorCtx, p: Principal, orgId: number, opts: DiscoveryOptions): Promise<DiscoveryReport> {
  assertWrite(p, orgId);
  const client = new DnsClient({ ...opts, resolver: parseResolver(opts.resolver) });
  const lookup = client.lookup.bind(client);
  const walkOpts: WalkOptions = { ...opts, deadline: new Deadline(opts.deadlineMs ?? DEFAULT_DISCOVERY_DEADLINE_MS) };
  let cutShort = false;
  const assets = await allAssets(ctx, p, orgId);
  const domains = assets.filter((a) => a.kind === 'domain').map((a) => a.value);
  const hostnames = assets.filter((a) => a.kind === 'hostname').map((a) => a.value);
  const scope = await scopeOf(ctx, p, orgId);
  const notes: string[] = [];
  const found: Array<Found & { source: 'dns' | 'certificate' }> = [];
  for (const d of domains) {
    const r = await walkDomain(lookup, d, walkOpts);
    cutShort ||= r.cutShort;
    found.push(...r.found.map((f) => ({ ...f, source: 'dns' as const })));
    notes.push(...r.notes);
  }
  for (const h of hostnames) {
    const r = await walkName(lookup, h, [h], walkOpts);
    cutShort ||= r.cutShort;
    found.push(...r.found.map((f) => ({ ...f, source: 'dns' as const })));
    notes.push(...r.notes);
  }
  const last = await previousRun(ctx, p, orgId);
  if (last?.scanId != null) {
    const doc = await new KyselyStore(ctx.db as unknown as Kysely<Database>).getScan(last.scanId);
    for (const c of doc === null ? [] : certificateNames(doc)) {
      found.push({ ...c, source: 'certificate' });
      if (c.kind === 'hostname') {
        const r = await walkName(lookup, c.value, c.provenance, walkOpts);
        cutShort ||= r.cutShort;
        found.push(...r.found.map((f) => ({ ...f, source: 'certificate' as const })));
        notes.push(...r.notes);
      }
    }
  }
  const known = new Set(assets.map((a) => `${a.kind === 'domain' ? 'hostname' : a.kind} ${a.value}`));
  const seen = new Set<string>();
  const discovered: DiscoveredAsset[] = [];
  for (const f of found) {
    const key = `${f.kind} ${f.value}`;
    if (seen.has(key) || known.has(key)) { continue; }
    seen.add(key);
    try {
      discovered.push(await recordDiscovered(ctx, p, orgId, { kind: f.kind, value: f.value, source: f.source, provenance: f.provenance, inScope: inOrgScope(f, scope, domains, hostnames) }));
    } catch (err) {
      if (!isGatehouseError(err) || err.code !== 'GH_ERR_INVALID') { throw err; }
      notes.push(`${f.kind} ${f.value} not recorded: ${err.message}`);
    }
  }
  return { domains, discovered, notes: [...new Set(notes)], queries: client.queries, cutShort };
}
