/**
 * @module checks/x11 — `x11-open` (ports 6000-6063, X Window System Protocol, "Connection Setup":
 * https://www.x.org/releases/X11R7.7/doc/xproto/x11protocol.html). Sends a connection setup with no
 * authorization; a Success reply proves any client may open windows on, read and inject input into the display.
 * The connection is closed right after the reply.
 */
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';

/** Little-endian connection setup, protocol 11.0, empty authorization name and data. */
export const X11_SETUP = Buffer.from([0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

export type X11Reply =
  | { kind: 'success'; major: number; minor: number; vendor: string; screens: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'authenticate'; reason: string };

/** Bytes needed for the whole setup reply, once the 8-byte header is in. */
export function x11ReplyLength(d: Buffer): number | null {
  return d.length < 8 ? null : 8 + d.readUInt16LE(6) * 4;
}

export function parseX11Reply(d: Buffer): X11Reply | null {
  const need = x11ReplyLength(d);
  if (need === null || d.length < need) { return null; }
  const status = d[0];
  if (status === 0) { const n = d[1] as number; return { kind: 'failed', reason: d.subarray(8, 8 + n).toString('latin1') }; }
  if (status === 2) { return { kind: 'authenticate', reason: d.subarray(8, need).toString('latin1').replace(/\0+$/, '') }; }
  if (status !== 1 || d.length < 40) { return null; }
  const vlen = d.readUInt16LE(24);
  if (40 + vlen > d.length) { return null; }
  return { kind: 'success', major: d.readUInt16LE(2), minor: d.readUInt16LE(4), vendor: d.subarray(40, 40 + vlen).toString('latin1'), screens: d[28] as number };
}

export const x11Open: Check = {
  id: 'x11-open',
  title: 'X11 display open to any client',
  severity: 'critical',
  services: ['x11'],
  proves: 'The X server accepted a connection setup without any authorization: anyone can capture the screen, read keystrokes and inject input.',
  probe: 'An X11 connection setup (protocol 11.0, no authorization data); close after the reply.',
  remediation: 'Start the X server with -nolisten tcp (the default on modern systems), never run `xhost +` or -ac, and use SSH X forwarding for remote display.',
  references: [REF.xsecurity, REF.cwe306, sansPort(6000)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(X11_SETUP, { until: (d) => { const n = x11ReplyLength(d); return n !== null && d.length >= n; }, maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      const reply = parseX11Reply(r.data);
      if (reply === null) { return notRun('no complete X11 setup reply', conn.exchanges); }
      if (reply.kind === 'success') {
        return vulnerable(`Connection setup without authorization succeeded (X${reply.major}.${reply.minor}, vendor "${reply.vendor}", ${reply.screens} screen(s)).`, conn.exchanges,
          { details: { vendor: reply.vendor, screens: reply.screens } });
      }
      return secure(`Connection setup refused: ${reply.kind}${reply.reason ? ` ("${reply.reason.trim()}")` : ''}.`, conn.exchanges);
    });
  },
};
