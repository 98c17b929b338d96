/**
 * @module checks/udp/exposed — checks as data: a service whose protocol module identified it from its reply is
 * exposed, and reflects traffic by the measured factor. One row per finding id; validated once at load.
 */
import type { Finding } from '../../core/types.js';
import { amplificationOf, type UdpExchange, type UdpIdentity } from '../../probes/udp/types.js';
import { udpFinding, type UdpFindingSpec } from './amplification.js';

interface ExposedRow extends UdpFindingSpec { readonly service: string }

const BLOCK = 'Block the port at the network edge and bind the service to internal interfaces only';

export const EXPOSED: readonly ExposedRow[] = [
  { service: 'ssdp', id: 'ssdp-exposed', title: 'SSDP (UPnP discovery) answers unicast M-SEARCH from the network', base: 'medium', remediation: `Disable UPnP/SSDP on Internet-facing interfaces. ${BLOCK} (UDP 1900).`, references: ['https://openconnectivity.org/upnp-specs/UPnP-arch-DeviceArchitecture-v2.0-20200417.pdf'] },
  { service: 'memcache', id: 'memcached-udp-amplification', title: 'memcached answers over UDP (massive amplifier)', base: 'high', remediation: 'Start memcached with -U 0 (UDP off; the default since 1.5.6) and -l 127.0.0.1 or an internal address; block UDP 11211.', references: ['https://nvd.nist.gov/vuln/detail/CVE-2018-1000115', 'https://github.com/memcached/memcached/wiki/ReleaseNotes156'] },
  { service: 'netbios-ns', id: 'netbios-exposed', title: 'NetBIOS name service answers node-status queries', base: 'medium', remediation: `Disable NetBIOS over TCP/IP where not needed. ${BLOCK} (UDP 137).`, references: ['https://www.rfc-editor.org/rfc/rfc1002'] },
  { service: 'mdns', id: 'mdns-exposed', title: 'mDNS answers unicast queries from outside the link', base: 'medium', remediation: 'Answer mDNS only on the local link (drop UDP 5353 from other networks); Avahi: deny-interfaces for external ones.', references: ['https://www.rfc-editor.org/rfc/rfc6762#section-5.5'] },
  { service: 'tftp', id: 'tftp-exposed', title: 'TFTP server reachable (no authentication, amplifier)', base: 'medium', remediation: `Run TFTP only where devices boot from it, read-only, with a dedicated root. ${BLOCK} (UDP 69).`, references: ['https://www.rfc-editor.org/rfc/rfc1350#section-7'] },
  { service: 'chargen', id: 'chargen-exposed', title: 'CharGen (RFC 864) service enabled', base: 'high', remediation: 'Disable the chargen service (inetd/xinetd "chargen-dgram", Windows "Simple TCP/IP Services").', references: ['https://www.rfc-editor.org/rfc/rfc864', 'https://nvd.nist.gov/vuln/detail/CVE-1999-0103'] },
  { service: 'qotd', id: 'qotd-exposed', title: 'Quote of the Day (RFC 865) service enabled', base: 'medium', remediation: 'Disable the qotd service (inetd/xinetd, Windows "Simple TCP/IP Services").', references: ['https://www.rfc-editor.org/rfc/rfc865'] },
  { service: 'rpcbind', id: 'portmap-exposed', title: 'RPC portmapper answers DUMP over UDP', base: 'medium', remediation: `Restrict rpcbind to internal networks (rpcbind -h, host firewall), or remove it when no RPC service needs it. ${BLOCK} (UDP 111).`, references: ['https://www.rfc-editor.org/rfc/rfc1833'] },
  { service: 'cldap', id: 'cldap-exposed', title: 'Connectionless LDAP (CLDAP) answers from the network', base: 'high', remediation: 'Block UDP 389 at the edge; domain controllers must not answer CLDAP from the Internet.', references: ['https://www.rfc-editor.org/rfc/rfc1798'] },
  { service: 'ipmi', id: 'ipmi-exposed', title: 'IPMI/RMCP (BMC) reachable', base: 'high', remediation: 'Put BMCs on an isolated management network; disable IPMI over LAN where not needed; disable anonymous/null users and cipher 0.', references: ['https://nvd.nist.gov/vuln/detail/CVE-2013-4786', 'https://www.cisa.gov/news-events/alerts/2013/07/26/risks-using-intelligent-platform-management-interface-ipmi'] },
];

const IDS = new Set<string>();
for (const row of EXPOSED) {
  if (!/^[a-z0-9-]+$/.test(row.id) || IDS.has(row.id)) { throw new Error(`checks/udp/exposed: bad or duplicate id ${row.id}`); }
  IDS.add(row.id);
}

/** The exposure finding for an identified service, measured on the exchange with the largest factor. */
export function exposedFindings(identity: UdpIdentity | null, exchanges: readonly UdpExchange[]): Finding[] {
  if (identity === null) { return []; }
  const row = EXPOSED.find((r) => r.service === identity.name);
  if (row === undefined) { return []; }
  const answered = exchanges.filter((e) => e.replies.length > 0);
  if (answered.length === 0) { return []; }
  const best = answered.reduce((a, b) => (amplificationOf(b) > amplificationOf(a) ? b : a));
  const what = [identity.product, identity.version, identity.extraInfo].filter((x) => x !== undefined && x !== '').join(', ');
  return [udpFinding(row, best, `${identity.name} answered our ${best.label} request${what ? ` (${what.slice(0, 160)})` : ''}`)];
}
