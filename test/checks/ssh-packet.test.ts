import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { CIPHERS, MACS, opener, plainOpener, plainSealer, poly1305, sealer, type KeyMaterial } from '../../src/checks/ssh/packet.js';
import { SshWireError } from '../../src/checks/ssh/wire.js';

function material(cipher: string, mac: string | null): KeyMaterial {
  const c = CIPHERS[cipher] as { keyLen: number; ivLen: number };
  return { cipher, key: randomBytes(c.keyLen), iv: randomBytes(c.ivLen), mac, macKey: randomBytes(64) };
}

const COMBOS: Array<[string, string | null]> = [
  ...Object.keys(CIPHERS).filter((c) => CIPHERS[c]?.mode === 'ctr').flatMap((c) => Object.keys(MACS).map((m): [string, string] => [c, m])),
  ...Object.keys(CIPHERS).filter((c) => CIPHERS[c]?.mode !== 'ctr').map((c): [string, null] => [c, null]),
];

function openAll(o: ReturnType<typeof opener>, wire: Buffer[]): Buffer[] {
  return wire.map((w, seq) => {
    const len = o.wireLen(w.subarray(0, o.headLen), seq);
    expect(len).toBe(w.length);
    return o.open(w, seq);
  });
}

describe('SSH packet protection', () => {
  it.each(COMBOS)('%s + %s: sealed packets open in sequence', (cipher, mac) => {
    const k = material(cipher, mac);
    const s = sealer(k);
    const payloads = [Buffer.from([5, 1, 2, 3]), randomBytes(100), randomBytes(1)];
    const wire = payloads.map((p, seq) => s.seal(p, seq));
    expect(openAll(opener(k), wire)).toEqual(payloads);
  });
  it.each(COMBOS)('%s + %s: a flipped byte is rejected', (cipher, mac) => {
    const k = material(cipher, mac);
    const w = sealer(k).seal(randomBytes(40), 0);
    w[w.length - 1] = (w[w.length - 1] as number) ^ 1;
    const o = opener(k);
    expect(o.wireLen(w.subarray(0, o.headLen), 0)).toBe(w.length); // the length is read before the packet is opened
    expect(() => o.open(w, 0)).toThrow(SshWireError);
  });
  it('poly1305 matches the RFC 8439 §2.5.2 test vector', () => {
    const key = Buffer.from('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b', 'hex');
    expect(poly1305(key, Buffer.from('Cryptographic Forum Research Group')).toString('hex')).toBe('a8061dc1305136c6c22b8baf0c0127a9');
  });
  it('plain packets round trip', () => {
    const w = plainSealer().seal(Buffer.from([20, 1, 2]), 0);
    const o = plainOpener();
    expect(o.wireLen(w.subarray(0, 4), 0)).toBe(w.length);
    expect(o.open(w, 0)).toEqual(Buffer.from([20, 1, 2]));
  });
  it('openers throw only SshWireError on arbitrary bytes (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 200 }), fc.constantFrom(...COMBOS), (a, [cipher, mac]) => {
      const b = Buffer.from(a);
      const o = opener(material(cipher, mac));
      try {
        const len = o.wireLen(b.subarray(0, o.headLen), 0);
        if (len <= b.length) { o.open(b.subarray(0, len), 0); }
      } catch (e) { expect(e).toBeInstanceOf(SshWireError); }
    }), { numRuns: 300 });
  });
});
