/**
 * @module tls/cipher-suites — the cipher-suite registry, classified once at load from the IANA names in
 * cipher-suites.data.ts: key exchange, authentication, bulk cipher, MAC, forward secrecy and a strength verdict.
 *
 * Strength (after Mozilla's server-side TLS guidelines and NIST SP 800-52r2 §3.3.1):
 * - `insecure`: NULL encryption, EXPORT grades, anonymous key exchange, RC4, RC2, single DES (broken outright);
 * - `weak`: 64-bit block ciphers (3DES, IDEA: Sweet32) and MD5 MACs;
 * - `ok`: everything else that is not `strong` (CBC modes, static RSA/DH key exchange);
 * - `strong`: AEAD encryption with forward secrecy (and every TLS 1.3 suite).
 */
import { CIPHER_SUITE_DATA } from './cipher-suites.data.js';

export type KeyExchange = 'RSA' | 'DH' | 'DHE' | 'ECDH' | 'ECDHE' | 'TLS13';
export type Auth = 'RSA' | 'DSS' | 'ECDSA' | 'anon' | 'TLS13';
export type Strength = 'insecure' | 'weak' | 'ok' | 'strong';

export interface CipherSuite {
  readonly code: number;
  readonly name: string;             // IANA name
  readonly kx: KeyExchange;
  readonly auth: Auth;
  readonly enc: string;              // 'AES_128_GCM', '3DES_EDE_CBC', 'NULL', …
  readonly encBits: number;          // effective key bits (0 for NULL)
  readonly mac: string;              // 'SHA', 'SHA256', 'MD5', 'AEAD'
  readonly aead: boolean;
  readonly export: boolean;
  readonly forwardSecrecy: boolean;
  readonly tls13: boolean;
  /** Lowest protocol able to negotiate it: SHA256/SHA384 and AEAD suites need TLS 1.2. */
  readonly minVersion: 'SSLv3' | 'TLSv1.2' | 'TLSv1.3';
  readonly strength: Strength;
  readonly weakBecause: string | null;
}

const ENC_BITS: Readonly<Record<string, number>> = {
  NULL: 0, RC4_40: 40, RC4_56: 56, RC4_128: 128, RC2_CBC_40: 40, IDEA_CBC: 128, DES40_CBC: 40, DES_CBC: 56,
  '3DES_EDE_CBC': 112, SEED_CBC: 128, CHACHA20_POLY1305: 256,
};

/** Classifies one IANA name; throws on a name that does not follow the registry grammar (caught by a unit test). */
export function classify(code: number, rawName: string): CipherSuite {
  const name = rawName.replace(/\*$/, '');
  if (!name.includes('_WITH_')) {
    const enc = name.replace(/^TLS_/, '').replace(/_SHA(256|384)$/, '');
    const bits = /_256_/.test(`${enc}_`) || enc.startsWith('CHACHA20') ? 256 : 128;
    return {
      code, name, kx: 'TLS13', auth: 'TLS13', enc, encBits: bits, mac: 'AEAD', aead: true, export: false,
      forwardSecrecy: true, tls13: true, minVersion: 'TLSv1.3', strength: 'strong', weakBecause: null,
    };
  }
  const m = /^TLS_(RSA|DHE?|ECDHE?)(?:_(RSA|DSS|ECDSA|anon))?(_EXPORT1024|_EXPORT)?_WITH_(.+?)(?:_(MD5|SHA|SHA256|SHA384))?$/.exec(name);
  if (m === null) { throw new Error(`cipher-suite name outside the grammar: ${name}`); }
  const kx = m[1] as KeyExchange;
  const auth = (m[2] ?? (kx === 'RSA' ? 'RSA' : 'anon')) as Auth;
  const exp = m[3] !== undefined;
  const enc = m[4] as string;
  const aead = /GCM|CCM|POLY1305/.test(enc);
  const mac = aead ? 'AEAD' : (m[5] ?? 'AEAD');
  const sized = /_(128|256)_/.exec(`${enc}_`);
  const encBits = ENC_BITS[enc] ?? (sized === null ? 128 : Number(sized[1]));
  const fs = kx === 'DHE' || kx === 'ECDHE';
  const reasons: string[] = [];
  if (enc === 'NULL') { reasons.push('no encryption (NULL)'); }
  if (exp) { reasons.push('EXPORT grade'); }
  if (auth === 'anon') { reasons.push('anonymous key exchange (no authentication)'); }
  if (enc.startsWith('RC4')) { reasons.push('RC4'); }
  if (enc.startsWith('RC2')) { reasons.push('RC2'); }
  if (enc === 'DES_CBC' || enc === 'DES40_CBC') { reasons.push('single DES'); }
  const insecure = reasons.length > 0;
  if (enc === '3DES_EDE_CBC') { reasons.push('3DES (64-bit block, Sweet32)'); }
  if (enc === 'IDEA_CBC') { reasons.push('IDEA (64-bit block)'); }
  if (mac === 'MD5') { reasons.push('MD5 MAC'); }
  const strength: Strength = insecure ? 'insecure' : reasons.length > 0 ? 'weak' : aead && fs ? 'strong' : 'ok';
  const minVersion = aead || mac === 'SHA256' || mac === 'SHA384' ? 'TLSv1.2' : 'SSLv3';
  return {
    code, name, kx, auth, enc, encBits, mac, aead, export: exp, forwardSecrecy: fs, tls13: false, minVersion,
    strength, weakBecause: reasons.length > 0 ? reasons.join(', ') : null,
  };
}

export const CIPHER_SUITES: readonly CipherSuite[] = Object.freeze(CIPHER_SUITE_DATA.map(([c, n]) => classify(c, n)));
const BY_CODE = new Map(CIPHER_SUITES.map((s) => [s.code, s]));

export function suiteByCode(code: number): CipherSuite | undefined { return BY_CODE.get(code); }

/** A display name for any code, known or not (`0xC0FF` when unknown). */
export function suiteName(code: number): string {
  return BY_CODE.get(code)?.name ?? `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The suites worth offering for a protocol version (TLS 1.3 suites only in TLS 1.3 and vice versa). */
export function suitesFor(version: string): CipherSuite[] {
  if (version === 'TLSv1.3') { return CIPHER_SUITES.filter((s) => s.tls13); }
  const tls12 = version === 'TLSv1.2';
  return CIPHER_SUITES.filter((s) => !s.tls13 && (tls12 || s.minVersion === 'SSLv3'));
}
