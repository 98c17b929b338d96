/**
 * @module core/targets — target expressions, pure and lazy: IPv4/IPv6 addresses, CIDR, full ranges
 * (`127.0.0.1-127.0.0.9`), nmap octet ranges (`127.0.1-3.1-5`, `127.0.0,1.*`), hostnames. IPv4 addresses are
 * numbers, IPv6 addresses bigints; ranges expand through generators, never into arrays; exclusion, scope and
 * de-duplication use interval sets built from the specs, not sets of addresses.
 */
import ipaddr from 'ipaddr.js';
import type { Target } from './types.js';
import { UsageError } from '../errors/index.js';
import { quote, quoteList } from './quote.js';

export type Family = 4 | 6;

/** What every address-bearing spec can do: count itself and list its addresses (canonical text) lazily. */
interface Expandable {
  readonly text: string;
  count(): bigint;
  addresses(): Generator<string>;
}

/** `first`/`last` are the bounds as bigints for both families (descriptive); iteration uses numbers for IPv4. */
export interface IpSpec extends Expandable { kind: 'ip'; family: Family; first: bigint; last: bigint }
export interface CidrSpec extends Expandable { kind: 'cidr'; family: Family; first: bigint; last: bigint; prefix: number }
/** A contiguous IPv4 range `a.b.c.d-e.f.g.h`. */
export interface RangeSpec extends Expandable { kind: 'range'; family: 4; first: bigint; last: bigint }
/** An nmap octet range: the product of four sorted, unique octet lists (`127.0.1-3.1,5`, `*`, `1-20`). */
export interface OctetSpec extends Expandable { kind: 'octets'; family: 4; octets: readonly (readonly number[])[] }
export interface HostnameSpec { kind: 'hostname'; text: string; name: string }

export type AddressSpec = IpSpec | CidrSpec | RangeSpec | OctetSpec;
export type TargetSpec = AddressSpec | HostnameSpec;

function syntax(text: string, why: string): never {
  throw new UsageError('GH_ERR_TARGET_SYNTAX', `invalid target "${quote(text)}": ${why}`);
}

// ---- address <-> value --------------------------------------------------------------------------

export function v4ToNumber(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

export function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function v6Text(v: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) { parts.push(Number((v >> BigInt(i * 16)) & 0xffffn)); }
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Canonical text of an address value (IPv6 compressed, lower case). */
export function bigToAddress(v: bigint, family: Family): string {
  return family === 4 ? v4Text(Number(v)) : v6Text(v);
}

export type ParsedAddress = { family: 4; value: number } | { family: 6; value: bigint };

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a plain address (no prefix, no range, no zone), or returns null if it is not one. */
export function parseAddress(text: string): ParsedAddress | null {
  const m = DOTTED_QUAD.exec(text);
  if (m) {
    const [a, b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (a > 255 || b > 255 || c > 255 || d > 255) { return null; }
    return { family: 4, value: v4ToNumber(a, b, c, d) };
  }
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    let v = 0n;
    for (const p of ipaddr.IPv6.parse(text).parts) { v = (v << 16n) | BigInt(p); }
    return { family: 6, value: v };
  }
  return null;
}

/** Canonical text of an address (IPv6 compressed, lower case), or null if the text is not an address. */
export function canonicalAddress(text: string): string | null {
  const a = parseAddress(text);
  if (!a) { return null; }
  return a.family === 4 ? v4Text(a.value) : v6Text(a.value);
}

const big = (a: ParsedAddress): bigint => (a.family === 4 ? BigInt(a.value) : a.value);

// ---- spec constructors ---------------------------------------------------------------------------

function* intervalAddresses(family: Family, first: bigint, last: bigint): Generator<string> {
  if (family === 4) {
    for (let n = Number(first), hi = Number(last); n <= hi; n++) { yield v4Text(n); }
    return;
  }
  for (let v = first; v <= last; v++) { yield v6Text(v); }
}

function interval<K extends 'ip' | 'cidr' | 'range'>(kind: K, text: string, family: Family, first: bigint, last: bigint) {
  return {
    kind, text, family, first, last,
    count: (): bigint => last - first + 1n,
    addresses: (): Generator<string> => intervalAddresses(family, first, last),
  };
}

function octetSpec(text: string, octets: number[][]): OctetSpec {
  return {
    kind: 'octets', text, family: 4, octets,
    count: (): bigint => octets.reduce((n, o) => n * BigInt(o.length), 1n),
    *addresses(): Generator<string> { for (const n of octetValues(octets)) { yield v4Text(n); } },
  };
}

function* octetValues(octets: readonly (readonly number[])[]): Generator<number> {
  const [a, b, c, d] = octets as [number[], number[], number[], number[]];
  for (const x of a) for (const y of b) for (const z of c) for (const w of d) { yield v4ToNumber(x, y, z, w); }
}

/** The maximal runs of a sorted, unique octet list: [1,2,3,7] → [[1,3],[7,7]]. */
function runs(list: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const x of list) {
    const top = out[out.length - 1];
    if (top && x === top[1] + 1) { top[1] = x; } else { out.push([x, x]); }
  }
  return out;
}

/** An octet spec as IPv4 intervals: each prefix combination × each run of the last octet. */
function octetIntervalCount(octets: readonly (readonly number[])[]): number {
  const [a, b, c, d] = octets as [number[], number[], number[], number[]];
  return a.length * b.length * c.length * runs(d).length;
}

function* octetIntervals(octets: readonly (readonly number[])[]): Generator<[number, number]> {
  const [a, b, c, d] = octets as [number[], number[], number[], number[]];
  const last = runs(d);
  for (const x of a) for (const y of b) for (const z of c) {
    const base = v4ToNumber(x, y, z, 0);
    for (const [lo, hi] of last) { yield [base + lo, base + hi]; }
  }
}

// ---- parsing -------------------------------------------------------------------------------------

function checkIPv4Octets(text: string, body: string): void {
  const parts = body.split('.');
  for (const p of parts) {
    for (const n of p.match(/\d+/g) ?? []) {
      if (Number(n) > 255) { syntax(text, `octet ${quote(n)} is out of range 0-255`); }
    }
  }
  if (parts.length !== 4) { syntax(text, `an IPv4 address has 4 octets, not ${parts.length}`); }
}

function parseOctet(text: string, part: string): number[] {
  const seen = new Uint8Array(256);
  if (part === '*') { seen.fill(1); }
  for (const item of part === '*' ? [] : part.split(',')) {
    const m = /^(\d{0,3})(?:(-)(\d{0,3}))?$/.exec(item);
    if (!m || item === '' || item === '-') { syntax(text, `bad octet "${quote(part)}"`); }
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? 255 : Number(m[3]);
    if (lo > hi) { syntax(text, `octet range ${quote(item)} runs backwards`); }
    seen.fill(1, lo, hi + 1);
  }
  const out: number[] = [];
  for (let i = 0; i < 256; i++) { if (seen[i]) { out.push(i); } }
  return out;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkHostname(text: string): string {
  const name = text.replace(/\.$/, '').toLowerCase();
  if (name.length === 0 || name.length > 253) { syntax(text, 'a hostname has 1-253 characters'); }
  const labels = name.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) { syntax(text, bad === '' ? 'empty label in hostname' : `bad hostname label "${quote(bad)}"`); }
  if (/^\d+$/.test(labels[labels.length - 1] as string)) { syntax(text, 'the last label of a hostname cannot be numeric'); }
  return name;
}

/** Parses one target expression; throws UsageError GH_ERR_TARGET_SYNTAX naming the input. */
export function parseTargetSpec(input: string): TargetSpec {
  const text = input.trim();
  if (text === '') { syntax(input, 'empty target'); }

  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const addr = parseAddress(base);
    if (!addr) {
      if (/^[\d.]+$/.test(base)) { checkIPv4Octets(text, base); }
      syntax(text, `"${quote(base)}" is not an IP address`);
    }
    const bits = addr.family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) { syntax(text, `prefix must be 0-${bits}`); }
    const prefix = Number(prefixText);
    const hostBits = BigInt(bits - prefix);
    const first = (big(addr) >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    return { ...interval('cidr', text, addr.family, first, last), prefix };
  }

  const addr = parseAddress(text);
  if (addr) { return interval('ip', text, addr.family, big(addr), big(addr)); }
  if (text.includes(':')) { syntax(text, 'not a valid IPv6 address'); }

  // IPv4-looking: a full range, an octet range, or a broken address — never a hostname.
  if (/^[\d.,*-]+$/.test(text)) {
    const full = /^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
    if (full) {
      checkIPv4Octets(text, full[1] as string);
      checkIPv4Octets(text, full[2] as string);
      const a = parseAddress(full[1] as string);
      const b = parseAddress(full[2] as string);
      if (!a || !b) { syntax(text, 'not a valid address range'); }
      if (big(a) > big(b)) { syntax(text, 'range runs backwards'); }
      return { ...interval('range', text, 4, big(a), big(b)), family: 4 };
    }
    checkIPv4Octets(text, text);
    return octetSpec(text, text.split('.').map((p) => parseOctet(text, p)));
  }
  return { kind: 'hostname', text, name: checkHostname(text) };
}

// ---- sets ----------------------------------------------------------------------------------------

/** Octet specs with more intervals than this are kept as products of octet bitmaps instead. */
const MAX_INTERVALS_PER_SPEC = 65_536;
/** Containment of a large spec is checked address by address up to this many addresses. */
const MAX_ADDRESS_CHECK = 1 << 20;

type Pair<T> = [T, T];

function merged<T extends number | bigint>(xs: Pair<T>[]): Pair<T>[] {
  xs.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  const out: Pair<T>[] = [];
  for (const iv of xs) {
    const top = out[out.length - 1];
    // Adjacent intervals merge too: [1,3] + [4,5] → [1,5].
    if (top && (typeof iv[0] === 'bigint' ? iv[0] <= (top[1] as bigint) + 1n : iv[0] <= (top[1] as number) + 1)) {
      if (iv[1] > top[1]) { top[1] = iv[1]; }
    } else {
      out.push([iv[0], iv[1]]);
    }
  }
  return out;
}

/** Index of the interval containing v, or -1. Intervals are merged and sorted. */
function find<T extends number | bigint>(xs: readonly Pair<T>[], v: T): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const iv = xs[mid] as Pair<T>;
    if (v < iv[0]) { hi = mid - 1; } else if (v > iv[1]) { lo = mid + 1; } else { return mid; }
  }
  return -1;
}

/** A union of address specs: interval sets per family (+ octet-bitmap products for huge octet specs). */
export class AddressSet {
  private v4: Pair<number>[] = [];
  private v6: Pair<bigint>[] = [];
  private readonly products: Uint8Array[][] = [];
  private dirty = false;

  add(spec: AddressSpec): this {
    if (spec.kind === 'octets') {
      if (octetIntervalCount(spec.octets) > MAX_INTERVALS_PER_SPEC) {
        this.products.push(spec.octets.map((list) => { const m = new Uint8Array(256); for (const o of list) { m[o] = 1; } return m; }));
        return this;
      }
      for (const iv of octetIntervals(spec.octets)) { this.v4.push(iv); }
    } else if (spec.family === 4) {
      this.v4.push([Number(spec.first), Number(spec.last)]);
    } else {
      this.v6.push([spec.first, spec.last]);
    }
    this.dirty = true;
    return this;
  }

  /** Number of intervals and products held (0 = the empty set). */
  get size(): number {
    this.merge();
    return this.v4.length + this.v6.length + this.products.length;
  }

  private merge(): void {
    if (!this.dirty) { return; }
    this.v4 = merged(this.v4);
    this.v6 = merged(this.v6);
    this.dirty = false;
  }

  hasV4(n: number): boolean {
    this.merge();
    if (find(this.v4, n) >= 0) { return true; }
    for (const [a, b, c, d] of this.products as [Uint8Array, Uint8Array, Uint8Array, Uint8Array][]) {
      if (a[n >>> 24] && b[(n >>> 16) & 255] && c[(n >>> 8) & 255] && d[n & 255]) { return true; }
    }
    return false;
  }

  hasV6(v: bigint): boolean {
    this.merge();
    return find(this.v6, v) >= 0;
  }

  has(address: string): boolean {
    const a = parseAddress(address);
    if (!a) { return false; }
    return a.family === 4 ? this.hasV4(a.value) : this.hasV6(a.value);
  }

  /** Whether every address of the spec is in the set (used for scope; errs on the side of "no"). */
  containsSpec(spec: AddressSpec): boolean {
    if (spec.kind === 'octets') {
      if (octetIntervalCount(spec.octets) <= MAX_INTERVALS_PER_SPEC) {
        for (const [lo, hi] of octetIntervals(spec.octets)) { if (!this.coversV4(lo, hi)) { return false; } }
        return true;
      }
      if (spec.count() <= BigInt(MAX_ADDRESS_CHECK)) {
        for (const n of octetValues(spec.octets)) { if (!this.hasV4(n)) { return false; } }
        return true;
      }
      // Huge and sparse: require its bounding interval to be covered (never lets an address out).
      const bound = (pick: (o: readonly number[]) => number): number =>
        v4ToNumber(...(spec.octets.map(pick) as [number, number, number, number]));
      return this.coversV4(bound((o) => o[0] as number), bound((o) => o[o.length - 1] as number));
    }
    if (spec.family === 6) {
      this.merge();
      const i = find(this.v6, spec.first);
      return i >= 0 && spec.last <= (this.v6[i] as Pair<bigint>)[1];
    }
    return this.coversV4(Number(spec.first), Number(spec.last));
  }

  private coversV4(lo: number, hi: number): boolean {
    this.merge();
    const i = find(this.v4, lo);
    if (i >= 0 && hi <= (this.v4[i] as Pair<number>)[1]) { return true; }
    if (this.products.length === 0 || hi - lo >= MAX_ADDRESS_CHECK) { return false; }
    for (let n = lo; n <= hi; n++) { if (!this.hasV4(n)) { return false; } }
    return true;
  }
}

/** An address spec of an exclusion or a scope (no hostnames: they belong in targets). */
export function parseAddressSpec(s: string): AddressSpec {
  const spec = parseTargetSpec(s);
  if (spec.kind === 'hostname') { syntax(s, 'a hostname cannot be used here; give addresses, ranges or CIDRs'); }
  return spec;
}

/** The set of address specs (no hostnames: they belong in targets, not in exclusions or scopes). */
export function addressSetOf(texts: readonly string[]): AddressSet {
  const set = new AddressSet();
  for (const s of texts) { set.add(parseAddressSpec(s)); }
  return set;
}

// ---- planning ------------------------------------------------------------------------------------

export interface TargetPlan extends Iterable<Target> {
  /** Addresses named, before exclusions and de-duplication (an upper bound on hosts scanned). */
  readonly countUpperBound: bigint;
  readonly specs: readonly TargetSpec[];
  /** Each hostname and the addresses it resolved to (so the plan can be rebuilt elsewhere without DNS). */
  readonly resolved: readonly [string, string[]][];
  [Symbol.iterator](): Generator<Target>;
}

export interface PlanOptions {
  exclude?: readonly string[];
  scope?: readonly string[];
  /** Hostname → addresses; injected (the CLI passes DNS, tests a fake). Without it a hostname is unresolvable. */
  resolve?: (host: string) => Promise<string[]>;
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const RESOLVE_PARALLEL = 16;

async function resolveAll(specs: readonly TargetSpec[], resolve: PlanOptions['resolve']): Promise<Map<string, ParsedAddress[]>> {
  const names = [...new Set(specs.flatMap((s) => (s.kind === 'hostname' ? [s.name] : [])))];
  const out = new Map<string, ParsedAddress[]>();
  for (let i = 0; i < names.length; i += RESOLVE_PARALLEL) {
    await Promise.all(names.slice(i, i + RESOLVE_PARALLEL).map(async (name) => {
      let addrs: string[] = [];
      try {
        addrs = resolve ? await resolve(name) : [];
      } catch (err) {
        throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${name}"`, { cause: err });
      }
      const parsed = addrs.map(parseAddress).filter((a): a is ParsedAddress => a !== null);
      if (parsed.length === 0) { throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${name}"`); }
      out.set(name, parsed);
    }));
  }
  return out;
}

/** The one out-of-scope error (planning and the dialer guard): the target, the address, the scope — each quoted, capped. */
export function outOfScope(target: string, address: string | null, scope: readonly string[]): UsageError {
  const at = address !== null && address !== target ? ` (${address})` : '';
  return new UsageError('GH_ERR_OUT_OF_SCOPE', `target "${quote(target)}"${at} is outside the scope ${quoteList(scope)}`);
}

const textOf = (a: ParsedAddress): string => (a.family === 4 ? v4Text(a.value) : v6Text(a.value));

/**
 * Parses every spec, resolves hostnames and checks the scope — all before anything is scanned — and returns
 * a lazy, de-duplicated, exclusion-filtered iterable of targets. The first error throws.
 */
export async function planTargets(texts: readonly string[], opts: PlanOptions = {}): Promise<TargetPlan> {
  if (texts.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given'); }
  const specs = texts.map(parseTargetSpec);
  const exclude = addressSetOf(opts.exclude ?? []);
  const scope = opts.scope !== undefined ? addressSetOf(opts.scope) : null;
  if (scope && scope.size === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }

  // Hostnames: resolved once, up front; remember which names led to each address.
  const resolved = await resolveAll(specs, opts.resolve);
  const namesOf = new Map<string, string[]>();
  for (const [name, addrs] of resolved) {
    for (const a of addrs) {
      const key = textOf(a);
      const list = namesOf.get(key) ?? [];
      if (!list.includes(name)) { list.push(name); }
      namesOf.set(key, list);
    }
  }
  const addrsOf = (spec: HostnameSpec): ParsedAddress[] => resolved.get(spec.name) ?? [];

  // Scope: every address of every spec must be inside, or nothing is scanned.
  if (scope) {
    for (const spec of specs) {
      if (spec.kind !== 'hostname') {
        if (!scope.containsSpec(spec)) {
          throw outOfScope(spec.text, null, opts.scope ?? []);
        }
        continue;
      }
      const out = addrsOf(spec).find((a) => !(a.family === 4 ? scope.hasV4(a.value) : scope.hasV6(a.value)));
      if (out) {
        throw outOfScope(spec.text, textOf(out), opts.scope ?? []);
      }
    }
  }

  const excluded = (a: ParsedAddress): boolean => (a.family === 4 ? exclude.hasV4(a.value) : exclude.hasV6(a.value));
  // A plan that excludes everything is an input error, found without expanding anything.
  if (specs.every((s) => (s.kind === 'hostname' ? addrsOf(s).every(excluded) : exclude.containsSpec(s)))) {
    throw new UsageError('GH_ERR_EMPTY_INPUT', 'every target is excluded: nothing to scan');
  }

  let count = 0n;
  for (const spec of specs) { count += spec.kind === 'hostname' ? BigInt(addrsOf(spec).length) : spec.count(); }

  return {
    countUpperBound: count,
    specs,
    resolved: [...resolved].map(([name, addrs]) => [name, addrs.map(textOf)]),
    *[Symbol.iterator](): Generator<Target> {
      const earlier = new AddressSet();     // address specs already yielded
      const fromNames = new Set<string>();   // resolved addresses already yielded (few)
      const target = (address: string, family: Family): Target => ({ address, family, hostnames: namesOf.get(address) ?? NO_NAMES });
      for (const spec of specs) {
        if (spec.kind === 'hostname') {
          for (const a of addrsOf(spec)) {
            const address = textOf(a);
            const seen = a.family === 4 ? earlier.hasV4(a.value) : earlier.hasV6(a.value);
            if (seen || excluded(a) || fromNames.has(address)) { continue; }
            fromNames.add(address);
            yield target(address, a.family);
          }
          continue;
        }
        if (spec.kind === 'octets') {
          for (const n of octetValues(spec.octets)) {
            if (exclude.hasV4(n) || earlier.hasV4(n)) { continue; }
            const address = v4Text(n);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 4);
          }
        } else if (spec.family === 4) {
          for (let n = Number(spec.first), hi = Number(spec.last); n <= hi; n++) {
            if (exclude.hasV4(n) || earlier.hasV4(n)) { continue; }
            const address = v4Text(n);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 4);
          }
        } else {
          for (let v = spec.first; v <= spec.last; v++) {
            if (exclude.hasV6(v) || earlier.hasV6(v)) { continue; }
            const address = v6Text(v);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 6);
          }
        }
        earlier.add(spec);
      }
    },
  };
}

/** `--scope` value: comma-separated addresses/CIDRs/ranges, or the path of a file of them. Validated here. */
export async function parseScope(value: string): Promise<string[]> {
  const { readListFile, isFile } = await import('./list-file.js');
  const items = (await isFile(value))
    ? await readListFile(value, 'scope file', parseAddressSpec)
    : value.split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }
  addressSetOf(items);
  return items;
}
