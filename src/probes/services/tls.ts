/**
 * @module probes/services/tls — TLS on any port (generic probe; 443, 8443, 993, 995, 465, 6443, 2376 hinted).
 * Spec: RFC 5246 §6.2 (record: type, version, length), §7.4.1.2 (ClientHello), §7.2 (alerts). Sends one TLS 1.2
 * ClientHello built here (common suites, SNI when the target has a name); a ServerHello (record 0x16, handshake 2)
 * or an alert record (0x15) proves TLS: `tls = true`, name 'ssl/unknown'. The session then tries HTTP over TLS
 * with node:tls on a fresh connection (certificate not verified: we only read) to name it 'https'. Deeper TLS
 * analysis is src/tls's job.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { ProbeContext, ProbeRule, ServiceMatch } from '../types.js';
import { u16 } from '../util.js';
import { hostHeader, httpMatch, httpRequest, httpRule } from './http.js';
import { apiFollowUps } from '../http-apis.js';
import { httpComplete, parseHttpResponse, type HttpResponse } from '../../protocols/http.js';
import { tlsGet } from '../tls-get.js';

const SUITES = [0xc02f, 0xc030, 0xc02b, 0xc02c, 0xcca8, 0xcca9, 0xc013, 0xc014, 0xc009, 0xc00a, 0x009c, 0x009d, 0x002f, 0x0035, 0x000a];

function ext(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}
const u16list = (xs: number[], lenBytes: 1 | 2): Buffer => {
  const b = Buffer.alloc(lenBytes + xs.length * 2);
  if (lenBytes === 1) { b.writeUInt8(xs.length * 2, 0); } else { b.writeUInt16BE(xs.length * 2, 0); }
  xs.forEach((x, i) => b.writeUInt16BE(x, lenBytes + i * 2));
  return b;
};

/** A TLS 1.2 ClientHello record; SNI only for a DNS name. */
export function clientHello(serverName: string | undefined): Buffer {
  const exts: Buffer[] = [];
  if (serverName !== undefined && isIP(serverName) === 0 && serverName.length < 256) {
    const n = Buffer.from(serverName, 'ascii');
    const entry = Buffer.concat([Buffer.from([0]), Buffer.from([n.length >> 8, n.length & 0xff]), n]);
    exts.push(ext(0x0000, Buffer.concat([Buffer.from([entry.length >> 8, entry.length & 0xff]), entry])));
  }
  exts.push(ext(0x000a, u16list([0x001d, 0x0017, 0x0018], 2)));               // supported_groups
  exts.push(ext(0x000b, Buffer.from([1, 0])));                                  // ec_point_formats: uncompressed
  exts.push(ext(0x000d, u16list([0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501, 0x0201], 2))); // signature_algorithms
  exts.push(ext(0xff01, Buffer.from([0])));                                     // renegotiation_info
  const extBytes = Buffer.concat(exts);
  const body = Buffer.concat([
    Buffer.from([0x03, 0x03]), randomBytes(32), Buffer.from([0]),
    u16list(SUITES, 2), Buffer.from([1, 0]),
    Buffer.from([extBytes.length >> 8, extBytes.length & 0xff]), extBytes,
  ]);
  const hs = Buffer.concat([Buffer.from([0x01, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01, hs.length >> 8, hs.length & 0xff]), hs]);
}

const VERSIONS: Readonly<Record<number, string>> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1.0', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };

/** A ServerHello or an alert record proves a TLS endpoint. */
export function parseTls(data: Buffer): ServiceMatch | null {
  if (data.length < 7 || data[1] !== 0x03 || (data[2] as number) > 0x04) { return null; }
  const recLen = u16(data, 3);
  if (recLen < 2 || recLen > 18_432) { return null; }
  if (data[0] === 0x15) {
    const level = data[5];
    if (level !== 1 && level !== 2) { return null; }
    return { name: 'ssl/unknown', tls: true, confidence: 0.9, facts: { 'tls.alert': data[6] as number } };
  }
  if (data[0] !== 0x16 || data[5] !== 0x02 || data.length < 11) { return null; }
  const v = u16(data, 9);
  const version = VERSIONS[v];
  if (version === undefined) { return null; }
  return { name: 'ssl/unknown', tls: true, confidence: 1, facts: { 'tls.version': version } };
}

async function httpsGet(ctx: ProbeContext, trail: { exchanges: import('../../core/types.js').Exchange[] }, path: string): Promise<HttpResponse | null> {
  const got = await tlsGet(ctx, httpRequest(path, hostHeader(ctx, 443)), httpComplete);
  if (got === null) { return null; }
  trail.exchanges.push(got.exchange);
  return parseHttpResponse(got.data, ['HTTP']);
}

/** Implicit-TLS names for protocols found inside TLS (IANA / nmap names); others become `ssl/<name>`. */
const TLS_NAMES: Readonly<Record<string, string>> = { imap: 'imaps', pop3: 'pop3s', smtp: 'smtps', ftp: 'ftps', ldap: 'ldaps', nntp: 'nntps', irc: 'ircs' };

/** An HTTP response is complete, or (not HTTP) a banner line has arrived. */
const httpOrLine = (d: Buffer): boolean => httpComplete(d) || (d.length >= 5 && d.toString('latin1', 0, 5) !== 'HTTP/' && d[d.length - 1] === 0x0a);

/** The best banner rule's verdict on what the service said inside TLS. */
function bannerInside(ctx: ProbeContext, data: Buffer): ServiceMatch | null {
  let best: ServiceMatch | null = null;
  for (const r of ctx.rules) {
    if (r.banner !== true) { continue; }
    let mm: ServiceMatch | null = null;
    try { mm = r.match(data); } catch { mm = null; }
    if (mm !== null && mm.confidence >= 0.8 && (best === null || mm.confidence > best.confidence)) { best = mm; }
  }
  return best;
}

export const tlsRule: ProbeRule = {
  name: 'tls',
  service: 'ssl/unknown',
  ports: [443, 8443, 465, 993, 995, 636, 990, 992, 994, 563, 5986, 6443, 2376, 9443, 10250],
  payload: (ctx) => clientHello(ctx.hostname),
  until: (d) => d.length >= 5 && d.length >= 5 + u16(d, 3),
  maxBytes: 32_768,
  match: parseTls,
  cpe: httpRule.cpe,          // what runs inside is usually HTTP (nginx, Kubernetes API, …)
  async session(conn, m, ctx) {
    conn.close();
    const got = await tlsGet(ctx, httpRequest('/', hostHeader(ctx, 443)), httpOrLine);
    if (got === null) { return m; }
    conn.exchanges.push(got.exchange);
    const root = parseHttpResponse(got.data, ['HTTP']);
    if (root === null) {
      const inner = bannerInside(ctx, got.data);
      return inner === null ? m : { ...inner, name: TLS_NAMES[inner.name] ?? `ssl/${inner.name}`, tls: true, facts: { ...m.facts, ...inner.facts } };
    }
    const h = httpMatch(root, 'https');
    const refined = await apiFollowUps(h, (p) => httpsGet(ctx, conn, p));
    return { ...refined, tls: true, facts: { ...m.facts, ...refined.facts } };
  },
};
