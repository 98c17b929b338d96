/**
 * @module core/ports — nmap's port syntax, pure: `22,80,1000-2000`, `-` (all), open ranges `-100` and `60000-`,
 * protocol prefixes `T:80,U:53` (a prefix holds until the next one). Bitmaps make `-p-` cheap.
 */
import type { PortSpec, Protocol } from './types.js';
import { UsageError } from '../errors/index.js';

const MAX_PORT = 65535;

function fail(piece: string, expr: string, why: string): never {
  throw new UsageError('GH_ERR_PORT_SYNTAX', `invalid port "${piece}" in "-p ${expr}": ${why}`);
}

function toPort(text: string, expr: string): number {
  if (!/^\d+$/.test(text)) { fail(text, expr, 'not a number'); }
  const n = Number(text);
  if (n < 1 || n > MAX_PORT) { fail(text, expr, 'ports are 1-65535'); }
  return n;
}

/**
 * Parses an nmap `-p` expression into sorted, unique ports per protocol; unprefixed items are TCP.
 * Throws UsageError GH_ERR_PORT_SYNTAX quoting the bad piece.
 */
export function parsePortSpec(expr: string): PortSpec {
  const maps: Record<Protocol, Uint8Array> = { tcp: new Uint8Array(MAX_PORT + 1), udp: new Uint8Array(MAX_PORT + 1) };
  const trimmed = expr.trim();
  if (trimmed === '') { fail(expr, expr, 'empty port list'); }
  let proto: Protocol = 'tcp';
  for (const raw of trimmed.split(',')) {
    let item = raw.trim();
    const prefix = /^([TtUu]):/.exec(item);
    if (prefix) {
      proto = prefix[1]?.toUpperCase() === 'U' ? 'udp' : 'tcp';
      item = item.slice(2).trim();
    }
    if (item === '') { fail(raw, expr, 'empty item'); }
    const bits = maps[proto];
    const dash = item.indexOf('-');
    if (dash !== item.lastIndexOf('-')) { fail(item, expr, 'a range has one "-"'); }
    if (dash < 0) {
      bits[toPort(item, expr)] = 1;
      continue;
    }
    const lo = dash === 0 ? 1 : toPort(item.slice(0, dash).trim(), expr);
    const hiText = item.slice(dash + 1).trim();
    const hi = hiText === '' ? MAX_PORT : toPort(hiText, expr);
    if (lo > hi) { fail(item, expr, 'range runs backwards'); }
    bits.fill(1, lo, hi + 1);
  }
  return { tcp: fromBitmap(maps.tcp), udp: fromBitmap(maps.udp) };
}

/** The set ports, ascending. Runs are found with the native indexOf (a 65,536-step JS loop per protocol cost ~10 ms at start-up). */
function fromBitmap(bits: Uint8Array): number[] {
  const out: number[] = [];
  let lo = bits.indexOf(1, 1);
  while (lo !== -1) {
    let hi = bits.indexOf(0, lo);
    if (hi === -1) { hi = MAX_PORT + 1; }
    for (let p = lo; p < hi; p++) { out.push(p); }
    lo = hi > MAX_PORT ? -1 : bits.indexOf(1, hi);
  }
  return out;
}

/** Sorted ports as compact ranges: [1,2,3,5] → "1-3,5". */
export function compressPorts(ports: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ports.length; i++) {
    const start = ports[i] as number;
    let end = start;
    while (i + 1 < ports.length && ports[i + 1] === end + 1) { end = ports[++i] as number; }
    parts.push(end === start ? String(start) : `${start}-${end}`);
  }
  return parts.join(',');
}

/** Normalised text of a spec: `1-1024,8080` for TCP only, `T:…,U:…` when UDP is present. */
export function formatPortSpec(spec: PortSpec): string {
  if (spec.udp.length === 0) { return compressPorts(spec.tcp); }
  const parts: string[] = [];
  if (spec.tcp.length > 0) { parts.push(`T:${compressPorts(spec.tcp)}`); }
  parts.push(`U:${compressPorts(spec.udp)}`);
  return parts.join(',');
}
