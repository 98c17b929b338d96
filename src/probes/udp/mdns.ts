/**
 * @module probes/udp/mdns — multicast DNS answered unicast, port 5353 (RFC 6762 §6.7 legacy unicast, RFC 6763
 * §9): asks `_services._dns-sd._udp.local` PTR; a reply lists the service types the device advertises.
 */
import dnsPacket from 'dns-packet';
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';
import { parseDnsReply, type DnsReply } from './dns.js';

export const MDNS_SERVICES = '_services._dns-sd._udp.local';

export function buildMdnsQuery(qid = 0x6d64): Buffer {
  return dnsPacket.encode({ type: 'query', id: qid, flags: 0, questions: [{ type: 'PTR', class: 'IN', name: MDNS_SERVICES }] });
}

/** Service types from a DNS-SD enumeration reply (null if no PTR answers). */
export function mdnsServices(r: DnsReply): string[] | null {
  const ptr = r.answers.filter((a) => a.type === 'PTR').map((a) => a.text).filter((t) => t !== '');
  return ptr.length > 0 ? ptr.slice(0, 32) : null;
}

export const mdnsProbe: UdpProbe = {
  name: 'mdns',
  ports: [5353],
  discovery: () => [buildMdnsQuery()],
  requests: () => [{ label: 'services', bytes: buildMdnsQuery() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseDnsReply(b));
    if (!r) { return null; }
    const svc = mdnsServices(r.value);
    return { name: 'mdns', extraInfo: svc ? `services: ${svc.join(', ')}` : undefined, confidence: 1, label: r.exchange.label };
  },
};
