/**
 * @module protocols/http — the one HTTP wire module, used by the probes (identification) and the checks: pure
 * parsing of HTTP-style responses (HTTP/1.x, RTSP/1.0, SIP/2.0 share the format, RFC 9112 §4 status line, §5
 * fields): status line, header fields, body; when a response is complete; the Server header split into
 * product/version the way nmap names them. Untrusted bytes: never throws; bounded: at most 64 header lines,
 * values cut at 256 characters.
 */
import { escapeText } from '../core/escape.js';
import { isRecord } from '../core/guards.js';

/** Printable text of untrusted bytes, cut at `max` characters. */
function clean(s: string, max: number): string {
  return escapeText(Buffer.from(s.slice(0, max), 'latin1'), max).trim();
}

export interface HttpResponse {
  protocol: string;        // 'HTTP', 'RTSP', 'SIP'
  version: string;         // '1.1'
  status: number;
  reason: string;
  headers: Array<[string, string]>;   // lower-cased names, in order
  body: Buffer;
  complete: boolean;       // header block ended
}

/** Parse a response; null when the bytes do not start with a status line of `protocol`. */
export function parseHttpResponse(data: Buffer, protocols: readonly string[] = ['HTTP']): HttpResponse | null {
  const head = data.toString('latin1', 0, Math.min(data.length, 16_384));
  const m = /^([A-Z]{3,5})\/(\d\.\d) (\d{3})(?: ([^\r\n]*))?\r?\n/.exec(head);
  if (m === null || !protocols.includes(m[1] as string)) { return null; }
  const endIdx = head.search(/\r?\n\r?\n/);
  const block = endIdx < 0 ? head : head.slice(0, endIdx);
  const headers: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/).slice(1, 65)) {
    const i = line.indexOf(':');
    if (i <= 0) { continue; }
    headers.push([line.slice(0, i).trim().toLowerCase().slice(0, 64), clean(line.slice(i + 1).trim(), 256)]);
  }
  const bodyStart = endIdx < 0 ? data.length : endIdx + (head.slice(endIdx, endIdx + 4) === '\r\n\r\n' ? 4 : head[endIdx] === '\r' ? 3 : 2);
  return {
    protocol: m[1] as string, version: m[2] as string, status: Number(m[3]), reason: clean(m[4] ?? '', 128),
    headers, body: data.subarray(Math.min(bodyStart, data.length)), complete: endIdx >= 0,
  };
}

/** The first value of header `name` (lower case), or undefined. */
export function header(r: HttpResponse, name: string): string | undefined {
  return r.headers.find(([k]) => k === name)?.[1];
}

/** True once a response is complete: headers ended and the body is in (Content-Length or chunked end). */
export function httpComplete(d: Buffer): boolean {
  const s = d.toString('latin1', 0, Math.min(d.length, 65_536));
  const end = s.indexOf('\r\n\r\n');
  if (end < 0) { return false; }
  const len = /\r\ncontent-length:\s*(\d+)/i.exec(s.slice(0, end));
  if (len !== null) { return d.length >= end + 4 + Number(len[1]); }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(s.slice(0, end))) { return /\r\n0\r\n\r\n$/.test(s) || s.endsWith('\r\n0\r\n\r\n'); }
  return /^(?:HTTP|RTSP|SIP)\/\d\.\d (?:1\d\d|204|304)/.test(s);
}

const NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^Apache$/i, 'Apache httpd'],
  [/^Microsoft-IIS$/i, 'Microsoft IIS httpd'],
  [/^Microsoft-HTTPAPI$/i, 'Microsoft HTTPAPI httpd'],
  [/^lighttpd$/i, 'lighttpd'],
  [/^nginx$/i, 'nginx'],
  [/^openresty$/i, 'OpenResty web app server'],
  [/^Caddy$/i, 'Caddy httpd'],
  [/^Jetty$/i, 'Jetty'],
  [/^gunicorn$/i, 'Gunicorn'],
  [/^Werkzeug$/i, 'Werkzeug httpd'],
  [/^BaseHTTP$/i, 'BaseHTTPServer'],
];

/** "nginx/1.22.1", "Apache/2.4.57 (Debian)", "Jetty(9.4.51)" → product, version, extra. */
export function serverProduct(server: string): { product: string; version?: string; extraInfo?: string } {
  const first = /^([A-Za-z][\w.-]*?)(?:[/ (]v?(\d[\w.+~-]*)\)?)?(?:\s+\(([^)]*)\))?(?:\s|$)/.exec(server.trim());
  if (first === null) { return { product: clean(server, 64) }; }
  const raw = first[1] as string;
  const product = NAMES.find(([re]) => re.test(raw))?.[1] ?? raw;
  const out: { product: string; version?: string; extraInfo?: string } = { product: clean(product, 64) };
  if (first[2] !== undefined) { out.version = clean(first[2], 64); }
  if (first[3] !== undefined && first[3] !== '') { out.extraInfo = clean(first[3], 64); }
  return out;
}

/** The <title> of an HTML body, bounded. */
export function htmlTitle(body: Buffer): string | undefined {
  const m = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(body.toString('latin1', 0, Math.min(body.length, 16_384)));
  return m?.[1] !== undefined ? clean(m[1].trim(), 128) : undefined;
}

/** The body as JSON (object), or null; bodies over 64 KiB are not parsed. Handles a chunked body's first chunk. */
export function jsonBody(r: HttpResponse): Record<string, unknown> | null {
  let text = r.body.toString('utf8', 0, Math.min(r.body.length, 65_536));
  if (/chunked/i.test(header(r, 'transfer-encoding') ?? '')) { text = text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '').replace(/\r\n[0-9a-f]+\r\n/gi, ''); }
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : null;
  } catch { return null; }
}
