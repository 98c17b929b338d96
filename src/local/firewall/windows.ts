/**
 * @module local/firewall/windows — renders a plan as PowerShell for Windows Defender Firewall: inbound default
 * Block on every profile, New-NetFirewallRule Allow per needed port, and an explicit Block per observed unneeded port
 * (Block rules win over any Allow rule, so existing allow rules cannot keep it open).
 */
import { headerLines, portText, sourcesByFamily, type FirewallPlan, type RenderedFirewall, type RenderedRule } from './plan.js';

function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function renderWindows(plan: FirewallPlan): RenderedFirewall {
  const rules: RenderedRule[] = [{
    rule: 'Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True -DefaultInboundAction Block -DefaultOutboundAction Allow',
    explanation: 'inbound ports without an Allow rule are closed (existing Allow rules still apply: review them with Get-NetFirewallRule -Direction Inbound -Action Allow -Enabled True)',
  }];
  for (const r of [...plan.accepts, ...plan.drops]) {
    const s = sourcesByFamily(r.from);
    const remote = s.v4 === 'any' ? 'Any' : [...(Array.isArray(s.v4) ? s.v4 : []), ...(Array.isArray(s.v6) ? s.v6 : [])].join(',');
    const action = r.action === 'accept' ? 'Allow' : 'Block';
    const name = `Gatehouse ${action.toLowerCase()} ${portText(r.ports)}/${r.protocol}`;
    rules.push({
      rule: `New-NetFirewallRule -DisplayName ${psQuote(name)} -Group 'Gatehouse' -Direction Inbound -Action ${action} -Protocol ${r.protocol.toUpperCase()} -LocalPort ${portText(r.ports)} -RemoteAddress ${remote} -Description ${psQuote(r.explanation.slice(0, 500))}`,
      explanation: r.explanation,
    });
  }
  const lines = [...headerLines(plan, 'Windows Defender Firewall').map((l) => `# ${l}`), '# Run in an elevated PowerShell. Remove: Remove-NetFirewallRule -Group Gatehouse'];
  for (const r of rules) { lines.push(`# ${r.explanation}`, r.rule); }
  return { format: 'windows', script: `${lines.join('\r\n')}\r\n`, rules };
}
