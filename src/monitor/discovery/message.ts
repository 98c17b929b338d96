/**
 * @module monitor/discovery/message — DNS messages for discovery (RFC 1035 § 4): the query we send (RD set: the
 * configured resolver may recurse) and the guarded parse of a response from hostile bytes. dns-packet decodes; this
 * file bounds the input, checks id and question, and flattens the records discovery reads (A, AAAA, CNAME, MX,
 * NS, TXT, SRV) into `{ name, type, data }` with names lower-cased and without the trailing dot. Anything
 * malformed is GH_ERR_DNS, never another exception.
 */
import dnsPacket from 'dns-packet';
import { GatehouseError, isGatehouseError } from '../../errors/index.js';

export const DISCOVERY_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV'] as const;
export type DiscoveryType = typeof DISCOVERY_TYPES[number];

/** One resource record as discovery reads it: MX → exchange, SRV → target, TXT → the strings joined. */
export interface DnsAnswer { readonly name: string; readonly type: DiscoveryType; readonly data: string }

export interface DnsResponse {
  readonly id: number;
  readonly rcode: number;          // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED
  readonly truncated: boolean;     // TC: ask again over TCP
  readonly answers: readonly DnsAnswer[];
}

/** At most this many records are read from one response (the rest are ignored). */
export const MAX_RECORDS = 256;
/** Longest TXT text kept (an SPF record longer than this is cut, which the SPF parser then reads as is). */
export const MAX_TXT = 4096;

export function dnsError(message: string, cause?: unknown): GatehouseError {
  return new GatehouseError('GH_ERR_DNS', message, { exitCode: 1, ...(cause !== undefined ? { cause } : {}) });
}

/** Lower case, no trailing dot. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function encodeQuery(id: number, name: string, type: DiscoveryType): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, class: 'IN', name }] });
}

function text(data: unknown): string {
  if (typeof data === 'string') { return data; }
  if (Buffer.isBuffer(data)) { return data.toString('latin1'); }
  if (Array.isArray(data)) { return data.map((d) => text(d)).join(''); }
  return '';
}

function flatten(r: { name: string; type: string; data?: unknown }): DnsAnswer | null {
  const type = (DISCOVERY_TYPES as readonly string[]).includes(r.type) ? r.type as DiscoveryType : null;
  if (type === null || typeof r.name !== 'string') { return null; }
  const d = r.data;
  let data: string;
  if (type === 'MX') { data = canonicalName(text((d as { exchange?: unknown } | undefined)?.exchange)); }
  else if (type === 'SRV') { data = canonicalName(text((d as { target?: unknown } | undefined)?.target)); }
  else if (type === 'TXT') { data = text(d).slice(0, MAX_TXT); }
  else if (type === 'CNAME' || type === 'NS') { data = canonicalName(text(d)); }
  else { data = text(d); }
  return data === '' ? null : { name: canonicalName(r.name), type, data };
}

/**
 * Parses a response to the query `id` for `name`: GH_ERR_DNS when it is not a DNS response, too short or too long,
 * answers another id or question. `maxBytes` bounds what is decoded (UDP 4096, TCP 65535).
 */
export function parseResponse(buf: Buffer, expect: { id: number; name: string; type: DiscoveryType }, maxBytes = 65535): DnsResponse {
  if (buf.length < 12) { throw dnsError(`DNS response of ${buf.length} bytes is shorter than a header`); }
  if (buf.length > maxBytes) { throw dnsError(`DNS response of ${buf.length} bytes exceeds the ${maxBytes}-byte cap`); }
  let p: ReturnType<typeof dnsPacket.decode>;
  try { p = dnsPacket.decode(buf); } catch (err) {
    if (isGatehouseError(err)) { throw err; }
    throw dnsError('malformed DNS response', err);
  }
  if (p.type !== 'response') { throw dnsError('DNS message is not a response'); }
  if (p.id !== expect.id) { throw dnsError(`DNS response id ${p.id ?? '?'} does not match query id ${expect.id}`); }
  const q = p.questions?.[0];
  if (p.questions?.length !== 1 || q === undefined || typeof q.name !== 'string' || canonicalName(q.name) !== canonicalName(expect.name) || q.type !== expect.type) {
    throw dnsError(`DNS response does not answer ${expect.type} ${expect.name}`);
  }
  const flags = p.flags ?? 0;
  const answers: DnsAnswer[] = [];
  for (const r of (p.answers ?? []).slice(0, MAX_RECORDS)) {
    const a = flatten(r);
    if (a !== null) { answers.push(a); }
  }
  return { id: p.id, rcode: flags & 0x0f, truncated: (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0, answers };
}
