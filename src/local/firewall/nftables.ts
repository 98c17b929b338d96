/**
 * @module local/firewall/nftables — renders a plan as an `nft -f` file: one table `inet gatehouse` (both families)
 * with an input chain whose policy is drop. The file first creates then deletes the table, so loading it again
 * replaces the previous version atomically; other tables are untouched (a packet dropped by any table is dropped).
 */
import { headerLines, portText, sourcesByFamily, type FirewallPlan, type PlanRule, type RenderedFirewall, type RenderedRule } from './plan.js';

function ruleLines(r: PlanRule): string[] {
  const verdict = r.action === 'accept' ? 'accept' : 'drop';
  const match = `${r.protocol} dport ${portText(r.ports)}`;
  const s = sourcesByFamily(r.from);
  if (s.v4 === 'any') { return [`${match} ${verdict}`]; }
  const out: string[] = [];
  if (s.v4 !== null) { out.push(`ip saddr { ${s.v4.join(', ')} } ${match} ${verdict}`); }
  if (s.v6 !== null && s.v6 !== 'any') { out.push(`ip6 saddr { ${s.v6.join(', ')} } ${match} ${verdict}`); }
  return out;
}

export function renderNftables(plan: FirewallPlan): RenderedFirewall {
  const rules: RenderedRule[] = [
    { rule: 'ct state established,related accept', explanation: 'replies to connections this host opened, and related ICMP errors' },
    { rule: 'iifname "lo" accept', explanation: `loopback traffic stays open${plan.loopbackOnly.length > 0 ? ` (policy needs ${plan.loopbackOnly.join(', ')} on loopback)` : ''}` },
    { rule: 'ct state invalid drop', explanation: 'packets that belong to no known connection' },
    { rule: 'meta l4proto { icmp, ipv6-icmp } accept', explanation: 'ICMP: path MTU discovery and IPv6 neighbour discovery break without it' },
  ];
  for (const r of [...plan.accepts, ...plan.drops]) {
    for (const line of ruleLines(r)) { rules.push({ rule: line, explanation: r.explanation }); }
  }
  rules.push({ rule: 'policy drop', explanation: 'every other inbound port is closed by the chain policy' });
  const body: string[] = [];
  for (const r of rules.slice(0, -1)) { body.push(`\t\t# ${r.explanation}`, `\t\t${r.rule}`); }
  const script = [
    '#!/usr/sbin/nft -f',
    ...headerLines(plan, 'nftables').map((l) => `# ${l}`),
    '# Apply: nft -f FILE    Remove: nft delete table inet gatehouse',
    'table inet gatehouse',
    'delete table inet gatehouse',
    'table inet gatehouse {',
    '\tchain input {',
    '\t\t# every other inbound port is closed by the chain policy',
    '\t\ttype filter hook input priority filter; policy drop;',
    ...body,
    '\t}',
    '}',
    '',
  ].join('\n');
  return { format: 'nftables', script, rules };
}
