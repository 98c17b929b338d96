/**
 * @module monitor/discovery/walk — what a domain's DNS says the organisation runs, each finding with its
 * provenance chain (`MX of example.com → mail.example.com → 192.0.2.10`). Walks A/AAAA (following CNAME chains,
 * loop-safe and capped at `maxCnameDepth` hops), MX, NS, SPF (`ip4`/`ip6`/`a`/`mx`/`include`/`redirect`, at most
 * `maxSpfLookups` DNS-querying terms per domain, RFC 7208 § 4.6.4) and common SRV names. Pure apart from the
 * injected `lookup` (the DNS client in production, a table in unit tests); a failing query becomes a note and the
 * walk goes on. An optional overall `deadline` (shared by every walk of one discovery) stops the walk: the query in
 * flight is abandoned, no new one is sent, what was found is kept, and the result says `cutShort` with a note.
 */
import { isIP } from 'node:net';
import { isGatehouseError } from '../../errors/index.js';
import type { DiscoveryType, DnsAnswer } from './message.js';
import { canonicalName } from './message.js';
import { parseSpf, pickSpf } from './spf.js';

export type Lookup = (name: string, type: DiscoveryType) => Promise<readonly DnsAnswer[]>;
export type FoundKind = 'address' | 'cidr' | 'hostname';
export interface Found { readonly kind: FoundKind; readonly value: string; readonly provenance: readonly string[] }
export interface WalkResult {
  readonly found: readonly Found[];
  readonly notes: readonly string[];
  /** The overall deadline stopped this walk before it was done (the findings are what it had). */
  readonly cutShort: boolean;
}

/** One discovery's overall time budget, shared by its walks; `reached` once a walk was stopped by it. */
export class Deadline {
  private readonly at: number;
  private hit = false;
  constructor(readonly ms: number, now: number = Date.now()) { this.at = now + ms; }
  get reached(): boolean { return this.hit; }
  get note(): string { return `discovery stopped at its ${this.ms} ms deadline: the rest of the walk was not done (what was found before is kept)`; }

  /** `start()`'s value, or `undefined` (and `reached`) when the deadline passes first: then the query is abandoned
   * (its socket closes on its own timeout) or, past the deadline already, never started. */
  async race<T>(start: () => Promise<T>): Promise<T | undefined> {
    const left = this.at - Date.now();
    if (left <= 0) { this.hit = true; return undefined; }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => { timer = setTimeout(() => { this.hit = true; resolve(undefined); }, left); });
    try { return await Promise.race([start(), expired]); } finally { clearTimeout(timer); }
  }
}

export const COMMON_SRV = [
  '_sip._tcp', '_sip._udp', '_sips._tcp', '_xmpp-server._tcp', '_xmpp-client._tcp', '_ldap._tcp', '_kerberos._tcp',
  '_imaps._tcp', '_imap._tcp', '_pop3s._tcp', '_submission._tcp', '_submissions._tcp', '_autodiscover._tcp',
  '_caldavs._tcp', '_carddavs._tcp', '_matrix._tcp', '_minecraft._tcp',
] as const;

export interface WalkOptions {
  readonly maxCnameDepth?: number;   // default 8
  readonly maxSpfLookups?: number;   // default 10 (RFC 7208)
  readonly srvNames?: readonly string[];
  /** Stop recording after this many findings (default 2000). */
  readonly maxFound?: number;
  /** The overall deadline of the discovery this walk belongs to (none: the walk runs to its end). */
  readonly deadline?: Deadline;
}

/** One walk's state: findings keyed by kind and value (the first provenance wins), notes, caps. */
export class Walk {
  private readonly found = new Map<string, Found>();
  readonly notes: string[] = [];
  readonly maxCnameDepth: number;
  readonly maxSpfLookups: number;
  readonly maxFound: number;
  private readonly deadline: Deadline | undefined;
  private cut = false;
  constructor(private readonly lookupFn: Lookup, opts: WalkOptions = {}) {
    this.maxCnameDepth = opts.maxCnameDepth ?? 8;
    this.maxSpfLookups = opts.maxSpfLookups ?? 10;
    this.maxFound = opts.maxFound ?? 2000;
    this.deadline = opts.deadline;
  }

  result(): WalkResult { return { found: [...this.found.values()], notes: [...this.notes], cutShort: this.cut }; }

  emit(kind: FoundKind, value: string, provenance: readonly string[]): void {
    const key = `${kind} ${value}`;
    if (this.found.has(key)) { return; }
    if (this.found.size >= this.maxFound) { this.note(`more than ${this.maxFound} findings: the rest are not recorded`); return; }
    this.found.set(key, { kind, value, provenance: [...provenance] });
  }

  note(text: string): void { if (!this.notes.includes(text)) { this.notes.push(text); } }

  /** A failed query is a note and no records; so is one the deadline stopped (or that would start after it). */
  async lookup(name: string, type: DiscoveryType): Promise<readonly DnsAnswer[]> {
    try {
      if (this.deadline === undefined) { return await this.lookupFn(name, type); }
      if (this.deadline.reached) { return this.stopped(); }
      return (await this.deadline.race(() => this.lookupFn(name, type))) ?? this.stopped();
    } catch (err) {
      if (!isGatehouseError(err)) { throw err; }
      this.note(`${type} ${name}: ${err.message}`);
      return [];
    }
  }

  private stopped(): readonly DnsAnswer[] {
    this.cut = true;
    if (this.deadline !== undefined) { this.note(this.deadline.note); }
    return [];
  }
}

/** The addresses behind `name` (A and AAAA), following CNAMEs; every hop and address recorded with `chain`. */
export async function walkAddresses(w: Walk, name: string, chain: readonly string[], seen: Set<string> = new Set([canonicalName(name)])): Promise<void> {
  for (const type of ['A', 'AAAA'] as const) {
    let cur = canonicalName(name);
    let c = [...chain];
    const local = new Set(seen);
    const answers = await w.lookup(cur, type);
    let requery = false;
    for (;;) {
      const cname = answers.find((a) => a.type === 'CNAME' && a.name === cur);
      if (cname === undefined) { break; }
      if (local.has(cname.data)) { w.note(`CNAME loop at ${cur} → ${cname.data}: not followed`); cur = ''; break; }
      if (local.size > w.maxCnameDepth) { w.note(`CNAME chain from ${chain[0] ?? name} longer than ${w.maxCnameDepth} hops: not followed further`); cur = ''; break; }
      local.add(cname.data);
      c = [...c, `CNAME of ${cur}`, cname.data];
      w.emit('hostname', cname.data, c);
      cur = cname.data;
      requery = true;
    }
    if (cur === '') { continue; }
    const addrs = answers.filter((a) => a.type === type && a.name === cur && isIP(a.data) !== 0);
    if (addrs.length === 0 && requery) { await walkAddresses(w, cur, c, local); continue; } // chain left the zone: ask for its end
    for (const a of addrs) { w.emit('address', a.data, [...c, a.data]); }
  }
}

/** A name that points at hosts (MX, NS, SRV targets): each host, then its addresses. */
async function walkHosts(w: Walk, owner: string, type: 'MX' | 'NS' | 'SRV', chain: readonly string[]): Promise<void> {
  for (const a of await w.lookup(owner, type)) {
    if (a.type !== type || a.name !== canonicalName(owner) || a.data === '' || a.data === '.') { continue; }
    const c = [...chain, `${type} of ${owner}`, a.data];
    w.emit('hostname', a.data, c);
    await walkAddresses(w, a.data, c);
  }
}

/** The SPF policy of `domain` with its includes and redirect, within the lookup budget shared by the whole tree. */
export async function walkSpf(w: Walk, domain: string, chain: readonly string[], budget = { left: w.maxSpfLookups }, depth = 0): Promise<void> {
  const texts = (await w.lookup(domain, 'TXT')).filter((a) => a.type === 'TXT' && a.name === canonicalName(domain)).map((a) => a.data);
  const record = pickSpf(texts);
  if (record === null) { if (depth > 0) { w.note(`SPF of ${domain}: no single v=spf1 record`); } return; }
  const c = [...chain, `SPF of ${domain}`];
  const spend = (term: string): boolean => {
    if (budget.left <= 0) { w.note(`SPF of ${chain.length > 0 ? chain[0] : domain}: the ${w.maxSpfLookups}-lookup limit (RFC 7208) reached at ${term}; the rest is not followed`); return false; }
    budget.left -= 1;
    return true;
  };
  const policy = parseSpf(record);
  for (const t of policy.terms) {
    if (t.kind === 'ip4' || t.kind === 'ip6') { emitRange(w, t.value, c); continue; }
    if (t.kind === 'lookup-only') { spend(t.mechanism); continue; }
    if (t.kind === 'include') { if (spend(`include:${t.domain}`)) { await walkSpf(w, t.domain, [...c, `include:${t.domain}`], budget, depth + 1); } continue; }
    if (t.kind === 'redirect') { if (spend(`redirect=${t.domain}`)) { await walkSpf(w, t.domain, [...c, `redirect=${t.domain}`], budget, depth + 1); } continue; }
    if (t.kind !== 'a' && t.kind !== 'mx') { continue; }
    const target = t.domain ?? canonicalName(domain);
    if (!spend(`${t.kind}:${target}`)) { continue; }
    if (t.kind === 'a') { w.emit('hostname', target, [...c, `a:${target}`]); await walkAddresses(w, target, [...c, `a:${target}`]); continue; }
    await walkHosts(w, target, 'MX', [...c]);
  }
}

/** An `ip4:`/`ip6:` value: a single address (no or full-length prefix) or a range, canonical. */
function emitRange(w: Walk, value: string, chain: readonly string[]): void {
  const [addr = '', prefix] = value.split('/');
  const v = isIP(addr);
  const bits = prefix === undefined ? (v === 6 ? 128 : 32) : Number(prefix);
  if (v === 0 || !Number.isInteger(bits) || bits < 0 || bits > (v === 6 ? 128 : 32)) { w.note(`SPF term ${value} is not an address or range: ignored`); return; }
  const full = bits === (v === 6 ? 128 : 32);
  w.emit(full ? 'address' : 'cidr', full ? addr : `${addr}/${bits}`, [...chain, full ? addr : `${addr}/${bits}`]);
}

/** Everything `domain`'s DNS names: its addresses, MX, NS, SPF and common SRV names. */
export async function walkDomain(lookup: Lookup, domain: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const w = new Walk(lookup, opts);
  const d = canonicalName(domain);
  await walkAddresses(w, d, [d]);
  await walkHosts(w, d, 'MX', []);
  await walkHosts(w, d, 'NS', []);
  await walkSpf(w, d, []);
  for (const s of opts.srvNames ?? COMMON_SRV) { await walkHosts(w, `${s}.${d}`, 'SRV', []); }
  return w.result();
}

/** A host name's addresses (a hostname asset or a certificate SAN), the chain starting at `origin`. */
export async function walkName(lookup: Lookup, name: string, origin: readonly string[], opts: WalkOptions = {}): Promise<WalkResult> {
  const w = new Walk(lookup, opts);
  await walkAddresses(w, name, origin.length > 0 ? origin : [canonicalName(name)]);
  return w.result();
}
