/**
 * @module local/firewall/iptables — renders a plan as iptables/ip6tables commands in a chain of our own,
 * GATEHOUSE-INPUT, jumped to first from INPUT; re-running flushes and refills the chain. The commands are kept as
 * argument vectors so `--apply` runs exactly what the dry run printed, without a shell.
 */
import { headerLines, portText, sourcesByFamily, type FirewallPlan, type PlanRule, type RenderedFirewall, type RenderedRule } from './plan.js';

export const IPT_CHAIN = 'GATEHOUSE-INPUT';

export interface IptCommand {
  tool: 'iptables' | 'ip6tables';
  args: string[];
  explanation: string;
}

function planCommands(r: PlanRule): IptCommand[] {
  const target = r.action === 'accept' ? 'ACCEPT' : 'DROP';
  const s = sourcesByFamily(r.from);
  const out: IptCommand[] = [];
  for (const [tool, src] of [['iptables', s.v4], ['ip6tables', s.v6]] as const) {
    if (src === null) { continue; }
    const args = ['-A', IPT_CHAIN, '-p', r.protocol];
    if (src !== 'any') { args.push('-s', src.join(',')); }
    args.push('--dport', portText(r.ports, ':'), '-j', target);
    out.push({ tool, args, explanation: r.explanation });
  }
  return out;
}

/** The rule commands in order (chain creation and the INPUT jump are done separately: they depend on what exists). */
export function iptablesCommands(plan: FirewallPlan): IptCommand[] {
  const cmds: IptCommand[] = [];
  for (const tool of ['iptables', 'ip6tables'] as const) {
    const icmp = tool === 'iptables' ? 'icmp' : 'ipv6-icmp';
    cmds.push(
      { tool, args: ['-A', IPT_CHAIN, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'], explanation: 'replies to connections this host opened, and related ICMP errors' },
      { tool, args: ['-A', IPT_CHAIN, '-i', 'lo', '-j', 'ACCEPT'], explanation: `loopback traffic stays open${plan.loopbackOnly.length > 0 ? ` (policy needs ${plan.loopbackOnly.join(', ')} on loopback)` : ''}` },
      { tool, args: ['-A', IPT_CHAIN, '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP'], explanation: 'packets that belong to no known connection' },
      { tool, args: ['-A', IPT_CHAIN, '-p', icmp, '-j', 'ACCEPT'], explanation: 'ICMP: path MTU discovery and IPv6 neighbour discovery break without it' },
    );
  }
  for (const r of [...plan.accepts, ...plan.drops]) { cmds.push(...planCommands(r)); }
  for (const tool of ['iptables', 'ip6tables'] as const) {
    cmds.push({ tool, args: ['-A', IPT_CHAIN, '-j', 'DROP'], explanation: 'every other inbound port is closed' });
  }
  return cmds;
}

export function renderIptables(plan: FirewallPlan): RenderedFirewall {
  const cmds = iptablesCommands(plan);
  const rules: RenderedRule[] = cmds.map((c) => ({ rule: `${c.tool} ${c.args.join(' ')}`, explanation: c.explanation }));
  const lines = ['#!/bin/sh', ...headerLines(plan, 'iptables').map((l) => `# ${l}`), '# Apply: sh FILE (as root)', 'set -e'];
  for (const tool of ['iptables', 'ip6tables']) {
    lines.push(`${tool} -N ${IPT_CHAIN} 2>/dev/null || ${tool} -F ${IPT_CHAIN}`);
    lines.push(`${tool} -C INPUT -j ${IPT_CHAIN} 2>/dev/null || ${tool} -I INPUT 1 -j ${IPT_CHAIN}`);
  }
  for (const r of rules) { lines.push(`# ${r.explanation}`, r.rule); }
  return { format: 'iptables', script: `${lines.join('\n')}\n`, rules };
}
