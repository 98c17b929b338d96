/**
 * @module local/harden — joins outside-in (a scan's open ports) with inside-out (the local inventory) under the
 * policy: every externally open port with its owner, usage and verdict, ranked by how much closing it is worth
 * (risk first, then idleness); and the firewall plan that keeps what the policy needs and closes the rest.
 */
import type { Finding, HostResult, Protocol } from '../core/types.js';
import { groupsFor, judgePort, type HostIdentity, type PortVerdict } from './evaluate.js';
import type { FirewallPlan, PlanRule } from './firewall/plan.js';
import type { Policy } from './policy.js';
import { portRisk, type PortRisk } from './risk.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';
import type { BindScope, Inventory, Listener, OwnerProcess, Usage } from './types.js';

export interface ExposedPort {
  protocol: Protocol;
  port: number;
  /** Seen open from outside by the scan, or only known from the inventory (listener not on loopback). */
  seenBy: Array<'scan' | 'inventory'>;
  bind?: { address: string; scope: BindScope };
  processes: OwnerProcess[];
  usage?: Usage;
  verdict: PortVerdict;
  risk: PortRisk;
  /** close: the policy does not need it; keep: it does (or a live accepted risk covers it). */
  action: 'close' | 'keep';
  /** Higher = close first: risk rank (knowledge/severity.ts) ×10 + idleness (idle 5, unknown 2, used 0) + 3 if the policy forbids it. */
  closeScore: number;
}

function idleness(u: Usage | undefined): number {
  return u === undefined || u.verdict === 'unknown' ? 2 : u.verdict === 'idle' ? 5 : 0;
}

/** The listener that answers protocol/port for `address` (exact bind first, then the wildcard of its family). */
export function listenerFor(inv: Inventory, protocol: Protocol, port: number, address?: string): Listener | undefined {
  const cands = inv.listeners.filter((l) => l.protocol === protocol && l.port === port && l.scope !== 'loopback');
  const exact = address !== undefined ? cands.find((l) => l.address === address) : undefined;
  if (exact) { return exact; }
  const v6 = address?.includes(':') ?? false;
  return cands.find((l) => l.address === (v6 ? '::' : '0.0.0.0')) ?? cands.find((l) => l.scope === 'all') ?? (address === undefined ? cands[0] : undefined);
}

export interface JoinInput {
  policy: Policy;
  id: HostIdentity;
  day: string;
  host?: HostResult;            // from a scan: the host's open ports
  inventory?: Inventory;        // from `gatehouse local --json` on the same host
}

/** Every port open to other hosts, ranked: ports to close first (highest score), then the ones to keep. */
export function joinExposure(input: JoinInput): ExposedPort[] {
  const out = new Map<string, ExposedPort>();
  const add = (protocol: Protocol, port: number, via: 'scan' | 'inventory', findings: readonly Finding[], l: Listener | undefined): void => {
    const key = `${protocol}/${port}`;
    const have = out.get(key);
    if (have) {
      if (!have.seenBy.includes(via)) { have.seenBy.push(via); }
      return;
    }
    const verdict = judgePort(input.policy, input.id, protocol, port, 'all', input.day);
    const risk = portRisk(protocol, port, findings);
    const action = verdict.status === 'allowed' || verdict.status === 'accepted' ? 'keep' : 'close';
    out.set(key, {
      protocol, port, seenBy: [via], processes: l?.processes ?? [], verdict, risk, action,
      ...(l ? { bind: { address: l.address, scope: l.scope } } : {}),
      ...(l?.usage ? { usage: l.usage } : {}),
      closeScore: SEVERITY_RANK[risk.severity] * 10 + idleness(l?.usage) + (action === 'close' ? 3 : 0),
    });
  };
  for (const p of input.host?.ports ?? []) {
    if (p.state !== 'open') { continue; }
    const l = input.inventory ? listenerFor(input.inventory, p.protocol, p.port, input.host?.address) : undefined;
    add(p.protocol, p.port, 'scan', p.findings ?? [], l);
  }
  for (const l of input.inventory?.listeners ?? []) {
    if (l.scope === 'loopback') { continue; }
    add(l.protocol, l.port, 'inventory', l.findings ?? [], l);
  }
  return [...out.values()].sort((a, b) => (a.action === b.action ? 0 : a.action === 'close' ? -1 : 1)
    || b.closeScore - a.closeScore || a.port - b.port);
}

function ownerText(e: ExposedPort): string {
  const p = e.processes[0];
  if (!p) { return e.seenBy.includes('inventory') ? 'owner not visible' : 'owner unknown (no inventory)'; }
  const more = e.processes.length > 1 ? ` +${e.processes.length - 1} more` : '';
  return `${p.name} (pid ${p.pid}${p.user !== undefined ? `, user ${p.user}` : ''}${p.unit !== undefined ? `, ${p.unit}` : ''})${more}`;
}

export function usageText(u: Usage | undefined): string {
  if (u === undefined) { return 'usage not measured'; }
  const span = u.windowMs > 0 ? ` over ${(u.windowMs / 1000).toFixed(1)} s` : ' now';
  return `${u.verdict}: ${u.connectionsSeen} connection(s) from ${u.distinctPeers} peer(s)${span}`;
}

function explainDrop(e: ExposedPort): string {
  const bind = e.bind ? `, bound to ${e.bind.scope === 'all' ? 'all interfaces' : e.bind.address}` : '';
  return `close ${e.port}/${e.protocol}: ${ownerText(e)}${bind}; ${usageText(e.usage)}; risk ${e.risk.severity} (${e.risk.why}); ${e.verdict.why}`;
}

/** The firewall plan: accept the policy's needs for this host, drop each observed unneeded port, drop the rest. */
export function buildPlan(policy: Policy, id: HostIdentity, hostLabel: string, exposed: readonly ExposedPort[]): FirewallPlan {
  const groups = groupsFor(policy, id);
  const accepts: PlanRule[] = [];
  const loopbackOnly: string[] = [];
  for (const g of groups) {
    for (const r of g.allow) {
      const port = r.ports.lo === r.ports.hi ? `${r.ports.lo}` : `${r.ports.lo}-${r.ports.hi}`;
      if (r.from === 'loopback') { loopbackOnly.push(`${port}/${r.protocol}`); continue; }
      accepts.push({
        action: 'accept', protocol: r.protocol, ports: r.ports, from: r.from,
        explanation: `keep ${port}/${r.protocol}${r.service !== undefined ? ` (${r.service})` : ''}: group ${g.name} allows it from ${r.from === 'everyone' ? 'everyone' : r.from.join(', ')}`,
      });
    }
  }
  for (const e of exposed) {
    if (e.verdict.status === 'accepted' && e.verdict.exception) {
      const x = e.verdict.exception;
      accepts.push({ action: 'accept', protocol: e.protocol, ports: { lo: e.port, hi: e.port }, from: 'everyone',
        explanation: `keep ${e.port}/${e.protocol}: accepted risk, owner ${x.owner}, until ${x.expires} (${x.reason})` });
    }
  }
  const drops: PlanRule[] = exposed.filter((e) => e.action === 'close')
    .map((e) => ({ action: 'drop', protocol: e.protocol, ports: { lo: e.port, hi: e.port }, from: 'everyone', explanation: explainDrop(e) }));
  return { host: hostLabel, groups: groups.map((g) => g.name), accepts, drops, loopbackOnly };
}
