/**
 * @module protocols/smb — SMB wire codec shared by the SMB probe and checks (port 445 direct TCP, [MS-SMB2] §2.1:
 * a 4-byte big-endian length before each message). SMB2 ([MS-SMB2] §2.2): header, NEGOTIATE, SESSION_SETUP,
 * TREE_CONNECT, CREATE, IOCTL (FSCTL_PIPE_TRANSCEIVE), CLOSE, LOGOFF. SMB1 ([MS-CIFS] §2.2.4.52, §2.2.4.53):
 * NEGOTIATE offering only "NT LM 0.12" and an anonymous non-extended SESSION_SETUP_ANDX, whose answer names the
 * server's native OS and LAN manager (Samba: "Samba 4.17.12-Debian"). Builders are pure; parsers never throw and
 * return null on anything malformed. Spec: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-smb2/
 */

export const STATUS = { SUCCESS: 0, MORE_PROCESSING: 0xc0000016, LOGON_FAILURE: 0xc000006d, ACCESS_DENIED: 0xc0000022, BAD_NETWORK_NAME: 0xc00000cc } as const;
export const CMD = { NEGOTIATE: 0, SESSION_SETUP: 1, LOGOFF: 2, TREE_CONNECT: 3, CREATE: 5, CLOSE: 6, IOCTL: 11 } as const;
/** NEGOTIATE SecurityMode bits. */
export const SIGNING_ENABLED = 0x01;
export const SIGNING_REQUIRED = 0x02;
/** SESSION_SETUP response SessionFlags. */
export const SESSION_IS_GUEST = 0x01;
export const SESSION_IS_NULL = 0x02;
export const DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302] as const;

/** Largest SMB message a parser accepts (bytes after the length prefix). */
export const MAX_MESSAGE = 65_536;

/** The 4-byte direct-TCP length prefix. */
export function frame(msg: Buffer): Buffer {
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(msg.length & 0x00ffffff, 0);
  return Buffer.concat([nb, msg]);
}

/** The message is complete (length prefix + that many bytes), for bounded reads. */
export function frameComplete(d: Buffer): boolean {
  return d.length >= 4 && d.length >= 4 + (d.readUInt32BE(0) & 0x00ffffff);
}

export interface Smb2Ids { messageId: number; sessionId?: bigint; treeId?: number }

export function smb2Header(command: number, ids: Smb2Ids): Buffer {
  const h = Buffer.alloc(64);
  Buffer.from([0xfe, 0x53, 0x4d, 0x42]).copy(h, 0);
  h.writeUInt16LE(64, 4);                       // StructureSize
  h.writeUInt16LE(1, 6);                        // CreditCharge
  h.writeUInt16LE(command, 12);
  h.writeUInt16LE(31, 14);                      // CreditRequest
  h.writeBigUInt64LE(BigInt(ids.messageId), 24);
  h.writeUInt32LE(ids.treeId ?? 0, 36);
  h.writeBigUInt64LE(ids.sessionId ?? 0n, 40);
  return h;
}

export function negotiate2(ids: Smb2Ids, securityMode = SIGNING_ENABLED): Buffer {
  const body = Buffer.alloc(36 + DIALECTS.length * 2);
  body.writeUInt16LE(36, 0);
  body.writeUInt16LE(DIALECTS.length, 2);
  body.writeUInt16LE(securityMode, 4);
  Buffer.from('gatehouse-smb-cl', 'latin1').copy(body, 12); // ClientGuid
  DIALECTS.forEach((d, i) => body.writeUInt16LE(d, 36 + i * 2));
  return frame(Buffer.concat([smb2Header(CMD.NEGOTIATE, ids), body]));
}

export function sessionSetup2(ids: Smb2Ids, securityBlob: Buffer): Buffer {
  const body = Buffer.alloc(24);
  body.writeUInt16LE(25, 0);
  body.writeUInt8(SIGNING_ENABLED, 3);
  body.writeUInt16LE(64 + 24, 12);              // SecurityBufferOffset
  body.writeUInt16LE(securityBlob.length, 14);
  return frame(Buffer.concat([smb2Header(CMD.SESSION_SETUP, ids), body, securityBlob]));
}

export function treeConnect2(ids: Smb2Ids, path: string): Buffer {
  const p = Buffer.from(path, 'utf16le');
  const body = Buffer.alloc(8);
  body.writeUInt16LE(9, 0);
  body.writeUInt16LE(64 + 8, 4);
  body.writeUInt16LE(p.length, 6);
  return frame(Buffer.concat([smb2Header(CMD.TREE_CONNECT, ids), body, p]));
}

/** CREATE opening an existing named pipe (e.g. "srvsvc") for read/write. */
export function createPipe2(ids: Smb2Ids, name: string): Buffer {
  const n = Buffer.from(name, 'utf16le');
  const body = Buffer.alloc(56);
  body.writeUInt16LE(57, 0);
  body.writeUInt32LE(2, 4);                     // ImpersonationLevel: Impersonation
  body.writeUInt32LE(0x0012019f, 24);           // DesiredAccess: generic read/write on a pipe
  body.writeUInt32LE(3, 32);                    // ShareAccess: read | write
  body.writeUInt32LE(1, 36);                    // CreateDisposition: FILE_OPEN
  body.writeUInt16LE(64 + 56, 44);
  body.writeUInt16LE(n.length, 46);
  return frame(Buffer.concat([smb2Header(CMD.CREATE, ids), body, n]));
}

/** IOCTL FSCTL_PIPE_TRANSCEIVE: write `input` to the pipe and read its answer (at most `maxOut` bytes). */
export function pipeTransceive2(ids: Smb2Ids, fileId: Buffer, input: Buffer, maxOut = 16_384): Buffer {
  const body = Buffer.alloc(56);
  body.writeUInt16LE(57, 0);
  body.writeUInt32LE(0x0011c017, 4);
  fileId.copy(body, 8, 0, 16);
  body.writeUInt32LE(64 + 56, 24);              // InputOffset
  body.writeUInt32LE(input.length, 28);
  body.writeUInt32LE(maxOut, 44);               // MaxOutputResponse
  body.writeUInt32LE(1, 48);                    // Flags: SMB2_0_IOCTL_IS_FSCTL
  return frame(Buffer.concat([smb2Header(CMD.IOCTL, ids), body, input]));
}

export function close2(ids: Smb2Ids, fileId: Buffer): Buffer {
  const body = Buffer.alloc(24);
  body.writeUInt16LE(24, 0);
  fileId.copy(body, 8, 0, 16);
  return frame(Buffer.concat([smb2Header(CMD.CLOSE, ids), body]));
}

export function logoff2(ids: Smb2Ids): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt16LE(4, 0);
  return frame(Buffer.concat([smb2Header(CMD.LOGOFF, ids), body]));
}

/** One SMB2 response: header fields and the body (after the 64-byte header). */
export interface Smb2Response { command: number; status: number; sessionId: bigint; treeId: number; body: Buffer; msg: Buffer }

export function parseSmb2(d: Buffer): Smb2Response | null {
  if (d.length < 4 + 64 || d[0] !== 0) { return null; }
  const len = d.readUInt32BE(0) & 0x00ffffff;
  if (len < 64 || len > MAX_MESSAGE || d.length < 4 + len) { return null; }
  const msg = d.subarray(4, 4 + len);
  if (msg.readUInt32BE(0) !== 0xfe534d42 || msg.readUInt16LE(4) !== 64) { return null; }
  return { command: msg.readUInt16LE(12), status: msg.readUInt32LE(8), sessionId: msg.readBigUInt64LE(40), treeId: msg.readUInt32LE(36), body: msg.subarray(64), msg };
}

/** A buffer inside `msg` at (offset from the header start, length), or an empty buffer when out of bounds. */
function slice(msg: Buffer, off: number, len: number): Buffer {
  return off >= 64 && off + len <= msg.length ? msg.subarray(off, off + len) : Buffer.alloc(0);
}

export interface Negotiate2 { dialect: number; securityMode: number; signingRequired: boolean; serverGuid: string; securityBlob: Buffer }

export function parseNegotiate2(r: Smb2Response): Negotiate2 | null {
  if (r.command !== CMD.NEGOTIATE || r.status !== 0 || r.body.length < 64 || r.body.readUInt16LE(0) !== 65) { return null; }
  const securityMode = r.body.readUInt16LE(2);
  return {
    dialect: r.body.readUInt16LE(4), securityMode, signingRequired: (securityMode & SIGNING_REQUIRED) !== 0,
    serverGuid: r.body.subarray(8, 24).toString('hex'), securityBlob: slice(r.msg, r.body.readUInt16LE(56), r.body.readUInt16LE(58)),
  };
}

export function parseSessionSetup2(r: Smb2Response): { flags: number; securityBlob: Buffer } | null {
  if (r.command !== CMD.SESSION_SETUP || r.body.length < 8) { return null; }
  if (r.body.readUInt16LE(0) !== 9) { return r.status !== 0 ? { flags: 0, securityBlob: Buffer.alloc(0) } : null; }
  return { flags: r.body.readUInt16LE(2), securityBlob: slice(r.msg, r.body.readUInt16LE(4), r.body.readUInt16LE(6)) };
}

/** TREE_CONNECT response: ShareType (1 disk, 2 pipe, 3 print). */
export function parseTreeConnect2(r: Smb2Response): { shareType: number } | null {
  if (r.command !== CMD.TREE_CONNECT || r.status !== 0 || r.body.length < 16 || r.body.readUInt16LE(0) !== 16) { return null; }
  return { shareType: r.body.readUInt8(2) };
}

export function parseCreate2(r: Smb2Response): { fileId: Buffer } | null {
  if (r.command !== CMD.CREATE || r.status !== 0 || r.body.length < 88 || r.body.readUInt16LE(0) !== 89) { return null; }
  return { fileId: Buffer.from(r.body.subarray(64, 80)) };
}

export function parseIoctl2(r: Smb2Response): Buffer | null {
  if (r.command !== CMD.IOCTL || r.status !== 0 || r.body.length < 48 || r.body.readUInt16LE(0) !== 49) { return null; }
  const out = slice(r.msg, r.body.readUInt32LE(32), r.body.readUInt32LE(36));
  return out.length > 0 ? out : null;
}

export const DIALECT_NAMES: Readonly<Record<number, string>> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1' };

// ---- SMB1 ([MS-CIFS]) ------------------------------------------------------------------------------------------

function smb1Header(command: number, flags2: number): Buffer {
  const h = Buffer.alloc(32);
  Buffer.from([0xff, 0x53, 0x4d, 0x42]).copy(h, 0);
  h.writeUInt8(command, 4);
  h.writeUInt8(0x18, 9);                        // Flags: case-insensitive, canonicalised paths
  h.writeUInt16LE(flags2, 10);
  h.writeUInt16LE(0xfeff, 26);                  // PID
  h.writeUInt16LE(1, 30);                       // MID
  return h;
}
const FLAGS2 = 0x8000 | 0x4000 | 0x0001;        // Unicode, NT status codes, long names (no extended security)

/** SMB1 NEGOTIATE offering only the "NT LM 0.12" dialect: an answer with dialect index 0 proves SMBv1. */
export function negotiate1(): Buffer {
  const dialect = Buffer.from('\x02NT LM 0.12\x00', 'latin1');
  const wc = Buffer.from([0, dialect.length & 0xff, dialect.length >> 8]);
  return frame(Buffer.concat([smb1Header(0x72, FLAGS2), wc, dialect]));
}

export interface Negotiate1 { dialectIndex: number; securityMode: number; signingRequired: boolean; extendedSecurity: boolean }

export function parseNegotiate1(d: Buffer): Negotiate1 | null {
  if (d.length < 4 + 32 + 3 || d[0] !== 0) { return null; }
  const len = d.readUInt32BE(0) & 0x00ffffff;
  if (len > MAX_MESSAGE || d.length < 4 + Math.min(len, 32 + 3)) { return null; }
  const m = d.subarray(4);
  if (m.readUInt32BE(0) !== 0xff534d42 || m[4] !== 0x72 || m.readUInt32LE(5) !== 0) { return null; }
  const wc = m[32] as number;
  if (wc < 1 || m.length < 33 + 2) { return null; }
  const dialectIndex = m.readUInt16LE(33);
  const securityMode = wc >= 17 && m.length >= 36 ? (m[35] as number) : 0;
  return { dialectIndex, securityMode, signingRequired: (securityMode & 0x08) !== 0, extendedSecurity: (m.readUInt16LE(10) & 0x0800) !== 0 };
}

/** Anonymous SESSION_SETUP_ANDX (no extended security): empty account, empty passwords. */
export function sessionSetup1Anonymous(): Buffer {
  const words = Buffer.alloc(26);
  words.writeUInt8(0xff, 0);                    // AndXCommand: none
  words.writeUInt16LE(16_644, 4);               // MaxBufferSize
  words.writeUInt16LE(1, 6);                    // MaxMpxCount
  words.writeUInt32LE(0x0000_00d4, 22);         // Capabilities: Unicode, NT status, large files, NT SMBs
  const bytes = Buffer.concat([Buffer.from([0]), Buffer.alloc(2), Buffer.alloc(2), Buffer.alloc(2), Buffer.alloc(2)]); // pad, account, domain, OS, LanMan
  const bc = Buffer.alloc(2);
  bc.writeUInt16LE(bytes.length, 0);
  return frame(Buffer.concat([smb1Header(0x73, FLAGS2), Buffer.from([13]), words, bc, bytes]));
}

/** SESSION_SETUP_ANDX response: status and the native OS / LAN manager / domain strings (bounded). */
export function parseSessionSetup1(d: Buffer): { status: number; nativeOs: string; nativeLanMan: string; domain: string } | null {
  if (d.length < 4 + 32 + 3 || d[0] !== 0) { return null; }
  const m = d.subarray(4, 4 + Math.min(d.readUInt32BE(0) & 0x00ffffff, MAX_MESSAGE));
  if (m.length < 35 || m.readUInt32BE(0) !== 0xff534d42 || m[4] !== 0x73) { return null; }
  const status = m.readUInt32LE(5);
  const wc = m[32] as number;
  const bcAt = 33 + wc * 2;
  if (status !== 0 || bcAt + 2 > m.length) { return { status, nativeOs: '', nativeLanMan: '', domain: '' }; }
  const unicode = (m.readUInt16LE(10) & 0x8000) !== 0;
  let at = bcAt + 2;
  const end = Math.min(m.length, at + m.readUInt16LE(bcAt));
  if (unicode && (at % 2) === 1) { at++; }      // strings are aligned to 2 bytes from the header start
  const strings: string[] = [];
  while (strings.length < 3 && at < end) {
    let stop = at;
    if (unicode) { while (stop + 1 < end && (m[stop] !== 0 || m[stop + 1] !== 0)) { stop += 2; } } else { while (stop < end && m[stop] !== 0) { stop++; } }
    strings.push(m.subarray(at, Math.min(stop, end)).toString(unicode ? 'utf16le' : 'latin1').slice(0, 128));
    at = stop + (unicode ? 2 : 1);
  }
  return { status, nativeOs: strings[0] ?? '', nativeLanMan: strings[1] ?? '', domain: strings[2] ?? '' };
}

/** "Samba 4.17.12-Debian" → product/version; null when the LAN manager string names no Samba version. */
export function sambaVersion(nativeLanMan: string): { product: string; version: string } | null {
  const m = /^Samba (\d+\.\d+\.\d+[\w.~+-]*)/.exec(nativeLanMan);
  return m === null ? null : { product: 'Samba smbd', version: (m[1] as string).replace(/-(?:Debian|Ubuntu)\b.*$/, '') };
}
