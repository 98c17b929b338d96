/**
 * @module tls/handshake — parsers for what a server sends in the clear: ServerHello (and HelloRetryRequest),
 * Certificate (TLS ≤ 1.2), ServerKeyExchange (DH / ECDH parameters), alerts (RFC 5246 §7, RFC 8446 §4), and the
 * SSLv2 SERVER-HELLO (draft-hickman-netscape-ssl-00). Each takes untrusted bytes and returns `{ value | error }`;
 * none throws.
 */
import { Reader, safely } from './reader.js';

export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_SERVER_HELLO_DONE = 14;

export const EXT_SERVER_NAME = 0;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_EC_POINT_FORMATS = 11;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_KEY_SHARE = 51;
export const EXT_RENEGOTIATION_INFO = 0xff01;

/** SHA-256 of "HelloRetryRequest": the fixed random of an HRR (RFC 8446 §4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ServerHello {
  readonly legacyVersion: number;
  readonly random: Buffer;
  readonly sessionId: Buffer;
  readonly cipher: number;
  readonly compression: number;
  readonly extensions: ReadonlyMap<number, Buffer>;
  /** The negotiated version: supported_versions when present, else legacyVersion. */
  readonly version: number;
  readonly helloRetry: boolean;
  /** TLS 1.3: the group of the server's key share (or the group an HRR asks for). */
  readonly keyShareGroup: number | null;
}

export function parseServerHello(body: Buffer) {
  return safely((): ServerHello => {
    const r = new Reader(body);
    const legacyVersion = r.u16('server_version');
    const random = r.bytes(32, 'random');
    const sessionId = r.vec8('session_id');
    const cipher = r.u16('cipher_suite');
    const compression = r.u8('compression_method');
    const extensions = new Map<number, Buffer>();
    if (r.remaining > 0) {
      const er = new Reader(r.vec16('extensions'));
      while (er.remaining > 0) {
        const type = er.u16('extension type');
        extensions.set(type, er.vec16('extension data'));
      }
    }
    const sv = extensions.get(EXT_SUPPORTED_VERSIONS);
    const version = sv !== undefined && sv.length >= 2 ? sv.readUInt16BE(0) : legacyVersion;
    const helloRetry = random.equals(HRR_RANDOM);
    const ks = extensions.get(EXT_KEY_SHARE);
    const keyShareGroup = ks !== undefined && ks.length >= 2 ? ks.readUInt16BE(0) : null;
    return { legacyVersion, random, sessionId, cipher, compression, extensions, version, helloRetry, keyShareGroup };
  });
}

/** The DER certificates of a TLS ≤ 1.2 Certificate message, leaf first. */
export function parseCertificate(body: Buffer, maxCerts = 32) {
  return safely((): Buffer[] => {
    const list = new Reader(new Reader(body).vec24('certificate_list'));
    const certs: Buffer[] = [];
    while (list.remaining > 0 && certs.length < maxCerts) { certs.push(list.vec24('certificate')); }
    return certs;
  });
}

export type KeyExchangeParams =
  | { readonly kind: 'dh'; readonly primeBits: number; readonly generatorBits: number }
  | { readonly kind: 'ecdh'; readonly curveType: number; readonly group: number | null; readonly pointBytes: number };

/** Bit length of a big-endian unsigned integer (leading zero bytes ignored). */
export function bitLength(n: Buffer): number {
  let i = 0;
  while (i < n.length && n[i] === 0) { i++; }
  if (i === n.length) { return 0; }
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}

/** ServerKeyExchange parameters; `kx` says which form to expect (from the chosen suite). */
export function parseServerKeyExchange(body: Buffer, kx: 'DHE' | 'ECDHE') {
  return safely((): KeyExchangeParams => {
    const r = new Reader(body);
    if (kx === 'DHE') {
      const p = r.vec16('dh_p');
      const g = r.vec16('dh_g');
      r.vec16('dh_Ys');
      return { kind: 'dh', primeBits: bitLength(p), generatorBits: bitLength(g) };
    }
    const curveType = r.u8('curve_type');
    if (curveType !== 3) { return { kind: 'ecdh', curveType, group: null, pointBytes: 0 }; }
    const group = r.u16('named_curve');
    const point = r.vec8('public point');
    return { kind: 'ecdh', curveType, group, pointBytes: point.length };
  });
}

const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  30: 'decompression_failure', 40: 'handshake_failure', 41: 'no_certificate', 42: 'bad_certificate',
  43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown',
  47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error',
  60: 'export_restriction', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  86: 'inappropriate_fallback', 90: 'user_canceled', 100: 'no_renegotiation', 109: 'missing_extension',
  110: 'unsupported_extension', 112: 'unrecognized_name', 113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity', 116: 'certificate_required', 120: 'no_application_protocol',
};

export interface Alert { readonly level: number; readonly description: number; readonly name: string }

export function parseAlert(fragment: Buffer) {
  return safely((): Alert => {
    const r = new Reader(fragment);
    const level = r.u8('alert level');
    const description = r.u8('alert description');
    return { level, description, name: ALERTS[description] ?? `alert ${description}` };
  });
}

export interface Ssl2ServerHello {
  readonly sessionIdHit: number;
  readonly certificateType: number;
  readonly version: number;
  readonly certificate: Buffer;
  readonly ciphers: number[];        // 3-byte cipher kinds
  readonly connectionId: Buffer;
}

/** An SSLv2 record: a 2-byte header with the high bit set (or 3 bytes with padding); message type 4 = SERVER-HELLO. */
export function parseSsl2ServerHello(buf: Buffer) {
  return safely((): Ssl2ServerHello => {
    const r = new Reader(buf);
    const h0 = r.u8('ssl2 header');
    const h1 = r.u8('ssl2 header');
    let len: number;
    if ((h0 & 0x80) !== 0) { len = ((h0 & 0x7f) << 8) | h1; } else { len = ((h0 & 0x3f) << 8) | h1; r.u8('ssl2 padding'); }
    const m = new Reader(r.bytes(len, 'ssl2 record'));
    const type = m.u8('ssl2 message type');
    if (type !== 4) { throw new RangeError(`ssl2 message type ${type} is not SERVER-HELLO`); }
    const sessionIdHit = m.u8('session id hit');
    const certificateType = m.u8('certificate type');
    const version = m.u16('server version');
    const certLen = m.u16('certificate length');
    const ciphersLen = m.u16('cipher specs length');
    const connIdLen = m.u16('connection id length');
    const certificate = m.bytes(certLen, 'certificate');
    const cs = new Reader(m.bytes(ciphersLen, 'cipher specs'));
    const ciphers: number[] = [];
    while (cs.remaining >= 3) { ciphers.push(cs.u24('cipher kind')); }
    const connectionId = m.bytes(connIdLen, 'connection id');
    return { sessionIdHit, certificateType, version, certificate, ciphers, connectionId };
  });
}
