/**
 * @module checks/udp/ntp — `ntp-monlist-amplification` (mode 7 MON_GETLIST answered with data: the 2014 amplifier)
 * and `ntp-mode6-exposed` (mode 6 READVAR answered to anyone: version and system variables, a smaller amplifier).
 */
import type { Finding } from '../../core/types.js';
import { exchangeFor, type UdpExchange } from '../../probes/udp/types.js';
import { mode6Version, parseMode6, parseMode7 } from '../../probes/udp/ntp.js';
import { udpFinding, type UdpFindingSpec } from './amplification.js';

const MONLIST: UdpFindingSpec = {
  id: 'ntp-monlist-amplification',
  title: 'NTP answers mode 7 monlist (traffic amplifier)',
  base: 'high',
  remediation: 'Upgrade ntpd to 4.2.7p26 or later (or ntpsec), or add "disable monitor" and "restrict default noquery" to ntp.conf.',
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2013-5211', 'https://www.cisa.gov/news-events/alerts/2014/01/13/ntp-amplification-attacks-using-cve-2013-5211'],
};

const MODE6: UdpFindingSpec = {
  id: 'ntp-mode6-exposed',
  title: 'NTP answers mode 6 control queries from anyone',
  base: 'medium',
  remediation: 'Add "noquery" to the default restrict line (restrict default kod nomodify nopeer noquery limited) and allow queries only from management hosts.',
  references: ['https://www.rfc-editor.org/rfc/rfc9327', 'https://www.rfc-editor.org/rfc/rfc8633'],
};

export function ntpFindings(exchanges: readonly UdpExchange[]): Finding[] {
  const out: Finding[] = [];
  const m7 = exchangeFor(exchanges, 'mode7-monlist');
  const list = (m7?.replies ?? []).map((r) => parseMode7(r)).filter((r) => r !== null && r.error === 0 && r.items > 0);
  if (m7 && list.length > 0) {
    const items = list.reduce((n, r) => n + (r?.items ?? 0), 0);
    out.push(udpFinding(MONLIST, m7, `monlist answered ${items} client entries in ${list.length} datagram(s)`, { entries: items }));
  }
  const m6 = exchangeFor(exchanges, 'mode6-readvar');
  for (const r of m6?.replies ?? []) {
    const p = parseMode6(r);
    if (p !== null && !p.error && p.text.length > 0 && m6) {
      const v = mode6Version(p.text);
      out.push(udpFinding(MODE6, m6, `mode 6 READVAR answered ${p.text.length} bytes of system variables${v ? `, version "${v}"` : ''}`, v ? { version: v } : undefined));
      break;
    }
  }
  return out;
}
