/** @module probes/util — small pure helpers the service rules share: bounded text, lines, CPE, binary reads. */
import { escapeText } from '../core/escape.js';

/** Longest string a fact or product/version field may hold. */
export const FACT_MAX = 256;

/** Bytes as latin1 text, at most `max` bytes (so a regex never runs over megabytes). */
export function text(data: Uint8Array, max = 8192): string {
  return Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, max)).toString('latin1');
}

/** The first line (without CR/LF), bounded. */
export function firstLine(data: Uint8Array, max = 1024): string {
  const s = text(data, max);
  const i = s.search(/\r?\n/);
  return i < 0 ? s : s.slice(0, i);
}

/** Text lines (without CR/LF) of the first `max` bytes. */
export function lines(data: Uint8Array, max = 8192): string[] {
  return text(data, max).split(/\r?\n/).filter((l) => l.length > 0);
}

/** A printable, bounded fact value from untrusted text (control bytes escaped). */
export function clean(s: string, max = FACT_MAX): string {
  return escapeText(Buffer.from(s.slice(0, max), 'latin1'), max).trim();
}

/** True once the data ends with a newline. */
export const endsWithNewline = (d: Buffer): boolean => d.length > 0 && d[d.length - 1] === 0x0a;


/** cpe:/a:vendor:product:version, or undefined when the rule has no mapping or the version is unknown. */
export function cpeFor(map: Readonly<Record<string, string>> | undefined, product?: string, version?: string): string | undefined {
  if (map === undefined || product === undefined || version === undefined) { return undefined; }
  const vp = map[product];
  const v = version.split(/\s+/)[0]?.toLowerCase().replace(/[^a-z0-9._+~-]/g, '');
  if (vp === undefined || v === undefined || v === '') { return undefined; }
  return `cpe:/a:${vp}:${v}`;
}

/** Big-endian 16/32-bit reads that return -1 past the end instead of throwing. */
export function u16(d: Uint8Array, off: number): number {
  return off + 2 <= d.length ? ((d[off] as number) << 8) | (d[off + 1] as number) : -1;
}
export function u32(d: Uint8Array, off: number): number {
  return off + 4 <= d.length ? (((d[off] as number) << 24) >>> 0) + (((d[off + 1] as number) << 16) | ((d[off + 2] as number) << 8) | (d[off + 3] as number)) : -1;
}
export function u32le(d: Uint8Array, off: number): number {
  return off + 4 <= d.length ? ((((d[off + 3] as number) << 24) >>> 0) + (((d[off + 2] as number) << 16) | ((d[off + 1] as number) << 8) | (d[off] as number))) : -1;
}

/** A NUL-terminated latin1 string at `off` (bounded), and the offset after its NUL; null if unterminated. */
export function cstring(d: Uint8Array, off: number, max = 256): { s: string; next: number } | null {
  const end = Math.min(d.length, off + max);
  for (let i = off; i < end; i++) {
    if (d[i] === 0) { return { s: Buffer.from(d.subarray(off, i)).toString('latin1'), next: i + 1 }; }
  }
  return null;
}

/** Split "Product/1.2.3 (extra)" style tokens: product, version, rest. */
export function productVersion(s: string): { product: string; version?: string; rest?: string } {
  const m = /^([A-Za-z][\w .+-]*?)[/ _-]v?(\d[\w.+~-]*)\s*(.*)$/.exec(s.trim());
  if (m === null) { return { product: s.trim() }; }
  const rest = m[3]?.trim();
  return { product: m[1] as string, version: m[2], ...(rest ? { rest } : {}) };
}

/** Strip undefined-valued keys so results compare and serialise cleanly. */
export function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  for (const k of Object.keys(o) as Array<keyof T>) { if (o[k] === undefined) { delete o[k]; } }
  return o as { [K in keyof T]: Exclude<T[K], undefined> };
}
