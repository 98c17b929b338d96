/**
 * @module local/firewall/ufw — renders a plan as ufw commands: default deny incoming, one allow per needed port
 * (with its source), one deny per observed unneeded port (so `ufw status` names it), then `ufw enable`.
 * ufw accepts loopback, established replies and ICMP itself (before.rules).
 */
import { headerLines, portText, sourcesByFamily, type FirewallPlan, type RenderedFirewall, type RenderedRule } from './plan.js';

/** A comment ufw and the shell both accept: plain characters only, single-quoted. */
export function safeComment(text: string): string {
  return text.replace(/[^A-Za-z0-9 .,:/()_@+=-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function renderUfw(plan: FirewallPlan): RenderedFirewall {
  const rules: RenderedRule[] = [
    { rule: 'ufw default deny incoming', explanation: 'every inbound port not allowed below is closed' },
    { rule: 'ufw default allow outgoing', explanation: 'outbound traffic is not this policy\'s concern' },
  ];
  for (const r of [...plan.accepts, ...plan.drops]) {
    const verb = r.action === 'accept' ? 'allow' : 'deny';
    const port = portText(r.ports, ':');
    const s = sourcesByFamily(r.from);
    const sources = s.v4 === 'any' ? ['any'] : [...(Array.isArray(s.v4) ? s.v4 : []), ...(Array.isArray(s.v6) ? s.v6 : [])];
    for (const src of sources) {
      rules.push({ rule: `ufw ${verb} proto ${r.protocol} from ${src} to any port ${port} comment '${safeComment(r.explanation)}'`, explanation: r.explanation });
    }
  }
  rules.push({ rule: 'ufw --force enable', explanation: 'turns the firewall on (loopback, replies and ICMP are allowed by ufw\'s before.rules)' });
  const lines = ['#!/bin/sh', ...headerLines(plan, 'ufw').map((l) => `# ${l}`), 'set -e'];
  for (const r of rules) { lines.push(`# ${r.explanation}`, r.rule); }
  return { format: 'ufw', script: `${lines.join('\n')}\n`, rules };
}
