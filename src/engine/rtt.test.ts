import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RttEstimator } from './rtt.js';

const bounds = { initialMs: 500, minMs: 100, maxMs: 1000 };

describe('RttEstimator', () => {
  it('uses the initial timeout before any sample, and the fallback estimator when it has samples', () => {
    const e = new RttEstimator();
    expect(e.timeoutMs(bounds)).toBe(500);
    const g = new RttEstimator();
    g.sample(200);
    expect(e.timeoutMs(bounds, g)).toBe(g.timeoutMs(bounds));
    expect(g.timeoutMs(bounds)).toBe(600); // srtt 200 + 4 × rttvar 100
  });

  it('follows RFC 6298 smoothing', () => {
    const e = new RttEstimator();
    e.sample(100);
    e.sample(200);
    expect(e.srttMs).toBeCloseTo(112.5);
    expect(e.rttvarMs).toBeCloseTo(0.75 * 50 + 0.25 * 100);
  });

  it('ignores invalid samples', () => {
    const e = new RttEstimator();
    e.sample(Number.NaN);
    e.sample(-1);
    expect(e.samples).toBe(0);
  });

  it('always returns a timeout within bounds', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 50 }), (xs) => {
      const e = new RttEstimator();
      for (const x of xs) { e.sample(x); }
      const t = e.timeoutMs(bounds);
      return t >= bounds.minMs && t <= bounds.maxMs;
    }));
  });

  it('settles near a constant RTT', () => {
    const e = new RttEstimator();
    for (let i = 0; i < 100; i++) { e.sample(300); }
    expect(e.srttMs).toBeCloseTo(300);
    expect(e.timeoutMs({ initialMs: 1, minMs: 1, maxMs: 10_000 })).toBeCloseTo(300, 0);
  });
});
