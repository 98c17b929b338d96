/** @module core/targets/spec — the target spec types (address, CIDR, range, octet range, hostname) and their lazy expansion. */
import { v4Text, v4ToNumber, v6Text, type Family } from './address.js';

export type { Family } from './address.js';

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

function* intervalAddresses(family: Family, first: bigint, last: bigint): Generator<string> {
  if (family === 4) {
    for (let n = Number(first), hi = Number(last); n <= hi; n++) { yield v4Text(n); }
    return;
  }
  for (let v = first; v <= last; v++) { yield v6Text(v); }
}

export function interval<K extends 'ip' | 'cidr' | 'range'>(kind: K, text: string, family: Family, first: bigint, last: bigint) {
  return {
    kind, text, family, first, last,
    count: (): bigint => last - first + 1n,
    addresses: (): Generator<string> => intervalAddresses(family, first, last),
  };
}

export function octetSpec(text: string, octets: number[][]): OctetSpec {
  return {
    kind: 'octets', text, family: 4, octets,
    count: (): bigint => octets.reduce((n, o) => n * BigInt(o.length), 1n),
    *addresses(): Generator<string> { for (const n of octetValues(octets)) { yield v4Text(n); } },
  };
}

export function* octetValues(octets: readonly (readonly number[])[]): Generator<number> {
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
export function octetIntervalCount(octets: readonly (readonly number[])[]): number {
  const [a, b, c, d] = octets as [number[], number[], number[], number[]];
  return a.length * b.length * c.length * runs(d).length;
}

export function* octetIntervals(octets: readonly (readonly number[])[]): Generator<[number, number]> {
  const [a, b, c, d] = octets as [number[], number[], number[], number[]];
  const last = runs(d);
  for (const x of a) for (const y of b) for (const z of c) {
    const base = v4ToNumber(x, y, z, 0);
    for (const [lo, hi] of last) { yield [base + lo, base + hi]; }
  }
}
