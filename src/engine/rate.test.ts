import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RateLimiter } from './rate.js';

describe('RateLimiter', () => {
  it('is unlimited at 0 pps', () => {
    const r = new RateLimiter(0);
    expect(r.allowance(0)).toBe(Infinity);
    expect(r.waitMs(0)).toBe(0);
  });

  it('allows pps × elapsed probes plus the burst', () => {
    const r = new RateLimiter(1000, 1);
    expect(r.allowance(0)).toBe(1);
    r.taken(1);
    expect(r.allowance(0.5)).toBe(0);
    expect(r.waitMs(0.5)).toBeCloseTo(0.5);
    expect(r.allowance(10)).toBe(10);
  });

  it('never lets the average rate exceed the cap by more than the burst (simulated clock)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 200 }), (pps, steps) => {
      const r = new RateLimiter(pps, 1);
      let now = 0;
      let sent = 0;
      r.allowance(0);
      for (const dt of steps) {
        now += dt;
        const a = r.allowance(now);
        const take = Math.min(a, 1000);
        r.taken(take);
        sent += take;
        if (sent > Math.floor((now * pps) / 1000) + 1) { return false; }
      }
      return true;
    }));
  });
});
