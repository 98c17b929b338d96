/**
 * @module checks/vnc — `vnc-no-auth` (ports 5900+, RFB: RFC 6143). Reads the server's ProtocolVersion, answers
 * with the same (at most 3.8), reads the offered security types; if type 1 (None) is offered it selects it and
 * reads SecurityResult, then sends a shared ClientInit and reads the ServerInit (desktop size and name) as proof.
 * Shared mode: other viewers are not disconnected; no input is sent.
 */
import type { Conn } from '../net/dialer.js';
import type { Check, CheckContext } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';

export const SECURITY_TYPES: Readonly<Record<number, string>> = { 0: 'invalid', 1: 'None', 2: 'VNC Authentication', 5: 'RA2', 16: 'Tight', 18: 'TLS', 19: 'VeNCrypt', 30: 'Apple DH', 35: 'Apple' };

/** "RFB 003.008\n" → [3, 8]. */
export function parseRfbVersion(d: Buffer): [number, number] | null {
  const m = /^RFB (\d{3})\.(\d{3})\n/.exec(d.subarray(0, 12).toString('latin1'));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The security types list of RFB 3.7+ (count byte, then types); null if incomplete; [] = failure. */
export function parseSecurityTypes(d: Buffer): number[] | null {
  if (d.length < 1) { return null; }
  const n = d[0] as number;
  if (d.length < 1 + n) { return null; }
  return [...d.subarray(1, 1 + n)];
}

/** name and size from a ServerInit (w u16, h u16, pixel format 16 bytes, name length u32, name). */
export function parseServerInit(d: Buffer): { width: number; height: number; name: string } | null {
  if (d.length < 24) { return null; }
  const len = d.readUInt32BE(20);
  if (len > 4096 || d.length < 24 + len) { return null; }
  return { width: d.readUInt16BE(0), height: d.readUInt16BE(2), name: d.subarray(24, 24 + len).toString('utf8') };
}

/** Select None and initialise; the desktop description, '' when ServerInit did not come, null when refused. */
async function proveAccess(conn: Conn, ctx: CheckContext, minor: number): Promise<string | null> {
  const opts = { maxBytes: 8192, timeoutMs: ctx.readTimeoutMs };
  if (minor >= 8) {
    const res = await conn.exchange(Buffer.from([1]), { ...opts, until: (d) => d.length >= 4 });
    if (res.data.length < 4 || res.data.readUInt32BE(0) !== 0) { return null; }
  } else if (minor === 7) {
    conn.write(Buffer.from([1]));
  }
  const init = await conn.exchange(Buffer.from([1]), { ...opts, until: (d) => parseServerInit(d) !== null });
  const si = parseServerInit(init.data);
  return si ? `desktop "${si.name}" ${si.width}x${si.height}` : '';
}

export const vncNoAuth: Check = {
  id: 'vnc-no-auth',
  title: 'VNC desktop without authentication',
  severity: 'critical',
  services: ['vnc'],
  proves: 'The VNC server offers security type None and completed the handshake without any password: anyone can view and control the desktop.',
  probe: 'RFB version exchange, read security types; when None is offered, select it, read SecurityResult, send a shared ClientInit and read ServerInit.',
  remediation: 'Require a password or, better, VeNCrypt/TLS authentication (x11vnc: -rfbauth or -unixpw; never -nopw), listen on localhost only (-localhost) and reach VNC through SSH or a VPN.',
  references: [REF.rfc6143, REF.cwe306, sansPort(5900)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, { until: (d) => d.length >= 12, maxBytes: 12, timeoutMs: ctx.readTimeoutMs });
      const ver = parseRfbVersion(hello.data);
      if (ver === null || ver[0] !== 3) { return notRun('no RFB 3.x ProtocolVersion from the server', conn.exchanges); }
      const minor = ver[1] >= 8 ? 8 : ver[1] === 7 ? 7 : 3;
      const mine = Buffer.from(`RFB 003.00${minor}\n`, 'latin1');
      let types: number[];
      if (minor === 3) {
        const t = await conn.exchange(mine, { until: (d) => d.length >= 4, maxBytes: 4, timeoutMs: ctx.readTimeoutMs });
        if (t.data.length < 4) { return notRun('no security type from an RFB 3.3 server', conn.exchanges); }
        types = [t.data.readUInt32BE(0)];
      } else {
        const t = await conn.exchange(mine, { until: (d) => parseSecurityTypes(d) !== null, maxBytes: 256, timeoutMs: ctx.readTimeoutMs });
        const list = parseSecurityTypes(t.data);
        if (list === null) { return notRun('no security types list', conn.exchanges); }
        types = list;
      }
      const named = types.map((t) => SECURITY_TYPES[t] ?? `type ${t}`);
      if (types.length === 0 || types[0] === 0) { return notRun('the server refused the connection (no security types)', conn.exchanges); }
      if (!types.includes(1)) { return secure(`Security types offered: ${named.join(', ')} (no None).`, conn.exchanges); }
      const proof = await proveAccess(conn, ctx, minor);
      if (proof === null) { return notRun('security type None is offered but the server did not accept it (SecurityResult failed)', conn.exchanges); }
      return vulnerable(`Security type None is offered${proof ? ` and the handshake completed without a password: ${proof}` : ''}.`, conn.exchanges,
        { details: { securityTypes: named } });
    });
  },
};
