/**
 * @module local/firewall/firewalld — renders a plan as firewall-cmd commands: a zone `gatehouse` with target DROP
 * made the default zone; needed ports are added (rich rules where the source is limited), observed unneeded ports
 * get an explicit drop rich rule so the zone names them, ICMP stays allowed.
 */
import { headerLines, portText, sourcesByFamily, type FirewallPlan, type RenderedFirewall, type RenderedRule } from './plan.js';

const FC = 'firewall-cmd --permanent --zone=gatehouse';

export function renderFirewalld(plan: FirewallPlan): RenderedFirewall {
  const rules: RenderedRule[] = [
    { rule: 'firewall-cmd --permanent --new-zone=gatehouse', explanation: 'a zone of our own, so existing zones stay as they are' },
    { rule: `${FC} --set-target=DROP`, explanation: 'every inbound port not allowed below is closed' },
    { rule: `${FC} --add-rich-rule='rule protocol value="icmp" accept'`, explanation: 'ICMP: path MTU discovery needs it' },
    { rule: `${FC} --add-rich-rule='rule protocol value="ipv6-icmp" accept'`, explanation: 'ICMPv6: IPv6 neighbour discovery needs it' },
  ];
  for (const r of [...plan.accepts, ...plan.drops]) {
    const port = portText(r.ports);
    const s = sourcesByFamily(r.from);
    if (r.action === 'accept' && s.v4 === 'any') {
      rules.push({ rule: `${FC} --add-port=${port}/${r.protocol}`, explanation: r.explanation });
      continue;
    }
    const verdict = r.action === 'accept' ? 'accept' : 'drop';
    if (s.v4 === 'any') {
      rules.push({ rule: `${FC} --add-rich-rule='rule port port="${port}" protocol="${r.protocol}" ${verdict}'`, explanation: r.explanation });
      continue;
    }
    for (const [family, src] of [['ipv4', s.v4], ['ipv6', s.v6]] as const) {
      for (const a of Array.isArray(src) ? src : []) {
        rules.push({ rule: `${FC} --add-rich-rule='rule family="${family}" source address="${a}" port port="${port}" protocol="${r.protocol}" ${verdict}'`, explanation: r.explanation });
      }
    }
  }
  rules.push(
    { rule: 'firewall-cmd --set-default-zone=gatehouse', explanation: 'interfaces without an explicit zone use it (check: firewall-cmd --get-active-zones)' },
    { rule: 'firewall-cmd --reload', explanation: 'loads the permanent configuration' },
  );
  const lines = ['#!/bin/sh', ...headerLines(plan, 'firewalld').map((l) => `# ${l}`), 'set -e'];
  for (const r of rules) { lines.push(`# ${r.explanation}`, r.rule); }
  return { format: 'firewalld', script: `${lines.join('\n')}\n`, rules };
}
