/**
 * @module probes/tls-get — one request over TLS on a fresh dialer connection, bounded in bytes and time, for
 * naming a TLS service (HTTP over TLS). The certificate is not verified: we only read what the service says.
 */
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import type { Exchange } from '../core/types.js';
import { escapeBytes } from '../core/escape.js';
import type { Conn } from '../net/dialer.js';
import type { ProbeContext } from './types.js';

const MAX = 65_536;

/** Send `request` over TLS and read until `until`, EOF, `MAX` bytes or the read deadline. Null if TLS failed. */
export async function tlsGet(ctx: ProbeContext, request: string, until: (d: Buffer) => boolean): Promise<{ data: Buffer; exchange: Exchange } | null> {
  let conn: Conn;
  try { conn = await ctx.dial(); } catch { return null; }
  let sock: TLSSocket | null = null;
  try {
    const s = tlsConnect({ socket: conn.socket, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...(isIP(ctx.hostname) === 0 ? { servername: ctx.hostname } : {}) });
    sock = s;
    const data = await new Promise<Buffer | null>((resolve) => {
      const chunks: Buffer[] = [];
      let len = 0;
      let secure = false;
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        ctx.signal?.removeEventListener('abort', onAbort);
        s.removeAllListeners('data');
        resolve(ok ? Buffer.concat(chunks, len).subarray(0, MAX) : null);
      };
      const timer = setTimeout(() => finish(secure), ctx.readTimeoutMs * 2);
      s.once('secureConnect', () => { secure = true; s.write(request); });
      s.on('data', (c: Buffer) => {
        chunks.push(c);
        len += c.length;
        if (len >= MAX || until(Buffer.concat(chunks, len))) { finish(true); }
      });
      s.once('end', () => finish(secure));
      s.once('close', () => finish(secure));
      s.on('error', () => finish(secure && len > 0));
      const onAbort = (): void => finish(false);
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (data === null) { return null; }
    const esc = escapeBytes(data);
    const exchange: Exchange = { sent: escapeBytes(Buffer.from(request, 'latin1')).text, received: data.length > 0 ? esc.text : null, note: 'over TLS' };
    if (esc.truncated) { exchange.truncated = true; }
    return { data, exchange };
  } catch {
    return null;
  } finally {
    sock?.destroy();
    conn.close();
  }
}
