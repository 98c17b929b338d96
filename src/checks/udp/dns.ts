/**
 * @module checks/udp/dns — `dns-open-resolver` (the server recursed for a name outside its zones: RA set, an answer
 * for exactly that name, not authoritative) and `dns-version-disclosure` (version.bind CH TXT answered).
 */
import type { Finding } from '../../core/types.js';
import { exchangeFor, type UdpExchange } from '../../probes/udp/types.js';
import { DNS_FLAG_AA, DNS_FLAG_RA, parseDnsReply, versionBindText } from '../../probes/udp/dns.js';
import { udpFinding, type UdpFindingSpec } from './amplification.js';

const OPEN_RESOLVER: UdpFindingSpec = {
  id: 'dns-open-resolver',
  title: 'DNS server recurses for anyone (open resolver)',
  base: 'high',
  remediation: 'Allow recursion only for your own clients (BIND: allow-recursion { trusted; }; Unbound: access-control with refuse for others), or turn recursion off on authoritative servers.',
  references: ['https://www.rfc-editor.org/rfc/rfc5358', 'https://www.cisa.gov/news-events/alerts/2013/03/29/dns-amplification-attacks'],
};

const VERSION: UdpFindingSpec = {
  id: 'dns-version-disclosure',
  title: 'DNS server discloses its software version (version.bind)',
  base: 'low',
  remediation: 'Hide the version string (BIND: options { version "none"; }; Unbound: hide-version: yes).',
  references: ['https://www.rfc-editor.org/rfc/rfc4892'],
};

export function dnsFindings(exchanges: readonly UdpExchange[], recursionName: string): Finding[] {
  const out: Finding[] = [];
  const rec = exchangeFor(exchanges, 'recursion');
  const want = recursionName.toLowerCase().replace(/\.$/, '');
  for (const r of rec?.replies ?? []) {
    const d = parseDnsReply(r);
    if (d === null || !(d.flags & DNS_FLAG_RA) || (d.flags & DNS_FLAG_AA) || d.rcode !== 0) { continue; }
    const hit = d.answers.find((a) => a.name.toLowerCase().replace(/\.$/, '') === want);
    if (hit && rec) {
      out.push(udpFinding(OPEN_RESOLVER, rec, `answered ${hit.type} ${hit.text} for ${recursionName} (outside its zones) with recursion available`, { name: recursionName, answer: hit.text }));
      break;
    }
  }
  const ver = exchangeFor(exchanges, 'version.bind');
  for (const r of ver?.replies ?? []) {
    const d = parseDnsReply(r);
    const text = d ? versionBindText(d) : null;
    if (text !== null && ver) { out.push(udpFinding(VERSION, ver, `version.bind CH TXT answered "${text}"`, { version: text })); break; }
  }
  return out;
}
