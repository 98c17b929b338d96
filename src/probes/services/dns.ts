/**
 * @module probes/services/dns — DNS over TCP (port 53). Spec: RFC 1035 §4.1 (message), §4.2.2 (TCP: 2-byte
 * length prefix), CHAOS class TXT "version.bind" (RFC 4892 §2). Sends that one query; any well-formed response
 * with our id and QR set proves DNS (REFUSED included); a TXT answer names the software.
 */
import dnsPacket from 'dns-packet';
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, u16 } from '../util.js';

const ID = 0x6768;

export const VERSION_BIND = dnsPacket.streamEncode({
  type: 'query', id: ID, flags: 0,
  questions: [{ type: 'TXT', name: 'version.bind', class: 'CH' }],
});

const RCODES: Readonly<Record<number, string>> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** version.bind text → product/version (BIND, Unbound, dnsmasq, PowerDNS, Knot). */
export function dnsProduct(txt: string): { product?: string; version?: string } {
  const pats: ReadonlyArray<[RegExp, string]> = [
    [/^unbound (\d[\w.]*)/i, 'Unbound'], [/^dnsmasq-(\d[\w.]*)/i, 'dnsmasq'], [/^PowerDNS (?:Recursor|Authoritative Server) (\d[\w.]*)/i, 'PowerDNS'],
    [/^Knot DNS (\d[\w.]*)/i, 'Knot DNS'], [/^(9\.\d+\.\d+[\w.~+-]*)/, 'ISC BIND'], [/^BIND (\d[\w.]*)/i, 'ISC BIND'],
  ];
  for (const [re, product] of pats) { const m = re.exec(txt); if (m !== null) { return { product, version: clean(m[1] as string, 48) }; } }
  return {};
}

export function parseDns(data: Buffer): ServiceMatch | null {
  const len = u16(data, 0);
  if (len < 12 || data.length < 2 + len || u16(data, 2) !== ID || ((data[4] as number) & 0x80) === 0) { return null; }
  let msg: dnsPacket.Packet;
  try { msg = dnsPacket.decode(data.subarray(2, 2 + len)); } catch { return null; }
  const rcode = ((data[5] as number) & 0x0f);
  const txt = (msg.answers ?? []).flatMap((a) => (a.type === 'TXT' ? [a.data] : []))
    .flat().map((x) => (Buffer.isBuffer(x) ? x.toString('latin1') : String(x)))[0];
  const p = txt !== undefined ? dnsProduct(txt) : {};
  return compact({
    name: 'domain', product: p.product, version: p.version, confidence: 1,
    extraInfo: txt !== undefined && p.product === undefined ? `version.bind: ${clean(txt, 64)}` : undefined,
    facts: compact({ 'dns.rcode': RCODES[rcode] ?? String(rcode), 'dns.versionBind': txt !== undefined ? clean(txt, 128) : undefined }),
  });
}

export const dnsRule: ProbeRule = {
  name: 'dns',
  service: 'domain',
  ports: [53, 5353, 8600],
  payload: VERSION_BIND,
  until: (d) => d.length >= 2 && d.length >= 2 + u16(d, 0),
  maxBytes: 4096,
  match: parseDns,
  cpe: { 'ISC BIND': 'isc:bind', Unbound: 'nlnetlabs:unbound', dnsmasq: 'thekelleys:dnsmasq', 'Knot DNS': 'cz.nic:knot_dns', PowerDNS: 'powerdns:recursor' },
};
