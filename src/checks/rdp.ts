/**
 * @module checks/rdp — `rdp-exposed` (port 3389, [MS-RDPBCGR] 2.2.1.1 X.224 Connection Request:
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/). Sends a Connection Request asking
 * for TLS only (no CredSSP): a Connection Confirm proves an RDP listener; a "hybrid required" failure means
 * Network Level Authentication is enforced (high), a TLS or standard-security session without NLA lets anyone
 * reach the Windows logon screen (critical). The connection is closed after the confirm.
 */
import type { Check } from './types.js';
import { notRun, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';
import { connectionRequest, PROTOCOL } from '../protocols/rdp.js';

/** TPKT + X.224 CR + RDP_NEG_REQ (requestedProtocols = PROTOCOL_SSL), from protocols/rdp. */
export const RDP_CONNECTION_REQUEST = connectionRequest(PROTOCOL.SSL);

export type RdpConfirm =
  | { kind: 'selected'; protocol: number }
  | { kind: 'failure'; code: number }
  | { kind: 'legacy' };

export const FAILURES: Readonly<Record<number, string>> = { 1: 'SSL required by server', 2: 'SSL not allowed by server', 3: 'SSL certificate not on server', 4: 'inconsistent flags', 5: 'hybrid (NLA) required by server', 6: 'SSL with user auth required by server' };

export function parseConnectionConfirm(d: Buffer): RdpConfirm | null {
  if (d.length < 11 || d[0] !== 0x03 || d[1] !== 0x00) { return null; }
  const len = d.readUInt16BE(2);
  if (len < 11 || d.length < len || ((d[5] as number) & 0xf0) !== 0xd0) { return null; }
  if (len < 19) { return { kind: 'legacy' }; }
  const type = d[11];
  const value = d.readUInt32LE(15);
  if (type === 0x02) { return { kind: 'selected', protocol: value }; }
  if (type === 0x03) { return { kind: 'failure', code: value }; }
  return { kind: 'legacy' };
}

const PROTOCOLS: Readonly<Record<number, string>> = { 0: 'standard RDP security', 1: 'TLS', 2: 'CredSSP (NLA)', 8: 'CredSSP with Early User Auth' };

export const rdpExposed: Check = {
  id: 'rdp-exposed',
  title: 'Remote Desktop exposed',
  severity: 'high',
  services: ['ms-wbt-server', 'rdp'],
  proves: 'An RDP listener answered the X.224 Connection Request: high when it requires NLA, critical when a session without NLA is possible (logon screen reachable by anyone).',
  probe: 'X.224 Connection Request with RDP_NEG_REQ for TLS only; read the Connection Confirm, close.',
  remediation: 'Do not expose RDP to the internet: put it behind a VPN or RD Gateway with MFA, require Network Level Authentication, and apply account lockout.',
  references: [REF.msRdpNla, REF.cisaKev, REF.cwe668, sansPort(3389)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(RDP_CONNECTION_REQUEST, { until: (d) => d.length >= 4 && d.length >= d.readUInt16BE(2), maxBytes: 1024, timeoutMs: ctx.readTimeoutMs });
      const c = parseConnectionConfirm(r.data);
      if (c === null) { return notRun('no X.224 Connection Confirm', conn.exchanges); }
      if (c.kind === 'failure' && (c.code === 5 || c.code === 6)) {
        return vulnerable(`RDP answered and requires Network Level Authentication (${FAILURES[c.code] ?? c.code}).`, conn.exchanges, { severity: 'high', details: { nla: true } });
      }
      if (c.kind === 'selected') {
        return vulnerable(`RDP accepted a session without NLA (selected ${PROTOCOLS[c.protocol] ?? `protocol ${c.protocol}`}).`, conn.exchanges, { severity: 'critical', details: { nla: false, selected: c.protocol } });
      }
      if (c.kind === 'legacy') {
        return vulnerable('RDP answered with a legacy Connection Confirm (standard RDP security, no NLA).', conn.exchanges, { severity: 'critical', details: { nla: false } });
      }
      return vulnerable(`RDP answered with a negotiation failure (${FAILURES[c.code] ?? `code ${c.code}`}).`, conn.exchanges, { severity: c.code === 2 ? 'critical' : 'high', details: { failure: c.code } });
    });
  },
};
