import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Permutation } from './permutation.js';

describe('Permutation', () => {
  it('is a bijection on [0, n) for any n and seed', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 0xffffffff }), (n, seed) => {
      const p = new Permutation(n, seed);
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = p.at(i);
        if (v < 0 || v >= n || seen[v]) { return false; }
        seen[v] = 1;
      }
      return true;
    }), { numRuns: 200 });
  });

  it('covers a full 65,535-port range exactly once', () => {
    const p = new Permutation(65535, 42);
    const seen = new Uint8Array(65535);
    for (let i = 0; i < 65535; i++) { const v = p.at(i); seen[v] = (seen[v] ?? 0) + 1; }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('actually shuffles: few fixed points and different seeds give different orders', () => {
    const a = new Permutation(1000, 1);
    const b = new Permutation(1000, 2);
    let fixed = 0;
    let same = 0;
    for (let i = 0; i < 1000; i++) {
      if (a.at(i) === i) { fixed++; }
      if (a.at(i) === b.at(i)) { same++; }
    }
    expect(fixed).toBeLessThan(50);
    expect(same).toBeLessThan(50);
  });

  it('rejects sizes it cannot represent', () => {
    expect(() => new Permutation(-1, 0)).toThrow(RangeError);
    expect(() => new Permutation(2 ** 32, 0)).toThrow(RangeError);
  });
});
