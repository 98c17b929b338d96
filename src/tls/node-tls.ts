/**
 * @module tls/node-tls — the "normal handshake" half: node:tls over a Conn's socket (so STARTTLS works and the dialer
 * stays the only one to connect), used where our raw handshake cannot see (the certificate under TLS 1.3 is
 * encrypted) and for HTTPS requests (HSTS). Certificate checks are off here on purpose: trust is judged by
 * tls/certs from the raw chain. Reads are bounded (16 KiB of HTTP head) and every path destroys the socket.
 */
import { connect, type TLSSocket, type DetailedPeerCertificate } from 'node:tls';
import type { Conn } from '../net/dialer.js';

export interface UpgradeOptions {
  readonly servername?: string | undefined;
  readonly timeoutMs: number;
}

/** Completes a TLS handshake over `conn.socket`; resolves with the TLS socket or rejects with the reason. */
export function upgrade(conn: Conn, o: UpgradeOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const opts = {
      socket: conn.socket, rejectUnauthorized: false, minVersion: 'TLSv1' as const, ciphers: 'ALL:@SECLEVEL=0',
      ...(o.servername !== undefined ? { servername: o.servername } : {}),
    };
    const s = connect(opts);
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`TLS handshake timed out after ${o.timeoutMs} ms`)); }, o.timeoutMs);
    s.once('secureConnect', () => { clearTimeout(timer); resolve(s); });
    s.once('error', (err: Error) => { clearTimeout(timer); s.destroy(); reject(err); });
  });
}

/** The DER chain the server presented, leaf first (walks issuerCertificate until it repeats). */
export function peerChain(s: TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  let c: DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  const seen = new Set<string>();
  while (c !== undefined && c.raw !== undefined && !seen.has(c.fingerprint256) && out.length < 16) {
    seen.add(c.fingerprint256);
    out.push(c.raw);
    c = c.issuerCertificate;
  }
  return out;
}

/** Sends a GET request and returns the response head (status line + headers), or null when it is not HTTP. */
export function httpHead(s: TLSSocket | Conn['socket'], host: string, timeoutMs: number, maxBytes = 16_384): Promise<string | null> {
  return new Promise((resolve) => {
    let buf = '';
    const finish = (v: string | null): void => { clearTimeout(timer); s.removeAllListeners('data'); s.destroy(); resolve(v); };
    const timer = setTimeout(() => finish(buf.startsWith('HTTP/') ? buf : null), timeoutMs);
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0 || buf.length >= maxBytes) { finish(buf.startsWith('HTTP/') ? buf.slice(0, end >= 0 ? end : maxBytes) : null); }
    });
    s.once('end', () => finish(buf.startsWith('HTTP/') ? buf : null));
    s.once('error', () => finish(null));
    s.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: gatehouse\r\nConnection: close\r\n\r\n`);
  });
}

/** A header's value from a response head (first occurrence, case-insensitive), or null. */
export function headerValue(head: string, name: string): string | null {
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === name.toLowerCase()) { return line.slice(i + 1).trim(); }
  }
  return null;
}
