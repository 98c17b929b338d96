/**
 * @module local/self-scan — when a scan target is the scanning machine itself (a loopback address, or an address of
 * one of its interfaces), each open port is joined with the inside-out inventory (/proc/net + processes): which
 * program holds it and how widely it is bound. A port bound to loopback only is reachable from this machine alone;
 * the score weighs its findings less and never lets them cap the grade (docs/scoring.md § 2a).
 */
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { HostResult, PortLocal, PortResult } from '../core/types.js';
import type { BindScope, Listener } from './types.js';
import { linuxInventory } from './linux.js';

/** Canonical text of an address (IPv4-mapped IPv6 as IPv4), or null if it is not one. */
function canonical(a: string): string | null {
  if (!ipaddr.isValid(a)) { return null; }
  const p = ipaddr.parse(a);
  if (p.kind() === 'ipv6' && (p as ipaddr.IPv6).isIPv4MappedAddress()) { return (p as ipaddr.IPv6).toIPv4Address().toString(); }
  return p.kind() === 'ipv6' ? (p as ipaddr.IPv6).toNormalizedString() : p.toString();
}

export function isLoopback(a: string): boolean {
  const c = canonical(a);
  return c !== null && ipaddr.parse(c).range() === 'loopback';
}

/** The addresses of this machine's interfaces (in the scanner's network namespace), canonical. */
export function ownAddresses(ifaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(ifaces)) {
    for (const i of list ?? []) { const c = canonical(i.address.replace(/%.*$/, '')); if (c !== null) { out.add(c); } }
  }
  return out;
}

/** Whether `address` is the scanning machine itself: loopback, or one of its interface addresses. */
export function isSelf(address: string, own: ReadonlySet<string>): boolean {
  const c = canonical(address);
  return c !== null && (isLoopback(c) || own.has(c));
}

/** Whether a socket bound to `bound` accepts connections to `target` (wildcards accept every address of their family; `::` is taken as dual-stack). */
export function accepts(bound: string, target: string): boolean {
  const t = canonical(target);
  if (t === null) { return false; }
  const v4 = !t.includes(':');
  if (bound === '0.0.0.0') { return v4; }
  if (bound === '::') { return true; }
  return canonical(bound) === t;
}

const WIDTH: Record<BindScope, number> = { all: 2, address: 1, loopback: 0 };

/** The listener(s) behind one scanned port of this machine, as a `PortLocal`; undefined when none is visible. */
export function portLocal(target: string, port: PortResult, listeners: readonly Listener[]): PortLocal | undefined {
  const hits = listeners.filter((l) => l.protocol === port.protocol && l.port === port.port && accepts(l.address, target));
  if (hits.length === 0) { return undefined; }
  const bindScope = hits.map((l) => l.scope).reduce((a, b) => (WIDTH[b] > WIDTH[a] ? b : a));
  const seen = new Set<number>();
  const processes: PortLocal['processes'] = [];
  for (const l of hits) {
    for (const p of l.processes) {
      if (seen.has(p.pid)) { continue; }
      seen.add(p.pid);
      const x: PortLocal['processes'][number] = { pid: p.pid, name: p.name };
      if (p.user !== undefined) { x.user = p.user; }
      if (p.unit !== undefined) { x.unit = p.unit; }
      if (p.container !== undefined) { x.container = p.container; }
      processes.push(x);
    }
  }
  return { bindScope, reach: bindScope === 'loopback' ? 'local' : 'network', bound: [...new Set(hits.map((l) => l.address))].sort(), processes };
}

/**
 * Joins a host of this machine with the inventory: every open port gets `local`; a port no visible listener
 * explains (forwarded by a firewall rule, another namespace) is left without it and counts as reachable.
 */
export function joinSelf(h: HostResult, listeners: readonly Listener[], warnings: readonly string[] = []): void {
  for (const p of h.ports) {
    if (p.state !== 'open') { continue; }
    const l = portLocal(h.address, p, listeners);
    if (l !== undefined) { p.local = l; }
  }
  h.self = { inventory: 'linux-proc', listeners: listeners.length, ...(warnings.length > 0 ? { warnings: [...warnings] } : {}) };
}

/**
 * What `gatehouse scan` applies to each finished host: for a host of this machine (Linux only), the inventory is
 * read once (on the first such host, after its ports were found) and joined. Returns null off Linux.
 */
export async function selfScanJoiner(platform: NodeJS.Platform = process.platform): Promise<((h: HostResult) => void) | null> {
  if (platform !== 'linux') { return null; }
  const own = ownAddresses();
  let inv: { listeners: Listener[]; warnings: string[] } | undefined;
  return (h: HostResult): void => {
    if (h.state !== 'up' || !isSelf(h.address, own) || !h.ports.some((p) => p.state === 'open')) { return; }
    inv ??= readInventory();
    joinSelf(h, inv.listeners, inv.warnings);
  };
}

/** One synchronous /proc read (src/local/linux.ts): listeners with their owners. */
function readInventory(): { listeners: Listener[]; warnings: string[] } {
  const { inventory } = linuxInventory();
  return { listeners: inventory.listeners, warnings: inventory.warnings };
}
