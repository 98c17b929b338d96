/**
 * @module local/firewall/plan — what a host's inbound firewall should do, independent of the firewall product:
 * accept what the policy needs (and live accepted risks), drop each observed port it does not need (one rule each,
 * so every closure carries its reason), and drop everything else by default. Generators (nftables, iptables, ufw,
 * firewalld, Windows, AWS) render this plan; none of them decides anything.
 */
import type { Protocol } from '../../core/types.js';
import type { PortRange } from '../policy.js';

export interface PlanRule {
  action: 'accept' | 'drop';
  protocol: Protocol;
  ports: PortRange;
  /** 'everyone', or source CIDRs/addresses (split into IPv4/IPv6 by the generators). */
  from: 'everyone' | string[];
  explanation: string;
}

export interface FirewallPlan {
  /** The host the rules are for (address or name), for comments and names. */
  host: string;
  groups: string[];
  accepts: PlanRule[];
  drops: PlanRule[];
  /** Loopback-only needs: kept by the loopback accept, listed for the explanation. */
  loopbackOnly: string[];
}

/** A rendered rule: the text a user would run (or the JSON object), and why it is there. */
export interface RenderedRule {
  rule: string;
  explanation: string;
}

export interface RenderedFirewall {
  format: FirewallFormat;
  /** The whole file: runnable script (nft -f, sh, PowerShell) or JSON. */
  script: string;
  rules: RenderedRule[];
}

export const FIREWALL_FORMATS = ['nftables', 'iptables', 'ufw', 'firewalld', 'windows', 'aws'] as const;
export type FirewallFormat = typeof FIREWALL_FORMATS[number];

export function portText(r: PortRange, sep = '-'): string {
  return r.lo === r.hi ? String(r.lo) : `${r.lo}${sep}${r.hi}`;
}

export function isV6(source: string): boolean {
  return source.includes(':');
}

/** Sources split by family; `everyone` gives both families with no source match. */
export function sourcesByFamily(from: PlanRule['from']): { v4: string[] | 'any' | null; v6: string[] | 'any' | null } {
  if (from === 'everyone') { return { v4: 'any', v6: 'any' }; }
  const v4 = from.filter((s) => !isV6(s));
  const v6 = from.filter(isV6);
  return { v4: v4.length > 0 ? v4 : null, v6: v6.length > 0 ? v6 : null };
}

/** The header comment every generator prints: what the file is and that nothing was applied. */
export function headerLines(plan: FirewallPlan, tool: string): string[] {
  return [
    `gatehouse harden — ${tool} rules for ${plan.host}${plan.groups.length > 0 ? ` (policy groups: ${plan.groups.join(', ')})` : ' (no policy group matched: only loopback stays open)'}`,
    'Inbound only: keeps replies to this host\'s own connections, loopback, ICMP, and what the policy needs; drops the rest.',
  ];
}
