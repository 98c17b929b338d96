/**
 * @module probes/services/sip — SIP over TCP (port 5060). Spec: RFC 3261 §11 (OPTIONS), §7.2 (responses
 * "SIP/2.0 code reason"), §20.35/§20.41 (Server, User-Agent). Sends one OPTIONS request; reads the response.
 */
import type { ProbeContext, ProbeRule, ServiceMatch } from '../types.js';
import { header, httpComplete, parseHttpResponse, serverProduct } from '../../protocols/http.js';
import { compact } from '../util.js';

export function sipOptions(ctx: Pick<ProbeContext, 'hostname' | 'port'>): string {
  const host = ctx.hostname.includes(':') ? `[${ctx.hostname}]` : ctx.hostname;
  return `OPTIONS sip:nm@${host} SIP/2.0\r\nVia: SIP/2.0/TCP gatehouse.invalid;branch=z9hG4bK-gh1\r\nMax-Forwards: 70\r\n` +
    `To: <sip:nm@${host}>\r\nFrom: <sip:gatehouse@gatehouse.invalid>;tag=gh1\r\nCall-ID: gh-${ctx.port}@gatehouse.invalid\r\n` +
    'CSeq: 1 OPTIONS\r\nContact: <sip:gatehouse@gatehouse.invalid>\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n';
}

export function parseSip(data: Buffer): ServiceMatch | null {
  const r = parseHttpResponse(data, ['SIP']);
  if (r === null) { return null; }
  const srv = header(r, 'server') ?? header(r, 'user-agent');
  const sp = srv !== undefined ? serverProduct(srv) : undefined;
  return compact({
    name: 'sip', product: sp?.product, version: sp?.version, confidence: 1,
    facts: compact({ 'sip.status': r.status, 'sip.allow': header(r, 'allow'), 'sip.server': srv }),
  });
}

export const sipRule: ProbeRule = {
  name: 'sip',
  service: 'sip',
  ports: [5060, 5061],
  payload: sipOptions,
  until: httpComplete,
  maxBytes: 16_384,
  match: parseSip,
};
