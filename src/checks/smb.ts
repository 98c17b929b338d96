/**
 * @module checks/smb — `smb-exposed` (445 direct TCP; 139 over a NetBIOS session, [MS-SMB2] 2.2.3 NEGOTIATE:
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-smb2/). Sends an SMB2 NEGOTIATE offering
 * dialects 2.0.2–3.0.2; an SMB2 NEGOTIATE response proves a file-sharing server reachable from here (the target
 * of worms such as WannaCry and of relay attacks). The chosen dialect and whether signing is required are
 * recorded. No session is set up.
 */
import type { Conn } from '../net/dialer.js';
import type { Check, CheckContext } from './types.js';
import { notRun, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';
import { negotiate2 } from '../protocols/smb.js';

/** SMB2 NEGOTIATE offering dialects 2.0.2–3.0.2 (the codec of protocols/smb). */
export function negotiateRequest(): Buffer {
  return negotiate2({ messageId: 0 });
}

/** First-level encoded NetBIOS name (RFC 1002 4.1). */
export function netbiosName(name: string, suffix: number): Buffer {
  const raw = Buffer.alloc(16, 0x20);
  Buffer.from(name.slice(0, 15), 'latin1').copy(raw);
  raw[15] = suffix;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) { out[1 + i * 2] = 0x41 + ((raw[i] as number) >> 4); out[2 + i * 2] = 0x41 + ((raw[i] as number) & 0x0f); }
  return out;
}

export function sessionRequest(): Buffer {
  const body = Buffer.concat([netbiosName('*SMBSERVER', 0x20), netbiosName('GATEHOUSE', 0x00)]);
  const h = Buffer.from([0x81, 0, 0, body.length]);
  return Buffer.concat([h, body]);
}

export function parseNegotiateResponse(d: Buffer): { dialect: number; signingRequired: boolean; status: number } | null {
  if (d.length < 4 + 64 + 8) { return null; }
  const len = d.readUInt32BE(0) & 0xffffff;
  if (d.length < 4 + Math.min(len, 64 + 8)) { return null; }
  const h = d.subarray(4);
  if (h.readUInt32BE(0) !== 0xfe534d42 || h.readUInt16LE(12) !== 0) { return null; }
  const status = h.readUInt32LE(8);
  const body = h.subarray(64);
  if (body.readUInt16LE(0) !== 65) { return status !== 0 ? { dialect: 0, signingRequired: false, status } : null; }
  return { dialect: body.readUInt16LE(4), signingRequired: (body.readUInt16LE(2) & 0x02) !== 0, status };
}

function dialectName(d: number): string { return `${d >> 8}.${(d >> 4) & 0xf}.${d & 0xf}`; }

async function netbiosSession(conn: Conn, ctx: CheckContext): Promise<boolean> {
  const r = await conn.exchange(sessionRequest(), { until: (d) => d.length >= 4, maxBytes: 64, timeoutMs: ctx.readTimeoutMs });
  return r.data[0] === 0x82;
}

export const smbExposed: Check = {
  id: 'smb-exposed',
  title: 'SMB file sharing exposed',
  severity: 'high',
  services: ['microsoft-ds', 'netbios-ssn', 'smb'],
  proves: 'The host answered an SMB2 NEGOTIATE: Windows/Samba file sharing is reachable from here (target of wormable exploits, relay and password spraying).',
  probe: 'SMB2 NEGOTIATE (dialects 2.0.2, 2.1, 3.0, 3.0.2; on 139 after a NetBIOS session request); the response is parsed and the connection closed.',
  remediation: 'Block 139/445 at the perimeter, allow SMB only from the networks that need it, disable SMB1, and require signing (server signing = mandatory).',
  references: [REF.cisaSmb, REF.sambaHardening, REF.cwe668, sansPort(445)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      if (ctx.port.port === 139 || ctx.port.service.name === 'netbios-ssn') {
        if (!(await netbiosSession(conn, ctx))) { return notRun('the NetBIOS session request was not accepted', conn.exchanges); }
      }
      const r = await conn.exchange(negotiateRequest(), { until: (d) => d.length >= 4 && d.length >= 4 + (d.readUInt32BE(0) & 0xffffff), maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      const n = parseNegotiateResponse(r.data);
      if (n === null || n.status !== 0) { return notRun(n === null ? 'no SMB2 NEGOTIATE response' : `SMB2 NEGOTIATE failed with status 0x${n.status.toString(16)}`, conn.exchanges); }
      return vulnerable(`SMB2 NEGOTIATE answered: dialect ${dialectName(n.dialect)}, signing ${n.signingRequired ? 'required' : 'not required'}.`, conn.exchanges,
        { details: { dialect: dialectName(n.dialect), signingRequired: n.signingRequired } });
    });
  },
};
