/** @module core/targets/address — one address as a value and back: IPv4 as a number, IPv6 as a bigint, canonical text. */
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

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

export const big = (a: ParsedAddress): bigint => (a.family === 4 ? BigInt(a.value) : a.value);

/** Canonical text of a parsed address. */
export const textOf = (a: ParsedAddress): string => (a.family === 4 ? v4Text(a.value) : v6Text(a.value));
