import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { isWeakSignature, signatureAlgorithm } from './der.js';
import { fixturePem } from './testkit.js';

describe('signatureAlgorithm', () => {
  const cases = [
    { fixture: 'good.test', want: 'sha256WithRSAEncryption', weak: false },
    { fixture: 'weak.test', want: 'sha1WithRSAEncryption', weak: true },
    { fixture: 'root', want: 'sha256WithRSAEncryption', weak: false },
  ];
  for (const c of cases) {
    it(c.fixture, () => {
      const r = signatureAlgorithm(new X509Certificate(fixturePem(c.fixture)).raw);
      expect(r.value?.name).toBe(c.want);
      expect(isWeakSignature(r.value?.name ?? '')).toBe(c.weak);
    });
  }
  it('names weak hashes', () => {
    expect(['md5WithRSAEncryption', 'ecdsa-with-SHA1', 'dsa-with-sha1'].every(isWeakSignature)).toBe(true);
    expect(['ecdsa-with-SHA256', 'Ed25519', 'rsassaPss'].some(isWeakSignature)).toBe(false);
  });
  it('never throws on arbitrary or truncated DER (fuzz)', () => {
    const der = new X509Certificate(fixturePem('ec.test')).raw;
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(der.length), (bytes, cut) => {
      for (const b of [Buffer.from(bytes), der.subarray(0, cut)]) {
        const r = signatureAlgorithm(b);
        expect(r.value === null).toBe(r.error !== null);
      }
    }), { numRuns: 2000 });
  });
});
