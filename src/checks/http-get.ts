/** @module checks/http-get — one bounded `GET` over a check's connection, parsed with protocols/http. */
import type { Conn } from '../net/dialer.js';
import type { CheckContext } from './types.js';
import { httpComplete, parseHttpResponse, type HttpResponse } from '../protocols/http.js';

export const HTTP_MAX = 65_536;

export function hostHeader(ctx: CheckContext): string {
  const name = ctx.hostname ?? (ctx.address.includes(':') ? `[${ctx.address}]` : ctx.address);
  return ctx.port.port === 80 ? name : `${name}:${ctx.port.port}`;
}

/** Send `GET path` with Connection: close; the parsed answer, or null when what came back is not HTTP. */
export async function httpGet(conn: Conn, ctx: CheckContext, path: string): Promise<HttpResponse | null> {
  const req = `GET ${path} HTTP/1.1\r\nHost: ${hostHeader(ctx)}\r\nUser-Agent: gatehouse-check\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
  const r = await conn.exchange(req, { until: httpComplete, maxBytes: HTTP_MAX, timeoutMs: ctx.readTimeoutMs });
  return parseHttpResponse(r.data);
}
