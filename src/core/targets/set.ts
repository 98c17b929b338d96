/** @module core/targets/set — a union of address specs as merged interval sets (exclusions, scopes, de-duplication). */
import { parseAddress, v4ToNumber } from './address.js';
import { octetIntervalCount, octetIntervals, octetValues, type AddressSpec } from './spec.js';
import { parseAddressSpec } from './parse.js';

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

/** The set of address specs (no hostnames: they belong in targets, not in exclusions or scopes). */
export function addressSetOf(texts: readonly string[]): AddressSet {
  const set = new AddressSet();
  for (const s of texts) { set.add(parseAddressSpec(s)); }
  return set;
}
