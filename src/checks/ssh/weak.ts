/**
 * @module checks/ssh/weak — which SSH algorithms count as weak, and why. Follows RFC 9142 (key exchange: SHA-1
 * and 1024-bit groups SHOULD NOT be used), RFC 8758 (RC4 ciphers MUST NOT), RFC 4253's CBC weaknesses and the
 * deprecations in OpenSSH's release notes (ssh-dss, ssh-rsa SHA-1 signatures, 3DES/Blowfish/CAST). hmac-sha1 and
 * umac-64 are not listed: HMAC does not rest on SHA-1's collision resistance and both are OpenSSH defaults no
 * standard deprecates.
 */
import type { KexInit } from './wire.js';

export interface WeakAlgorithm { readonly kind: 'kex' | 'hostkey' | 'cipher' | 'mac'; readonly name: string; readonly why: string }

const KEX: ReadonlyArray<[RegExp, string]> = [
  [/^diffie-hellman-group1-sha1$/, '1024-bit group with SHA-1 (RFC 9142: SHOULD NOT)'],
  [/^diffie-hellman-group14-sha1$/, 'SHA-1 exchange hash (RFC 9142)'],
  [/^diffie-hellman-group-exchange-sha1$/, 'SHA-1 exchange hash (RFC 9142: SHOULD NOT)'],
  [/^rsa1024-sha1$/, '1024-bit RSA with SHA-1 (RFC 9142: MUST NOT)'],
  [/^gss-(gex|group1|group14)-sha1-/, 'GSS key exchange with SHA-1 (RFC 9142)'],
];
const HOSTKEY: ReadonlyArray<[RegExp, string]> = [
  [/^ssh-dss$/, 'DSA with 1024-bit keys and SHA-1 (removed from OpenSSH)'],
  [/^ssh-dss-cert-v01@openssh\.com$/, 'DSA certificates (removed from OpenSSH)'],
  [/^ssh-rsa(-cert-v01@openssh\.com)?$/, 'RSA signatures with SHA-1 (disabled by default since OpenSSH 8.8)'],
];
const CIPHER: ReadonlyArray<[RegExp, string]> = [
  [/^arcfour/, 'RC4 (RFC 8758: MUST NOT)'],
  [/^(3des|des|blowfish|cast128|idea|twofish\d*|serpent\d*)-cbc$|^des$|^3des-ctr$/, '64-bit block or legacy cipher'],
  [/-cbc(@|$)/, 'CBC mode (plaintext-recovery attacks on SSH CBC)'],
  [/^none$/, 'no encryption'],
];
const MAC: ReadonlyArray<[RegExp, string]> = [
  [/^hmac-md5/, 'MD5-based MAC'],
  [/^hmac-sha1-96/, 'SHA-1 MAC truncated to 96 bits'],
  [/^hmac-ripemd160/, 'RIPEMD-160 MAC (removed from OpenSSH)'],
  [/^umac-32/, '32-bit tag'],
  [/^none$/, 'no integrity protection'],
];

function scan(kind: WeakAlgorithm['kind'], offered: readonly string[], rules: ReadonlyArray<[RegExp, string]>): WeakAlgorithm[] {
  const out: WeakAlgorithm[] = [];
  for (const name of offered) {
    const hit = rules.find(([re]) => re.test(name));
    if (hit) { out.push({ kind, name, why: hit[1] }); }
  }
  return out;
}

/** Weak algorithms the server offers (server-to-client and client-to-server lists merged). */
export function weakAlgorithms(k: KexInit): WeakAlgorithm[] {
  const uniq = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];
  return [
    ...scan('kex', k.kex, KEX),
    ...scan('hostkey', k.hostKey, HOSTKEY),
    ...scan('cipher', uniq(k.encSC, k.encCS), CIPHER),
    ...scan('mac', uniq(k.macSC, k.macCS), MAC),
  ];
}
