/** @module checks/udp — every UDP check for one interrogated port, in order; the generic amplifier last. */
import type { Finding } from '../../core/types.js';
import type { UdpExchange, UdpIdentity } from '../../probes/udp/types.js';
import { dnsFindings } from './dns.js';
import { ntpFindings } from './ntp.js';
import { snmpFindings } from './snmp.js';
import { EXPOSED, exposedFindings } from './exposed.js';
import { amplifierFindings } from './amplifier.js';

export interface UdpCheckInput {
  readonly probe: string | null;              // the protocol module that interrogated the port, if any
  readonly service: string;                   // name to report (identified or IANA)
  readonly identity: UdpIdentity | null;
  readonly exchanges: readonly UdpExchange[];
  readonly dnsRecursionName: string;
}

export function udpFindings(input: UdpCheckInput): Finding[] {
  const out: Finding[] = [];
  if (input.probe === 'domain') { out.push(...dnsFindings(input.exchanges, input.dnsRecursionName)); }
  if (input.probe === 'ntp') { out.push(...ntpFindings(input.exchanges)); }
  if (input.probe === 'snmp') { out.push(...snmpFindings(input.exchanges)); }
  out.push(...exposedFindings(input.identity, input.exchanges));
  // The generic amplifier covers protocols without their own check family (an error reply of a closed DNS resolver
  // or NTP server is not reported as an amplifier; their own checks decide).
  const covered = input.probe === 'domain' || input.probe === 'ntp' || input.probe === 'snmp' || EXPOSED.some((r) => r.service === input.identity?.name);
  if (!covered) { out.push(...amplifierFindings(input.service, input.exchanges)); }
  return out;
}

export const UDP_FINDING_IDS = [
  'dns-open-resolver', 'dns-version-disclosure', 'ntp-monlist-amplification', 'ntp-mode6-exposed', 'snmp-default-community',
  'ssdp-exposed', 'memcached-udp-amplification', 'netbios-exposed', 'mdns-exposed', 'tftp-exposed', 'chargen-exposed',
  'qotd-exposed', 'portmap-exposed', 'cldap-exposed', 'ipmi-exposed', 'udp-amplifier',
] as const;
