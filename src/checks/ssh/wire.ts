/**
 * @module checks/ssh/wire — SSH data types (RFC 4251 §5) and the KEXINIT message (RFC 4253 §7.1): a bounded
 * reader over untrusted payloads (every read checks its length and throws `SshWireError`, caught by the caller)
 * and writers for what the client sends.
 */

export class SshWireError extends Error {
  constructor(message: string) { super(message); this.name = 'SshWireError'; }
}

export class SshReader {
  private i = 0;
  constructor(private readonly b: Buffer) {}
  get offset(): number { return this.i; }
  byte(): number {
    if (this.i + 1 > this.b.length) { throw new SshWireError('truncated byte'); }
    return this.b[this.i++] as number;
  }
  bool(): boolean { return this.byte() !== 0; }
  uint32(): number {
    if (this.i + 4 > this.b.length) { throw new SshWireError('truncated uint32'); }
    const v = this.b.readUInt32BE(this.i); this.i += 4; return v;
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.i + n > this.b.length) { throw new SshWireError('truncated data'); }
    const v = this.b.subarray(this.i, this.i + n); this.i += n; return v;
  }
  string(): Buffer { return this.bytes(this.uint32()); }
  nameList(): string[] {
    const s = this.string().toString('latin1');
    return s.length === 0 ? [] : s.split(',');
  }
}

export function sshString(v: Buffer | string): Buffer {
  const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

export function uint32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; }

/** An unsigned big-endian integer as an SSH mpint. */
export function mpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) { i++; }
  let v = unsigned.subarray(i);
  if (v.length > 0 && ((v[0] as number) & 0x80) !== 0) { v = Buffer.concat([Buffer.from([0]), v]); }
  return sshString(v);
}

export interface KexInit {
  readonly cookie: Buffer;
  readonly kex: string[];
  readonly hostKey: string[];
  readonly encCS: string[];
  readonly encSC: string[];
  readonly macCS: string[];
  readonly macSC: string[];
  readonly compCS: string[];
  readonly compSC: string[];
  readonly firstKexFollows: boolean;
}

export const MSG = { DISCONNECT: 1, IGNORE: 2, UNIMPLEMENTED: 3, DEBUG: 4, SERVICE_REQUEST: 5, SERVICE_ACCEPT: 6, EXT_INFO: 7, KEXINIT: 20, NEWKEYS: 21, KEX_ECDH_INIT: 30, KEX_ECDH_REPLY: 31, USERAUTH_REQUEST: 50, USERAUTH_FAILURE: 51, USERAUTH_SUCCESS: 52, USERAUTH_BANNER: 53 } as const;

/** Parse a KEXINIT payload (starting with the message byte 20). Throws SshWireError on malformed input. */
export function parseKexInit(payload: Buffer): KexInit {
  const r = new SshReader(payload);
  if (r.byte() !== MSG.KEXINIT) { throw new SshWireError('not a KEXINIT'); }
  const cookie = r.bytes(16);
  const kex = r.nameList(); const hostKey = r.nameList();
  const encCS = r.nameList(); const encSC = r.nameList();
  const macCS = r.nameList(); const macSC = r.nameList();
  const compCS = r.nameList(); const compSC = r.nameList();
  r.nameList(); r.nameList();
  const firstKexFollows = r.bool();
  r.uint32();
  return { cookie, kex, hostKey, encCS, encSC, macCS, macSC, compCS, compSC, firstKexFollows };
}

export function buildKexInit(cookie: Buffer, lists: { kex: string; hostKey: string; enc: string; mac: string }): Buffer {
  return Buffer.concat([
    Buffer.from([MSG.KEXINIT]), cookie,
    sshString(lists.kex), sshString(lists.hostKey), sshString(lists.enc), sshString(lists.enc),
    sshString(lists.mac), sshString(lists.mac), sshString('none'), sshString('none'), sshString(''), sshString(''),
    Buffer.from([0]), uint32(0),
  ]);
}

/** RFC 4253 §7.1: the first client algorithm the server also supports. */
export function negotiate(client: readonly string[], server: readonly string[]): string | null {
  return client.find((a) => server.includes(a)) ?? null;
}

/** The server's identification line (RFC 4253 §4.2) from a buffer that may hold pre-banner lines. */
export function findVersionLine(data: Buffer): { line: string; rest: Buffer } | null {
  let start = 0;
  for (let lines = 0; lines < 20; lines++) {
    const nl = data.indexOf(0x0a, start);
    if (nl < 0) { return null; }
    const line = data.subarray(start, nl).toString('latin1').replace(/\r$/, '');
    if (line.startsWith('SSH-')) { return { line, rest: data.subarray(nl + 1) }; }
    start = nl + 1;
  }
  return null;
}
