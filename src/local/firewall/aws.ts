/**
 * @module local/firewall/aws — renders a plan as an AWS security group ingress document (the JSON of
 * `aws ec2 authorize-security-group-ingress --cli-input-json`). Security groups only allow: whatever has no rule is
 * closed, so unneeded ports appear in the explanation, never as rules; replace the group's existing ingress with this.
 */
import { portText, sourcesByFamily, type FirewallPlan, type RenderedFirewall, type RenderedRule } from './plan.js';

/** AWS rule descriptions allow a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* and at most 255 characters. */
export function awsDescription(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 255);
}

function cidr(a: string): string {
  return a.includes('/') ? a : a.includes(':') ? `${a}/128` : `${a}/32`;
}

export function renderAws(plan: FirewallPlan): RenderedFirewall {
  const rules: RenderedRule[] = [];
  const perms: unknown[] = [];
  for (const r of plan.accepts) {
    const s = sourcesByFamily(r.from);
    const d = awsDescription(r.explanation);
    const v4 = s.v4 === 'any' ? ['0.0.0.0/0'] : (s.v4 ?? []).map(cidr);
    const v6 = s.v6 === 'any' ? ['::/0'] : (s.v6 ?? []).map(cidr);
    const perm = {
      IpProtocol: r.protocol, FromPort: r.ports.lo, ToPort: r.ports.hi,
      ...(v4.length > 0 ? { IpRanges: v4.map((c) => ({ CidrIp: c, Description: d })) } : {}),
      ...(v6.length > 0 ? { Ipv6Ranges: v6.map((c) => ({ CidrIpv6: c, Description: d })) } : {}),
    };
    perms.push(perm);
    rules.push({ rule: JSON.stringify(perm), explanation: r.explanation });
  }
  for (const r of plan.drops) {
    rules.push({ rule: `(no ingress rule for ${portText(r.ports)}/${r.protocol})`, explanation: r.explanation });
  }
  const doc = {
    GroupId: 'sg-REPLACE-ME',
    IpPermissions: perms,
  };
  return { format: 'aws', script: `${JSON.stringify(doc, null, 2)}\n`, rules };
}
