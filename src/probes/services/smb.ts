/**
 * @module probes/services/smb — SMB2/3 (port 445; 139 needs a NetBIOS session first and is not probed here).
 * Spec: [MS-SMB2] §2.2.3/§2.2.4 NEGOTIATE, [MS-NLMP] §2.2.1.2 CHALLENGE, [MS-CIFS] §2.2.4.52–53 (SMB1). Sends one
 * SMB2 NEGOTIATE (dialects 2.0.2–3.0.2); on an answer, the session continues read-only: a SESSION_SETUP carrying an
 * NTLMSSP NEGOTIATE (the CHALLENGE names the computer and domain and carries a version field; no login), then on a
 * fresh connection an SMB1 NEGOTIATE ("NT LM 0.12") and, when accepted, an anonymous SMB1 SESSION_SETUP whose native
 * LAN manager names Samba and its version ("Samba 4.17.12-Debian"). Without SMB1 the product is not named: the
 * SMB2 answers of Samba and Windows carry no product string (the NTLM version field of Samba is a constant 6.1.0).
 * An SMB1-only server answers the SMB2 NEGOTIATE with 0xFF 'SMB'.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { u32 } from '../util.js';
import * as smb from '../../protocols/smb.js';
import { Smb2Client, smb1Probe } from '../../protocols/smb-client.js';

export function negotiateRequest(): Buffer {
  return smb.negotiate2({ messageId: 0 });
}

export function parseSmb(data: Buffer): ServiceMatch | null {
  if (data.length < 8 || data[0] !== 0x00) { return null; }
  const len = u32(data, 0) & 0x00ffffff;
  if (len < 36 || len > 65_536) { return null; }
  const magic = data.toString('latin1', 4, 8);
  if (magic === '\xffSMB') { return { name: 'microsoft-ds', product: 'SMB', extraInfo: 'SMBv1 only', confidence: 0.95, facts: { 'smb.dialect': '1', 'smb.v1': true } }; }
  if (magic !== '\xfeSMB' || data.length < 4 + 64 + 8 || data.readUInt16LE(4 + 12) !== 0) { return null; }
  const b = 4 + 64;
  if (data.readUInt16LE(b) !== 65) { return null; }
  const dialect = smb.DIALECT_NAMES[data.readUInt16LE(b + 4)] ?? `0x${data.readUInt16LE(b + 4).toString(16)}`;
  const signingRequired = ((data[b + 2] as number) & 0x02) !== 0;
  return {
    name: 'microsoft-ds', product: 'SMB', extraInfo: `dialect ${dialect}${signingRequired ? '; signing required' : ''}`, confidence: 1,
    facts: { 'smb.dialect': dialect, 'smb.signingRequired': signingRequired },
  };
}

export const smbRule: ProbeRule = {
  name: 'smb',
  service: 'microsoft-ds',
  ports: [445],
  payload: negotiateRequest(),
  until: smb.frameComplete,
  maxBytes: 8192,
  match: parseSmb,
  async session(conn, m, ctx) {
    if (m.facts?.['smb.v1'] === true) { return m; }
    const facts = { ...m.facts };
    const ch = await new Smb2Client(conn, ctx.readTimeoutMs, 1).challenge();
    if (ch !== null) {
      if (ch.version !== undefined) { facts['smb.ntlm.version'] = `${ch.version.major}.${ch.version.minor}.${ch.version.build}`; }
      for (const [k, v] of Object.entries(ch.names)) { if (v !== '') { facts[`smb.ntlm.${k}`] = v; } }
    }
    conn.close();
    let c1;
    try { c1 = await ctx.dial(); } catch { return { ...m, facts }; }
    try {
      const one = await smb1Probe(c1, ctx.readTimeoutMs);
      conn.exchanges.push(...c1.exchanges);
      facts['smb.v1'] = one.negotiate !== null && one.negotiate.dialectIndex === 0;
      const lanman = one.session?.nativeLanMan ?? '';
      if (lanman !== '') { facts['smb.nativeLanMan'] = lanman; facts['smb.nativeOs'] = one.session?.nativeOs ?? ''; }
      const samba = smb.sambaVersion(lanman);
      return samba === null ? { ...m, facts } : { ...m, product: samba.product, version: samba.version, facts };
    } finally { c1.close(); }
  },
  cpe: { 'Samba smbd': 'samba:samba' },
};
