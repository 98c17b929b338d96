/**
 * @module tls/der — the one thing Node's X509Certificate does not tell us: the certificate's signature algorithm.
 * A minimal DER walk (X.690, with protocols/ber.ts) over untrusted bytes: Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm AlgorithmIdentifier, signature }; returns the algorithm OID and its name. Never throws.
 */
import { decodeOid, readTlv } from '../protocols/ber.js';
import { safely } from './reader.js';

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

export function signatureAlgorithm(der: Buffer) {
  return safely((): { oid: string; name: string } => {
    const cert = readTlv(der, 0);
    if (cert === null || cert.tag !== 0x30) { throw new RangeError('not a DER SEQUENCE'); }
    const tbs = readTlv(cert.value, 0);
    const alg = tbs === null ? null : readTlv(cert.value, tbs.end);
    if (alg === null || alg.tag !== 0x30) { throw new RangeError('signatureAlgorithm is not a SEQUENCE'); }
    const oid = readTlv(alg.value, 0);
    if (oid === null || oid.tag !== 0x06) { throw new RangeError('signatureAlgorithm has no OID'); }
    const dotted = decodeOid(oid.value);
    if (dotted === null) { throw new RangeError('malformed OID'); }
    return { oid: dotted, name: SIG_OIDS[dotted] ?? dotted };
  });
}
