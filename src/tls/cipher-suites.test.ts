import { describe, expect, it } from 'vitest';
import { CIPHER_SUITES, classify, suiteByCode, suiteName, suitesFor } from './cipher-suites.js';
import { CIPHER_SUITE_DATA } from './cipher-suites.data.js';

describe('cipher-suite registry', () => {
  it('classifies every entry, with unique codes and names', () => {
    expect(CIPHER_SUITES).toHaveLength(CIPHER_SUITE_DATA.length);
    expect(new Set(CIPHER_SUITES.map((s) => s.code)).size).toBe(CIPHER_SUITES.length);
    expect(new Set(CIPHER_SUITES.map((s) => s.name)).size).toBe(CIPHER_SUITES.length);
  });
  const cases = [
    { code: 0xc02f, want: { kx: 'ECDHE', auth: 'RSA', enc: 'AES_128_GCM', mac: 'AEAD', forwardSecrecy: true, strength: 'strong', minVersion: 'TLSv1.2' } },
    { code: 0x002f, want: { kx: 'RSA', auth: 'RSA', enc: 'AES_128_CBC', mac: 'SHA', forwardSecrecy: false, strength: 'ok', minVersion: 'SSLv3' } },
    { code: 0x000a, want: { enc: '3DES_EDE_CBC', encBits: 112, strength: 'weak' } },
    { code: 0x0005, want: { enc: 'RC4_128', strength: 'insecure' } },
    { code: 0x0003, want: { export: true, enc: 'RC4_40', encBits: 40, mac: 'MD5', strength: 'insecure' } },
    { code: 0x0034, want: { kx: 'DH', auth: 'anon', strength: 'insecure' } },
    { code: 0xc015, want: { kx: 'ECDH', auth: 'anon', enc: 'NULL', encBits: 0, strength: 'insecure' } },
    { code: 0x0062, want: { export: true, enc: 'DES_CBC', strength: 'insecure' } },
    { code: 0xc0a0, want: { enc: 'AES_128_CCM_8', aead: true, mac: 'AEAD', strength: 'ok' } },
    { code: 0x1303, want: { kx: 'TLS13', tls13: true, encBits: 256, strength: 'strong', minVersion: 'TLSv1.3' } },
  ];
  for (const c of cases) {
    it(`classifies ${suiteName(c.code)}`, () => { expect(suiteByCode(c.code)).toMatchObject(c.want); });
  }
  it('rejects names outside the grammar and names unknown codes', () => {
    expect(() => classify(1, 'TLS_FOO_WITH_AES_128_CBC_SHA')).toThrow(/grammar/);
    expect(suiteName(0xfefe)).toBe('0xFEFE');
  });
  it('offers TLS 1.2-only suites only in TLS 1.2 and TLS 1.3 suites only in TLS 1.3', () => {
    expect(suitesFor('TLSv1.0').some((s) => s.aead)).toBe(false);
    expect(suitesFor('TLSv1.2').some((s) => s.code === 0xc02f)).toBe(true);
    expect(suitesFor('TLSv1.3').every((s) => s.tls13)).toBe(true);
    expect(suitesFor('TLSv1.2').some((s) => s.tls13)).toBe(false);
  });
});
