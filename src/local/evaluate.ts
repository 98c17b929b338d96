/**
 * @module local/evaluate — applies a policy to what is open: a listener from the local inventory or an open port
 * from a scan. Result per port: allowed (an allow rule covers it), accepted (a live accepted risk covers it),
 * expired (only an expired accepted risk covers it → `policy-expired-exception`), or unexpected
 * (`policy-unexpected-port`). A loopback-only listener is not exposed, so it violates nothing; an allow rule with
 * `from: loopback` does not allow the port on other interfaces.
 */
import ipaddr from 'ipaddr.js';
import type { Finding, HostResult, Protocol } from '../core/types.js';
import type { AcceptedRisk, AllowRule, HostGroup, Policy } from './policy.js';
import type { BindScope, Inventory, Listener } from './types.js';

/** What a host is known as: its addresses and names (the policy's `hosts` match either). */
export interface HostIdentity {
  addresses: string[];
  names: string[];
}

export type VerdictStatus = 'allowed' | 'accepted' | 'expired' | 'unexpected' | 'local-only';

export interface PortVerdict {
  status: VerdictStatus;
  rule?: AllowRule;
  exception?: AcceptedRisk;
  groups: string[];
  why: string;
}

function parseAddr(a: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try { return ipaddr.process(a); } catch { return null; }
}

/** Whether a `hosts`/`from` entry (address, CIDR, hostname, `*`) matches the identity. */
export function hostMatches(pattern: string, id: HostIdentity): boolean {
  if (pattern === '*') { return true; }
  if (pattern.includes('/') && ipaddr.isValidCIDR(pattern)) {
    const [net, bits] = ipaddr.parseCIDR(pattern);
    return id.addresses.some((a) => {
      const p = parseAddr(a);
      return p !== null && p.kind() === net.kind() && p.match([net, bits] as never);
    });
  }
  if (ipaddr.isValid(pattern)) {
    const want = parseAddr(pattern)?.toString();
    return id.addresses.some((a) => parseAddr(a)?.toString() === want);
  }
  const lower = pattern.toLowerCase();
  if (lower.startsWith('*.')) { return id.names.some((n) => n.toLowerCase().endsWith(lower.slice(1))); }
  return id.names.some((n) => n.toLowerCase() === lower);
}

export function groupsFor(policy: Policy, id: HostIdentity): HostGroup[] {
  return policy.groups.filter((g) => g.hosts.some((h) => hostMatches(h, id)));
}

function covers(r: { ports: { lo: number; hi: number }; protocol: Protocol }, protocol: Protocol, port: number): boolean {
  return r.protocol === protocol && port >= r.ports.lo && port <= r.ports.hi;
}

function audienceText(from: AllowRule['from']): string {
  return from === 'everyone' ? 'everyone' : from === 'loopback' ? 'loopback only' : from.join(', ');
}

/** Today as YYYY-MM-DD (UTC); an accepted risk is valid through its `expires` day. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The verdict for one open port on a host. `scope` is how the port is reachable: 'all'/'address' (exposed, as any
 * port a scan found open) or 'loopback'.
 */
export function judgePort(policy: Policy, id: HostIdentity, protocol: Protocol, port: number, scope: BindScope, day: string): PortVerdict {
  const groups = groupsFor(policy, id);
  const names = groups.map((g) => g.name);
  const rules = groups.flatMap((g) => g.allow).filter((r) => covers(r, protocol, port));
  const exposedRule = rules.find((r) => r.from !== 'loopback');
  if (scope === 'loopback') {
    const rule = rules[0];
    return { status: 'local-only', groups: names, ...(rule ? { rule } : {}), why: 'bound to loopback only: not reachable from other hosts' };
  }
  if (exposedRule) {
    return { status: 'allowed', rule: exposedRule, groups: names, why: `group ${exposedRule.group} allows ${port}/${protocol} from ${audienceText(exposedRule.from)}` };
  }
  const exceptions = policy.exceptions.filter((e) => covers(e, protocol, port)
    && (e.group === undefined || names.includes(e.group))
    && (e.host === undefined || hostMatches(e.host, id)));
  const live = exceptions.find((e) => e.expires >= day);
  if (live) { return { status: 'accepted', exception: live, groups: names, why: `accepted risk (owner ${live.owner}) until ${live.expires}: ${live.reason}` }; }
  const expired = exceptions[0];
  if (expired) { return { status: 'expired', exception: expired, groups: names, why: `accepted risk (owner ${expired.owner}) expired on ${expired.expires}: ${expired.reason}` }; }
  const loopbackOnly = rules[0];
  const why = loopbackOnly
    ? `group ${loopbackOnly.group} allows ${port}/${protocol} on loopback only, but it is reachable from other hosts`
    : groups.length === 0 ? 'no policy group matches this host' : `no allow rule of ${names.join(', ')} covers ${port}/${protocol}`;
  return { status: 'unexpected', groups: names, ...(loopbackOnly ? { rule: loopbackOnly } : {}), why };
}

/** The finding for a violating verdict (null when the port is fine). */
export function verdictFinding(v: PortVerdict, protocol: Protocol, port: number, what: string): Finding | null {
  if (v.status === 'unexpected') {
    return {
      id: 'policy-unexpected-port', severity: 'medium',
      title: `${port}/${protocol} is open but the policy does not allow it`,
      evidence: `${what}: ${v.why}`,
      remediation: 'Close the port (gatehouse harden prints the firewall rule), or add it to the host group\'s allow list, or record an accepted risk with an owner and an expiry date.',
      references: ['docs/local.md#policy-file'],
      details: { groups: v.groups, port, protocol },
    };
  }
  if (v.status === 'expired' && v.exception) {
    const e = v.exception;
    return {
      id: 'policy-expired-exception', severity: 'medium',
      title: `the accepted risk for ${port}/${protocol} expired on ${e.expires}`,
      evidence: `${what}: ${v.why}`,
      remediation: `Close the port, or have ${e.owner} renew the accepted risk with a new expiry date.`,
      references: ['docs/local.md#accepted-risks'],
      details: { owner: e.owner, expires: e.expires, reason: e.reason, port, protocol },
    };
  }
  return null;
}

/** Adds policy findings to a scanned host's open ports (in place); the host's address and names identify it. */
export function applyPolicyToHost(policy: Policy, host: HostResult, day: string = today()): void {
  const id: HostIdentity = { addresses: [host.address], names: host.hostnames };
  for (const p of host.ports) {
    if (p.state !== 'open') { continue; }
    const f = verdictFinding(judgePort(policy, id, p.protocol, p.port, 'all', day), p.protocol, p.port, `seen open from the scanner on ${host.address}`);
    if (f) { (p.findings ??= []).push(f); }
  }
}

/** Programs that normally listen on loopback only; on all interfaces they are usually a mistake. */
export const LOOPBACK_PROGRAMS: readonly string[] = [
  'redis-server', 'memcached', 'mongod', 'elasticsearch', 'opensearch', 'postgres', 'postmaster', 'mysqld', 'mariadbd',
  'etcd', 'consul', 'couchdb', 'beam.smp', 'rabbitmq-server', 'influxd', 'clickhouse-server', 'jupyter-notebook',
  'jupyter-lab', 'rpcbind', 'cupsd', 'epmd', 'zookeeper', 'kibana', 'grafana-server', 'prometheus', 'node_exporter',
];

function programOf(l: Listener): string[] {
  return l.processes.flatMap((p) => [p.name, (p.cmdline ?? '').split(' ')[0]?.split('/').pop() ?? '']);
}

export function isLoopbackProgram(l: Listener): boolean {
  const progs = programOf(l);
  // Java daemons (elasticsearch, kafka…) run as "java": look for the product in the command line.
  const cmd = l.processes.map((p) => p.cmdline ?? '').join(' ').toLowerCase();
  return progs.some((n) => LOOPBACK_PROGRAMS.includes(n)) || (progs.includes('java') && /\b(elasticsearch|opensearch|zookeeper)\b/.test(cmd));
}

/** Flags and findings on every listener of an inventory (in place). Without a policy only the loopback-program flag. */
export function evaluateInventory(inv: Inventory, policy: Policy | null, id: HostIdentity, day: string = today()): void {
  for (const l of inv.listeners) {
    const flags = new Set(l.flags ?? []);
    if (l.scope === 'all' && isLoopbackProgram(l)) { flags.add('loopback-program-exposed'); }
    if (policy) {
      const v = judgePort(policy, id, l.protocol, l.port, l.scope, day);
      if (v.status === 'unexpected' || (v.status === 'local-only' && v.rule === undefined) || v.status === 'expired') { flags.add('unknown-listener'); }
      const owner = l.processes[0]?.name ?? 'an unknown process';
      const f = verdictFinding(v, l.protocol, l.port, `${owner} listens on ${l.address}:${l.port}`);
      if (f) { (l.findings ??= []).push(f); }
      const rule = v.rule;
      if (rule?.process !== undefined && l.processes.length > 0 && !programOf(l).includes(rule.process)) {
        flags.add('unknown-listener');
      }
    }
    if (flags.size > 0) { l.flags = [...flags]; }
  }
}
