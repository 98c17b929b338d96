/**
 * @module tls/client-hello — our own ClientHello, byte by byte (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2), so that we can
 * offer what Node's TLS stack refuses to: SSLv3, TLS 1.0/1.1, EXPORT/NULL/RC4/anon suites, one suite at a time. For
 * TLS 1.3 it adds supported_versions and a key_share (x25519 random bytes, or a real P-256 point). Also the SSLv2
 * CLIENT-HELLO (draft-hickman-netscape-ssl-00 appendix). Nothing here performs I/O.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import {
  EXT_EC_POINT_FORMATS, EXT_KEY_SHARE, EXT_RENEGOTIATION_INFO, EXT_SERVER_NAME, EXT_SIGNATURE_ALGORITHMS,
  EXT_SUPPORTED_GROUPS, EXT_SUPPORTED_VERSIONS,
} from './handshake.js';
import { CT_HANDSHAKE, wrapRecords } from './records.js';

const EXT_PADDING = 21;

export const VERSIONS = { 'SSLv3': 0x0300, 'TLSv1.0': 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 } as const;
export type TlsVersionName = keyof typeof VERSIONS;
export type ProtocolName = TlsVersionName | 'SSLv2';

export function versionName(v: number): string {
  const hit = (Object.entries(VERSIONS) as Array<[TlsVersionName, number]>).find(([, n]) => n === v);
  return hit === undefined ? `0x${v.toString(16).padStart(4, '0')}` : hit[0];
}

/** Named groups (IANA "TLS Supported Groups"). */
export const GROUPS: Readonly<Record<number, string>> = {
  19: 'secp192r1', 21: 'secp224r1', 23: 'secp256r1', 24: 'secp384r1', 25: 'secp521r1', 26: 'brainpoolP256r1',
  27: 'brainpoolP384r1', 28: 'brainpoolP512r1', 29: 'x25519', 30: 'x448', 256: 'ffdhe2048', 257: 'ffdhe3072',
  258: 'ffdhe4096', 259: 'ffdhe6144', 260: 'ffdhe8192',
};
export const ALL_GROUPS: readonly number[] = [29, 23, 24, 25, 30, 26, 27, 28, 21, 19, 256, 257, 258, 259, 260];
export function groupName(g: number): string { return GROUPS[g] ?? `group ${g}`; }

/** Signature schemes: modern first, SHA-1 ones last so old servers still find one they support. */
const SIG_ALGS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0402, 0x0502, 0x0602, 0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202,
];

export interface HelloOptions {
  readonly version: number;                // client_version (TLS 1.3: 0x0304, sent as supported_versions)
  readonly suites: readonly number[];
  readonly serverName?: string | undefined;
  readonly groups?: readonly number[];     // default ALL_GROUPS
  /** TLS 1.3: groups to send a key share for (default: x25519 when offered). */
  readonly keyShares?: readonly number[];
}

function ext(type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(data.length, 2);
  return Buffer.concat([h, data]);
}

function u16list(values: readonly number[], lenBytes: 1 | 2 = 2): Buffer {
  const b = Buffer.alloc(lenBytes + values.length * 2);
  if (lenBytes === 1) { b[0] = values.length * 2; } else { b.writeUInt16BE(values.length * 2, 0); }
  values.forEach((v, i) => b.writeUInt16BE(v, lenBytes + i * 2));
  return b;
}

function vec(data: Buffer, lenBytes: 1 | 2): Buffer {
  const h = Buffer.alloc(lenBytes);
  if (lenBytes === 1) { h[0] = data.length; } else { h.writeUInt16BE(data.length, 0); }
  return Buffer.concat([h, data]);
}

let p256Point: Buffer | null = null;
function keyShareFor(group: number): Buffer | null {
  if (group === 29) { return randomBytes(32); }
  if (group === 23) { p256Point ??= createECDH('prime256v1').generateKeys(); return p256Point; }
  return null;
}

function sniExt(name: string): Buffer {
  const host = Buffer.from(name, 'ascii');
  const entry = Buffer.concat([Buffer.from([0]), vec(host, 2)]);
  return ext(EXT_SERVER_NAME, vec(entry, 2));
}

/** A complete ClientHello record (one or more TLS records). */
export function buildClientHello(o: HelloOptions): Buffer {
  const tls13 = o.version >= 0x0304;
  const legacy = tls13 ? 0x0303 : o.version;
  const groups = o.groups ?? ALL_GROUPS;
  const exts: Buffer[] = [];
  if (o.version >= 0x0301) {
    if (o.serverName !== undefined && o.serverName !== '' && isIP(o.serverName) === 0) { exts.push(sniExt(o.serverName)); }
    exts.push(ext(EXT_SUPPORTED_GROUPS, u16list(groups)));
    exts.push(ext(EXT_EC_POINT_FORMATS, Buffer.from([1, 0])));
    exts.push(ext(EXT_SIGNATURE_ALGORITHMS, u16list(SIG_ALGS)));
    if (!tls13) { exts.push(ext(EXT_RENEGOTIATION_INFO, Buffer.from([0]))); }
  }
  if (tls13) {
    exts.push(ext(EXT_SUPPORTED_VERSIONS, Buffer.from([2, 0x03, 0x04])));
    const shares: Buffer[] = [];
    for (const g of o.keyShares ?? (groups.includes(29) ? [29] : [])) {
      const key = keyShareFor(g);
      if (key === null) { continue; }
      const h = Buffer.alloc(2);
      h.writeUInt16BE(g, 0);
      shares.push(h, vec(key, 2));
    }
    exts.push(ext(EXT_KEY_SHARE, vec(Buffer.concat(shares), 2)));
  }
  const ver = Buffer.alloc(2);
  ver.writeUInt16BE(legacy, 0);
  const head = Buffer.concat([
    ver, randomBytes(32),
    tls13 ? vec(randomBytes(32), 1) : Buffer.from([0]),    // TLS 1.3 middlebox compatibility: a legacy session id
    u16list(tls13 ? o.suites : [...o.suites, 0x00ff]),
    Buffer.from([1, 0]),                                    // compression: null only
  ]);
  // Some load balancers hang on ClientHellos of 256–511 bytes: pad past 512 (RFC 7685 padding extension).
  const unpadded = 4 + head.length + (exts.length > 0 ? 2 + exts.reduce((n, e) => n + e.length, 0) : 0);
  if (exts.length > 0 && unpadded >= 256 && unpadded < 512) { exts.push(ext(EXT_PADDING, Buffer.alloc(Math.max(0, 512 - unpadded - 4)))); }
  const body = Buffer.concat([head, exts.length > 0 ? vec(Buffer.concat(exts), 2) : Buffer.alloc(0)]);
  const hs = Buffer.alloc(4);
  hs[0] = 1;
  hs.writeUIntBE(body.length, 1, 3);
  // Record-layer version: 0x0301 for TLS ≥ 1.0 (what deployed clients send), 0x0300 for SSLv3.
  return wrapRecords(CT_HANDSHAKE, o.version === 0x0300 ? 0x0300 : 0x0301, Buffer.concat([hs, body]));
}

/** SSLv2 CLIENT-HELLO offering `ciphers` (3-byte kinds), with a 16-byte challenge. */
export function buildSsl2ClientHello(ciphers: readonly number[]): Buffer {
  const specs = Buffer.alloc(ciphers.length * 3);
  ciphers.forEach((c, i) => specs.writeUIntBE(c, i * 3, 3));
  const challenge = randomBytes(16);
  const msg = Buffer.alloc(9);
  msg[0] = 1;                          // CLIENT-HELLO
  msg.writeUInt16BE(0x0002, 1);        // version 2
  msg.writeUInt16BE(specs.length, 3);
  msg.writeUInt16BE(0, 5);             // session id length
  msg.writeUInt16BE(challenge.length, 7);
  const body = Buffer.concat([msg, specs, challenge]);
  const h = Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]);
  return Buffer.concat([h, body]);
}
