/**
 * @module checks/udp/snmp — `snmp-default-community`: the agent answered a v1/v2c GetRequest made with a default
 * community (`public`, `private`). The reply itself is the proof; its sysDescr goes into the evidence.
 */
import type { Finding } from '../../core/types.js';
import type { UdpExchange } from '../../probes/udp/types.js';
import { DEFAULT_COMMUNITIES, parseSnmp, SYS_DESCR } from '../../probes/udp/snmp.js';
import { udpFinding, type UdpFindingSpec } from './amplification.js';

const DEFAULT_COMMUNITY: UdpFindingSpec = {
  id: 'snmp-default-community',
  title: 'SNMP agent accepts a default community string',
  base: 'high',
  remediation: 'Remove the public/private communities; use SNMPv3 with authPriv, or a long random community restricted to management addresses, and block UDP 161 at the edge.',
  references: ['https://www.cisa.gov/news-events/alerts/2017/06/05/reducing-risk-snmp-abuse', 'https://nvd.nist.gov/vuln/detail/CVE-1999-0517'],
};

export function snmpFindings(exchanges: readonly UdpExchange[]): Finding[] {
  const accepted: { community: string; ex: UdpExchange; descr: string }[] = [];
  for (const ex of exchanges) {
    const m = /^v(?:1|2c)-(.+)$/.exec(ex.label);
    const community = m?.[1];
    if (community === undefined || !(DEFAULT_COMMUNITIES as readonly string[]).includes(community)) { continue; }
    for (const r of ex.replies) {
      const p = parseSnmp(r);
      if (p !== null && p.pduType === 0xa2 && p.community === community) {
        accepted.push({ community, ex, descr: p.values.find((v) => v.oid === SYS_DESCR)?.value ?? '' });
        break;
      }
    }
  }
  if (accepted.length === 0) { return []; }
  const communities = [...new Set(accepted.map((a) => a.community))];
  const best = accepted.reduce((a, b) => (b.ex.replies.reduce((n, r) => n + r.length, 0) / b.ex.sent.length > a.ex.replies.reduce((n, r) => n + r.length, 0) / a.ex.sent.length ? b : a));
  return [udpFinding(DEFAULT_COMMUNITY, best.ex, `community "${communities.join('", "')}" accepted (${best.ex.label}); sysDescr "${best.descr.slice(0, 120)}"`, { communities })];
}
