/**
 * @module local/lockout — before `harden --apply`: would the new rules refuse the next connection of a session that
 * is established right now (the operator's SSH, a database client)? The live inside-out inventory lists each
 * listener's established peers; a peer that no accept rule of the plan admits on that port (loopback always is) is
 * at risk. The rules keep established connections (conntrack), so the session itself survives — until it drops and
 * the operator cannot come back. `--force` applies anyway (issue 16 item 15).
 */
import ipaddr from 'ipaddr.js';
import type { Protocol } from '../core/types.js';
import type { FirewallPlan, PlanRule } from './firewall/plan.js';
import type { Listener } from './types.js';

export interface AtRisk {
  readonly protocol: Protocol;
  readonly port: number;
  readonly peers: readonly string[];
  readonly processes: readonly string[];
}

function parse(addr: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(addr)) { return null; }
  const a = ipaddr.parse(addr);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

function sourceMatches(source: string, peer: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  try {
    if (source.includes('/')) {
      const range = ipaddr.parseCIDR(source);
      return range[0].kind() === peer.kind() && peer.match(range);
    }
    const s = parse(source);
    return s !== null && s.kind() === peer.kind() && s.toNormalizedString() === peer.toNormalizedString();
  } catch (err) {
    // A source the plan cannot parse admits nobody here; the generators reject it when rendering.
    void err;
    return false;
  }
}

/** Whether the plan's accept rules admit a new connection from `peer` to `port`/`protocol`. */
export function admits(plan: FirewallPlan, protocol: Protocol, port: number, peer: string): boolean {
  const p = parse(peer);
  if (p === null) { return false; }
  if (p.range() === 'loopback') { return true; } // the loopback interface is always accepted
  return plan.accepts.some((r: PlanRule) => r.protocol === protocol && r.ports.lo <= port && port <= r.ports.hi
    && (r.from === 'everyone' || r.from.some((s) => sourceMatches(s, p))));
}

/** Listeners with established TCP sessions whose peers the plan would no longer admit. */
export function sessionsAtRisk(plan: FirewallPlan, listeners: readonly Listener[]): AtRisk[] {
  const out: AtRisk[] = [];
  for (const l of listeners) {
    if (l.protocol !== 'tcp' || (l.usage?.established ?? 0) === 0) { continue; }
    const peers = (l.usage?.peers ?? []).filter((peer) => !admits(plan, l.protocol, l.port, peer));
    if (peers.length === 0) { continue; }
    out.push({ protocol: l.protocol, port: l.port, peers, processes: [...new Set(l.processes.map((x) => x.name))] });
  }
  return out.sort((a, b) => a.port - b.port);
}

/** One line naming what would be cut off. */
export function lockoutMessage(risks: readonly AtRisk[]): string {
  const what = risks.slice(0, 5).map((r) => `${r.port}/${r.protocol}${r.processes.length > 0 ? ` (${r.processes.join(',')})` : ''} from ${r.peers.slice(0, 3).join(', ')}`).join('; ');
  return `refusing to apply: the rules would refuse new connections to port(s) with established sessions: ${what}${risks.length > 5 ? '; …' : ''} — allow them in the policy, or apply anyway with --force`;
}
