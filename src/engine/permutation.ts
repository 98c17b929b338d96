/**
 * @module engine/permutation — a random bijection on [0, n) computed in O(1) memory, so the
 * (host, port) pairs of a batch can be visited in shuffled order without materialising them.
 * Built from invertible steps on [0, 2^k) (odd multiply, xor-shift, add) and cycle-walking.
 */

export class Permutation {
  private readonly mask: number;
  private readonly shift: number;
  private readonly mul: number;
  private readonly add: number;
  private readonly mul2: number;

  constructor(readonly n: number, seed: number) {
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) { throw new RangeError(`permutation size ${n} out of range`); }
    let bits = 1;
    while (2 ** bits < n) { bits++; }
    this.mask = bits >= 31 ? 0x7fffffff : (1 << bits) - 1;
    this.shift = Math.max(1, bits >> 1);
    const r = splitmix(seed >>> 0);
    this.mul = (r[0] | 1) & this.mask || 1;
    this.mul2 = (r[1] | 1) & this.mask || 1;
    this.add = r[2] & this.mask;
  }

  /** The i-th element of the permutation (0 ≤ i < n). */
  at(i: number): number {
    let x = i;
    do { x = this.step(x); } while (x >= this.n);
    return x;
  }

  private step(x: number): number {
    let y = Math.imul(x, this.mul) & this.mask;
    y ^= y >>> this.shift;
    y = (y + this.add) & this.mask;
    y = Math.imul(y, this.mul2) & this.mask;
    y ^= y >>> this.shift;
    return y;
  }
}

function splitmix(seed: number): [number, number, number] {
  let s = seed;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [next(), next(), next()];
}
