/**
 * @module checks/http-parse — the minimal HTTP/1.x response parser the HTTP-based checks share (status line,
 * headers, body so far). Untrusted bytes: never throws, returns null when the bytes are not an HTTP response.
 */
import { isRecord } from '../core/guards.js';

export interface HttpResponse {
  readonly version: string;          // '1.1'
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyMap<string, string>;   // lower-case names; repeated headers joined with ', '
  readonly body: string;             // latin1, as received (possibly cut)
}

/** True once the head is complete and, when Content-Length is given, the whole body is in. */
export function httpComplete(data: Buffer): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) { return false; }
  const head = data.subarray(0, end).toString('latin1');
  const m = /\r\ncontent-length:\s*(\d{1,9})/i.exec(head);
  if (!m) { return /\r\ntransfer-encoding:\s*chunked/i.test(head) ? data.includes('\r\n0\r\n\r\n') : false; }
  return data.length >= end + 4 + Number(m[1]);
}

export function parseHttpResponse(data: Buffer): HttpResponse | null {
  const text = data.toString('latin1');
  const m = /^HTTP\/(\d\.\d) (\d{3})(?: ([^\r\n]*))?\r?\n/.exec(text);
  if (!m) { return null; }
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/).slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) { continue; }
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    const prev = headers.get(name);
    headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
  }
  return { version: m[1] as string, status: Number(m[2]), reason: m[3] ?? '', headers, body: headEnd < 0 ? '' : text.slice(headEnd + 4) };
}

/** A JSON object from a response body, or null (bodies are untrusted and may be anything). */
export function jsonBody(res: HttpResponse): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(res.body);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}
