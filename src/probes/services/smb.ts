/**
 * @module probes/services/smb — SMB2/3 (port 445; 139 needs a NetBIOS session first and is not probed here).
 * Spec: [MS-SMB2] §2.2.1 (SMB2 header, protocol id 0xFE 'SMB'), §2.2.3 (NEGOTIATE request), §2.2.4 (NEGOTIATE
 * response: SecurityMode, DialectRevision, ServerGuid), over the direct-TCP transport ([MS-SMB2] §2.1: 4-byte
 * length prefix). Sends one NEGOTIATE offering dialects 2.0.2–3.0.2; no session is set up. An SMB1-only server
 * answers 0xFF 'SMB'.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { u32 } from '../util.js';

export function negotiateRequest(): Buffer {
  const dialects = [0x0202, 0x0210, 0x0300, 0x0302];
  const hdr = Buffer.alloc(64);
  hdr.write('\xfeSMB', 0, 'latin1');
  hdr.writeUInt16LE(64, 4);          // StructureSize
  hdr.writeUInt16LE(0, 12);          // Command NEGOTIATE
  hdr.writeUInt16LE(1, 14);          // CreditRequest
  const body = Buffer.alloc(36 + dialects.length * 2);
  body.writeUInt16LE(36, 0);         // StructureSize
  body.writeUInt16LE(dialects.length, 2);
  body.writeUInt16LE(1, 4);          // SecurityMode: signing enabled
  body.writeUInt32LE(0, 8);          // Capabilities
  Buffer.from('6761746568f75e48a1b2c3d4e5f60718', 'hex').copy(body, 12); // ClientGuid
  dialects.forEach((d, i) => body.writeUInt16LE(d, 36 + i * 2));
  const msg = Buffer.concat([hdr, body]);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(msg.length, 0);
  return Buffer.concat([nb, msg]);
}

const DIALECTS: Readonly<Record<number, string>> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1', 0x02ff: '2.???' };

export function parseSmb(data: Buffer): ServiceMatch | null {
  if (data.length < 8 || data[0] !== 0x00) { return null; }
  const len = u32(data, 0) & 0x00ffffff;
  if (len < 36 || len > 65_536) { return null; }
  const magic = data.toString('latin1', 4, 8);
  if (magic === '\xffSMB') { return { name: 'microsoft-ds', product: 'SMB', extraInfo: 'SMBv1 only', confidence: 0.95, facts: { 'smb.dialect': '1' } }; }
  if (magic !== '\xfeSMB' || data.length < 4 + 64 + 8 || data.readUInt16LE(4 + 12) !== 0) { return null; }
  const b = 4 + 64;
  if (data.readUInt16LE(b) !== 65) { return null; }
  const dialect = DIALECTS[data.readUInt16LE(b + 4)] ?? `0x${data.readUInt16LE(b + 4).toString(16)}`;
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
  until: (d) => d.length >= 4 && d.length >= 4 + (u32(d, 0) & 0x00ffffff),
  maxBytes: 8192,
  match: parseSmb,
};
