/**
 * @module probes/udp/dns — DNS over UDP, port 53 (RFC 1035). Sends `version.bind` CH TXT (RD off: what the
 * server says it runs) and an A query with RD on for `ctx.dnsRecursionName`, a name outside the server's zones (in
 * the lab a lab-only zone): a server that answers it with RA set recursed for us. Decoding is dns-packet's, guarded.
 */
import dnsPacket from 'dns-packet';
import type { UdpExchange, UdpIdentity, UdpProbe, UdpProbeContext, UdpRequest } from './types.js';
import { firstParsed } from './types.js';

export const DNS_FLAG_AA = 0x0400;
export const DNS_FLAG_RD = 0x0100;
export const DNS_FLAG_RA = 0x0080;

export interface DnsReply {
  id: number;
  flags: number;
  rcode: number;                 // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED
  answers: { name: string; type: string; text: string }[];
}

let nextId = 0x4748;
function id(): number { nextId = (nextId + 0x9e37) & 0xffff; return nextId; }

export function buildVersionBind(qid = id()): Buffer {
  return dnsPacket.encode({ type: 'query', id: qid, flags: 0, questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }] });
}

export function buildRecursionQuery(name: string, qid = id()): Buffer {
  return dnsPacket.encode({ type: 'query', id: qid, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', class: 'IN', name }] });
}

function answerText(data: unknown): string {
  if (typeof data === 'string') { return data; }
  if (Buffer.isBuffer(data)) { return data.toString('latin1'); }
  if (Array.isArray(data)) { return data.map((d) => answerText(d)).join(''); }
  return '';
}

/** Decodes a DNS response; null for anything that is not one (dns-packet throws on malformed input). */
export function parseDnsReply(buf: Buffer): DnsReply | null {
  if (buf.length < 12 || buf.length > 65535) { return null; }
  try {
    const p = dnsPacket.decode(buf);
    if (p.type !== 'response') { return null; }
    const answers = (p.answers ?? []).slice(0, 64).map((a) => ({ name: a.name, type: a.type, text: 'data' in a ? answerText(a.data) : '' }));
    return { id: p.id ?? 0, flags: p.flags ?? 0, rcode: (p.flags ?? 0) & 0x0f, answers };
  } catch {
    return null; // not DNS: the caller treats the reply as unidentified
  }
}

/** The version.bind TXT text, when the server disclosed one. */
export function versionBindText(r: DnsReply): string | null {
  const txt = r.answers.find((a) => a.type === 'TXT' && a.name.toLowerCase() === 'version.bind');
  const text = txt?.text.trim() ?? '';
  return text === '' ? null : text.slice(0, 256);
}

/** Product and version from a version.bind string, only where the string's shape is unambiguous. */
export function productFromVersion(text: string): { product?: string; version?: string } {
  const m = /^(unbound|dnsmasq|powerdns recursor|powerdns authoritative server|knot dns|knot resolver|nsd)[ -]v?(\d[\w.-]*)/i.exec(text);
  if (m) {
    const names: Record<string, string> = { unbound: 'Unbound', dnsmasq: 'dnsmasq', nsd: 'NSD' };
    return { product: names[(m[1] as string).toLowerCase()] ?? m[1], version: m[2] };
  }
  const bind = /^(\d+\.\d+\.\d+[\w.+-]*)/.exec(text);
  if (bind) { return { product: 'ISC BIND', version: bind[1] }; }
  return {};
}

export const dnsProbe: UdpProbe = {
  name: 'domain',
  ports: [53],
  discovery: (ctx: UdpProbeContext) => [buildVersionBind(), buildRecursionQuery(ctx.dnsRecursionName)],
  requests: (ctx: UdpProbeContext): UdpRequest[] => [
    { label: 'version.bind', bytes: buildVersionBind() },
    { label: 'recursion', bytes: buildRecursionQuery(ctx.dnsRecursionName), slow: true },
  ],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const v = firstParsed(exchanges, (b) => parseDnsReply(b), 'version.bind');
    const text = v ? versionBindText(v.value) : null;
    if (v && text !== null) { return { name: 'domain', ...productFromVersion(text), extraInfo: `version.bind: ${text}`, confidence: 1, label: 'version.bind' }; }
    const any = firstParsed(exchanges, (b) => parseDnsReply(b));
    return any ? { name: 'domain', confidence: 1, label: any.exchange.label } : null;
  },
};
