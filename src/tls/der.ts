/**
 * @module tls/der — the one thing Node's X509Certificate does not tell us: the certificate's signature algorithm.
 * A minimal DER walk (X.690) over untrusted bytes: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm
 * AlgorithmIdentifier, signature }; returns the algorithm OID and its name. Never throws.
 */
import { Reader, safely } from './reader.js';

const SIG_OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption', '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption', '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption', '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption', '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1', '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256', '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512', '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256', '1.3.101.112': 'Ed25519', '1.3.101.113': 'Ed448',
};

/** Signature algorithms whose hash is broken for certificate signatures (collisions: MD2, MD5, SHA-1). */
export function isWeakSignature(name: string): boolean {
  return /^(md2|md5|sha1)With|ecdsa-with-SHA1$|dsa-with-sha1$/i.test(name);
}

function tlv(r: Reader): { tag: number; body: Buffer } {
  const tag = r.u8('DER tag');
  let len = r.u8('DER length');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) { throw new RangeError('unsupported DER length'); }
    len = 0;
    for (let i = 0; i < n; i++) { len = len * 256 + r.u8('DER length'); }
  }
  return { tag, body: r.bytes(len, 'DER value') };
}

export function decodeOid(b: Buffer): string {
  if (b.length === 0) { throw new RangeError('empty OID'); }
  const first = b[0] as number;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    const byte = b[i] as number;
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) { throw new RangeError('OID arc too large'); }
    if ((byte & 0x80) === 0) { parts.push(v); v = 0; }
  }
  return parts.join('.');
}

export function signatureAlgorithm(der: Buffer) {
  return safely((): { oid: string; name: string } => {
    const cert = tlv(new Reader(der));
    if (cert.tag !== 0x30) { throw new RangeError('not a DER SEQUENCE'); }
    const r = new Reader(cert.body);
    tlv(r);                                   // tbsCertificate
    const alg = tlv(r);
    if (alg.tag !== 0x30) { throw new RangeError('signatureAlgorithm is not a SEQUENCE'); }
    const oid = tlv(new Reader(alg.body));
    if (oid.tag !== 0x06) { throw new RangeError('signatureAlgorithm has no OID'); }
    const dotted = decodeOid(oid.body);
    return { oid: dotted, name: SIG_OIDS[dotted] ?? dotted };
  });
}
