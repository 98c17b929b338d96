/**
 * @module probes/services/rtsp — RTSP (port 554, 8554). Spec: RFC 2326 §10.1 (OPTIONS), §7 (responses
 * "RTSP/1.0 code reason"), §12.36 Server. Sends `OPTIONS * RTSP/1.0` with CSeq; reads the response.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { header, httpComplete, parseHttpResponse, serverProduct } from '../../protocols/http.js';
import { compact } from '../util.js';

export function parseRtsp(data: Buffer): ServiceMatch | null {
  const r = parseHttpResponse(data, ['RTSP']);
  if (r === null) { return null; }
  const srv = header(r, 'server');
  const sp = srv !== undefined ? serverProduct(srv) : undefined;
  return compact({
    name: 'rtsp', product: sp?.product, version: sp?.version, confidence: 1,
    facts: compact({ 'rtsp.status': r.status, 'rtsp.public': header(r, 'public'), 'rtsp.server': srv }),
  });
}

export const rtspRule: ProbeRule = {
  name: 'rtsp',
  service: 'rtsp',
  ports: [554, 8554],
  payload: 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: gatehouse\r\n\r\n',
  until: httpComplete,
  maxBytes: 16_384,
  match: parseRtsp,
};
