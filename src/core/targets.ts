/**
 * @module core/targets — target expressions, pure and lazy: IPv4/IPv6 addresses, CIDR, full ranges
 * (`127.0.0.1-127.0.0.9`), nmap octet ranges (`127.0.1-3.1-5`, `127.0.0,1.*`), hostnames. Addresses are
 * numbers in bigint space; ranges expand through generators, never into arrays; exclusion, scope and
 * de-duplication use interval sets built from the specs, not sets of addresses.
 */
import ipaddr from 'ipaddr.js';
import type { Target } from './types.js';
import { UsageError } from '../errors/index.js';

export type TargetSpec =
  | { kind: 'ip'; text: string; family: 4 | 6; first: bigint; last: bigint }
  | { kind: 'cidr'; text: string; family: 4 | 6; first: bigint; last: bigint; prefix: number }
  | { kind: 'range'; text: string; family: 4; first: bigint; last: bigint }
  | { kind: 'octets'; text: string; family: 4; octets: number[][] }
  | { kind: 'hostname'; text: string; name: string };

type AddressSpec = Exclude<TargetSpec, { kind: 'hostname' }>;

function syntax(text: string, why: string): never {
  throw new UsageError('GH_ERR_TARGET_SYNTAX', `invalid target "${text}": ${why}`);
}

// ---- address <-> bigint -----------------------------------------------------------------------

export function v4ToBig(a: number, b: number, c: number, d: number): bigint {
  return BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d);
}

export function bigToAddress(v: bigint, family: 4 | 6): string {
  if (family === 4) {
    const n = Number(v);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) { parts.push(Number((v >> BigInt(i * 16)) & 0xffffn)); }
  return new ipaddr.IPv6(parts).toRFC5952String();
}

function v6ToBig(addr: ipaddr.IPv6): bigint {
  let v = 0n;
  for (const p of addr.parts) { v = (v << 16n) | BigInt(p); }
  return v;
}

/** Parses a plain address (no prefix, no range) to [family, value], or null if it is not one. */
export function parseAddress(text: string): [4 | 6, bigint] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m) {
    const o = m.slice(1, 5).map(Number);
    if (o.some((x) => x > 255)) { return null; }
    return [4, v4ToBig(o[0] as number, o[1] as number, o[2] as number, o[3] as number)];
  }
  if (text.includes(':') && ipaddr.IPv6.isValid(text) && !text.includes('%')) {
    return [6, v6ToBig(ipaddr.IPv6.parse(text))];
  }
  return null;
}

/** Canonical text of an address (IPv6 compressed, lower case). */
export function canonicalAddress(text: string): string | null {
  const a = parseAddress(text);
  return a ? bigToAddress(a[1], a[0]) : null;
}

// ---- parsing ----------------------------------------------------------------------------------

function checkIPv4Octets(text: string, body: string): void {
  const parts = body.split('.');
  if (parts.length !== 4) { syntax(text, 'an IPv4 address has 4 octets'); }
  for (const p of parts) {
    for (const n of p.match(/\d+/g) ?? []) {
      if (Number(n) > 255) { syntax(text, `octet ${n} is out of range 0-255`); }
    }
  }
}

function parseOctet(text: string, part: string): number[] {
  if (part === '*') { return Array.from({ length: 256 }, (_, i) => i); }
  const seen = new Uint8Array(256);
  for (const item of part.split(',')) {
    const m = /^(\d{0,3})(?:(-)(\d{0,3}))?$/.exec(item);
    if (!m || item === '' || item === '-') { syntax(text, `bad octet "${part}"`); }
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? 255 : Number(m[3]);
    if (lo > 255 || hi > 255) { syntax(text, `octet ${Math.max(lo, hi)} is out of range 0-255`); }
    if (lo > hi) { syntax(text, `octet range ${item} runs backwards`); }
    seen.fill(1, lo, hi + 1);
  }
  const out: number[] = [];
  for (let i = 0; i < 256; i++) { if (seen[i]) { out.push(i); } }
  return out;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

export function parseTargetSpec(input: string): TargetSpec {
  const text = input.trim();
  if (text === '') { syntax(input, 'empty'); }

  // CIDR.
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const addr = parseAddress(base);
    if (!addr) {
      if (/^[\d.]+$/.test(base)) { checkIPv4Octets(text, base); }
      syntax(text, `"${base}" is not an IP address`);
    }
    const [family, value] = addr;
    const bits = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) { syntax(text, `prefix must be 0-${bits}`); }
    const prefix = Number(prefixText);
    const hostBits = BigInt(bits - prefix);
    const first = (value >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    return { kind: 'cidr', text, family, first, last, prefix };
  }

  // Plain address.
  const addr = parseAddress(text);
  if (addr) { return { kind: 'ip', text, family: addr[0], first: addr[1], last: addr[1] }; }
  if (text.includes(':')) { syntax(text, 'not a valid IPv6 address'); }

  // IPv4-looking: full range, octet range, or a broken address — never a hostname.
  if (/^[\d.,*-]+$/.test(text)) {
    const full = /^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
    if (full) {
      checkIPv4Octets(text, full[1] as string);
      checkIPv4Octets(text, full[2] as string);
      const a = parseAddress(full[1] as string);
      const b = parseAddress(full[2] as string);
      if (!a || !b) { syntax(text, 'not a valid address range'); }
      if (a[1] > b[1]) { syntax(text, 'range runs backwards'); }
      return { kind: 'range', text, family: 4, first: a[1], last: b[1] };
    }
    checkIPv4Octets(text, text);
    const octets = text.split('.').map((p) => parseOctet(text, p));
    return { kind: 'octets', text, family: 4, octets };
  }

  if (HOSTNAME.test(text) && /[a-z]/i.test(text)) {
    return { kind: 'hostname', text, name: text.replace(/\.$/, '').toLowerCase() };
  }
  return syntax(text, 'not an address, CIDR, range or hostname');
}

// ---- counting and expansion ------------------------------------------------------------------

export function specCount(spec: AddressSpec): bigint {
  if (spec.kind === 'octets') { return spec.octets.reduce((n, o) => n * BigInt(o.length), 1n); }
  return spec.last - spec.first + 1n;
}

/** Every address of a spec, lazily, in ascending order. */
export function* specAddresses(spec: AddressSpec): Generator<[4 | 6, bigint]> {
  if (spec.kind === 'octets') {
    const [a, b, c, d] = spec.octets as [number[], number[], number[], number[]];
    for (const x of a) for (const y of b) for (const z of c) for (const w of d) { yield [4, v4ToBig(x, y, z, w)]; }
    return;
  }
  for (let v = spec.first; v <= spec.last; v++) { yield [spec.family, v]; }
}

// ---- sets ------------------------------------------------------------------------------------

/** A union of address specs, for membership (exclusions, de-duplication) and containment (scope). */
export class AddressSet {
  private readonly intervals: { 4: [bigint, bigint][]; 6: [bigint, bigint][] } = { 4: [], 6: [] };
  private readonly products: number[][][] = [];
  private merged = true;

  add(spec: AddressSpec): void {
    if (spec.kind === 'octets') { this.products.push(spec.octets); return; }
    this.intervals[spec.family].push([spec.first, spec.last]);
    this.merged = false;
  }

  get size(): number { return this.intervals[4].length + this.intervals[6].length + this.products.length; }

  private merge(): void {
    if (this.merged) { return; }
    for (const fam of [4, 6] as const) {
      const xs = this.intervals[fam].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
      const out: [bigint, bigint][] = [];
      for (const iv of xs) {
        const top = out[out.length - 1];
        if (top && iv[0] <= top[1] + 1n) { if (iv[1] > top[1]) { top[1] = iv[1]; } } else { out.push([iv[0], iv[1]]); }
      }
      this.intervals[fam] = out;
    }
    this.merged = true;
  }

  hasValue(family: 4 | 6, v: bigint): boolean {
    this.merge();
    const xs = this.intervals[family];
    let lo = 0;
    let hi = xs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const iv = xs[mid] as [bigint, bigint];
      if (v < iv[0]) { hi = mid - 1; } else if (v > iv[1]) { lo = mid + 1; } else { return true; }
    }
    if (family === 4 && this.products.length > 0) {
      const n = Number(v);
      const o = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      return this.products.some((p) => p.every((allowed, i) => allowed.includes(o[i] as number)));
    }
    return false;
  }

  has(address: string): boolean {
    const a = parseAddress(address);
    return a !== null && this.hasValue(a[0], a[1]);
  }

  /** Whether every address of the spec is in the set. */
  containsSpec(spec: AddressSpec): boolean {
    if (spec.kind === 'octets') {
      if (specCount(spec) <= 65536n) {
        for (const [f, v] of specAddresses(spec)) { if (!this.hasValue(f, v)) { return false; } }
        return true;
      }
      // Large octet ranges: require their bounding interval to be covered (conservative: never lets one out).
      const lo = v4ToBig(...(spec.octets.map((o) => o[0] as number) as [number, number, number, number]));
      const hi = v4ToBig(...(spec.octets.map((o) => o[o.length - 1] as number) as [number, number, number, number]));
      return this.coversInterval(4, lo, hi);
    }
    return this.coversInterval(spec.family, spec.first, spec.last);
  }

  private coversInterval(family: 4 | 6, first: bigint, last: bigint): boolean {
    this.merge();
    return this.intervals[family].some(([a, b]) => a <= first && last <= b) ||
      (first === last && this.hasValue(family, first));
  }
}

export function addressSetOf(specs: readonly string[]): AddressSet {
  const set = new AddressSet();
  for (const s of specs) {
    const spec = parseTargetSpec(s);
    if (spec.kind === 'hostname') { syntax(s, 'a hostname cannot be used here; give addresses, ranges or CIDRs'); }
    set.add(spec);
  }
  return set;
}

// ---- planning --------------------------------------------------------------------------------

export interface TargetPlan extends Iterable<Target> {
  /** Addresses named, before exclusions and de-duplication (an upper bound on hosts scanned). */
  readonly countUpperBound: bigint;
  readonly specs: readonly TargetSpec[];
  /** Each hostname and the addresses it resolved to (so the plan can be rebuilt elsewhere without DNS). */
  readonly resolved: readonly [string, string[]][];
}

export interface PlanOptions {
  exclude?: readonly string[];
  scope?: readonly string[];
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * Parses every spec, resolves hostnames and checks the scope — all before anything is scanned — and
 * returns a lazy, de-duplicated, exclusion-filtered iterable of targets.
 */
export async function planTargets(texts: readonly string[], opts: PlanOptions = {}): Promise<TargetPlan> {
  const specs = texts.map(parseTargetSpec);
  const exclude = addressSetOf(opts.exclude ?? []);
  const scope = opts.scope !== undefined ? addressSetOf(opts.scope) : null;
  if (scope && scope.size === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }
  const scopeText = (opts.scope ?? []).join(',');

  // Hostnames: resolve once, up front; remember which names led to each address.
  const names = new Map<string, string[]>();
  const resolved = new Map<TargetSpec, [4 | 6, bigint][]>();
  for (const spec of specs) {
    if (spec.kind !== 'hostname') { continue; }
    const addrs = opts.resolve ? await opts.resolve(spec.name) : [];
    const parsed = addrs.map(parseAddress).filter((a): a is [4 | 6, bigint] => a !== null);
    if (parsed.length === 0) { throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${spec.text}"`); }
    resolved.set(spec, parsed);
    for (const [f, v] of parsed) {
      const key = bigToAddress(v, f);
      const list = names.get(key) ?? [];
      if (!list.includes(spec.name)) { list.push(spec.name); }
      names.set(key, list);
    }
  }

  // Scope: every address of every spec must be inside, or nothing is scanned.
  if (scope) {
    for (const spec of specs) {
      if (spec.kind === 'hostname') {
        for (const [f, v] of resolved.get(spec) ?? []) {
          if (!scope.hasValue(f, v)) {
            throw new UsageError('GH_ERR_OUT_OF_SCOPE', `target "${spec.text}" (${bigToAddress(v, f)}) is outside the scope ${scopeText}`);
          }
        }
      } else if (!scope.containsSpec(spec)) {
        throw new UsageError('GH_ERR_OUT_OF_SCOPE', `target "${spec.text}" is outside the scope ${scopeText}`);
      }
    }
  }

  let count = 0n;
  for (const spec of specs) { count += spec.kind === 'hostname' ? BigInt(resolved.get(spec)?.length ?? 0) : specCount(spec); }

  const plan: TargetPlan = {
    countUpperBound: count,
    specs,
    resolved: [...resolved].map(([spec, addrs]) => [spec.kind === 'hostname' ? spec.name : spec.text, addrs.map(([f, v]) => bigToAddress(v, f))]),
    *[Symbol.iterator](): Generator<Target> {
      const earlier = new AddressSet();
      const seenResolved = new Set<string>();
      for (const spec of specs) {
        const source: Iterable<[4 | 6, bigint]> = spec.kind === 'hostname' ? resolved.get(spec) ?? [] : specAddresses(spec);
        for (const [family, v] of source) {
          if (exclude.hasValue(family, v) || earlier.hasValue(family, v)) { continue; }
          const address = bigToAddress(v, family);
          if (seenResolved.has(address)) { continue; }
          if (spec.kind === 'hostname') { seenResolved.add(address); }
          yield { address, family, hostnames: names.get(address) ?? [] };
        }
        if (spec.kind !== 'hostname') { earlier.add(spec); }
      }
    },
  };

  // A plan that excludes everything is an input error, found without expanding anything.
  const allExcluded = specs.every((spec) => spec.kind === 'hostname'
    ? (resolved.get(spec) ?? []).every(([f, v]) => exclude.hasValue(f, v))
    : exclude.containsSpec(spec));
  if (allExcluded) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'every target is excluded: nothing to scan'); }
  return plan;
}

/** `--scope` value: comma-separated addresses/CIDRs/ranges, or a file of them. */
export async function parseScope(value: string): Promise<string[]> {
  const { readListFile, isFile } = await import('./list-file.js');
  if (await isFile(value)) { return readListFile(value); }
  const items = value.split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }
  addressSetOf(items); // validates
  return items;
}
