/** @module probes/udp — the registry of UDP protocol modules by port; a port without one gets an empty datagram. */
import type { UdpProbe } from './types.js';
import { dnsProbe } from './dns.js';
import { ntpProbe } from './ntp.js';
import { snmpProbe } from './snmp.js';
import { ssdpProbe } from './ssdp.js';
import { memcachedProbe } from './memcached.js';
import { netbiosProbe } from './netbios.js';
import { mdnsProbe } from './mdns.js';
import { tftpProbe } from './tftp.js';
import { ikeProbe } from './ike.js';
import { openvpnProbe } from './openvpn.js';
import { sipProbe } from './sip.js';
import { coapProbe } from './coap.js';
import { wsdProbe } from './wsd.js';
import { chargenProbe } from './chargen.js';
import { qotdProbe } from './qotd.js';
import { portmapProbe } from './portmap.js';
import { cldapProbe } from './cldap.js';
import { ipmiProbe } from './ipmi.js';
import { ubiquitiProbe } from './ubiquiti.js';

export const UDP_PROBES: readonly UdpProbe[] = [
  dnsProbe, ntpProbe, snmpProbe, ssdpProbe, memcachedProbe, netbiosProbe, mdnsProbe, tftpProbe, ikeProbe, openvpnProbe,
  sipProbe, coapProbe, wsdProbe, chargenProbe, qotdProbe, portmapProbe, cldapProbe, ipmiProbe, ubiquitiProbe,
];

const byPort = new Map<number, UdpProbe>();
for (const p of UDP_PROBES) { for (const port of p.ports) { byPort.set(port, p); } }

/** The module for a port, if any. */
export function udpProbeFor(port: number): UdpProbe | undefined {
  return byPort.get(port);
}

export const EMPTY_DATAGRAM = Buffer.alloc(0);

export type { UdpProbe, UdpProbeContext, UdpExchange, UdpIdentity, UdpRequest } from './types.js';
