/** @module monitor/dashboard/downsample.test — the trend thinning keeps ends, extremes per bucket and every letter change. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { downsample, type Scored } from './downsample.js';

interface P extends Scored { readonly i: number }
const letterOf = (s: number): string => (s >= 90 ? 'A' : s >= 80 ? 'B' : s >= 70 ? 'C' : s >= 60 ? 'D' : 'F');
const series = (scores: readonly number[]): P[] => scores.map((score, i) => ({ i, score, letter: letterOf(score) }));

describe('downsample', () => {
  it('returns a short series as it is (a copy) and refuses a budget under 2', () => {
    const s = series([91, 92, 93]);
    const out = downsample(s, 3);
    expect(out).toEqual(s);
    expect(out).not.toBe(s);
    expect(() => downsample(s, 1)).toThrow(RangeError);
    expect(() => downsample(s, 2.5)).toThrow(RangeError);
  });

  it('2,160 hourly points (90 days) to about 200, first and last kept, in order', () => {
    const s = series(Array.from({ length: 2160 }, (_, i) => 95 + 4 * Math.sin(i / 50)));
    const out = downsample(s, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.length).toBeGreaterThan(150);
    expect(out[0]).toBe(s[0]);
    expect(out.at(-1)).toBe(s.at(-1));
    expect(out.map((p) => p.i)).toEqual([...out.map((p) => p.i)].sort((a, b) => a - b));
  });

  it('a single-run drop in a flat series is kept, with the letter change it caused and the recovery', () => {
    const scores = Array.from({ length: 1000 }, () => 92);
    scores[537] = 55;
    const out = downsample(series(scores), 50);
    expect(out.map((p) => p.i)).toContain(537);
    expect(out.map((p) => p.i)).toContain(538); // back to A
    expect(out.length).toBeLessThanOrEqual(51);
  });

  it('the largest moves that keep the letter (the events the chart marks) survive with the run before them', () => {
    // A slowly falling B series with two 3-point steps down that stay B: every bucket's highest point is its first
    // and its lowest its last, so only the largest-moves budget keeps runs 400/401 and 1500/1501.
    const scores = Array.from({ length: 2000 }, (_, i) => 89.5 - i * 0.002 - (i >= 401 ? 3 : 0) - (i >= 1501 ? 3 : 0));
    const out = downsample(series(scores), 200).map((p) => p.i);
    for (const i of [400, 401, 1500, 1501]) { expect(out).toContain(i); }
    expect(out.length).toBeLessThanOrEqual(200);
  });

  it('property: a single-run drop below every other point is always kept, whatever the budget', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 40, max: 100, noNaN: true }), { minLength: 3, maxLength: 3000 }),
      fc.nat(), fc.integer({ min: 2, max: 400 }), fc.double({ min: 0.01, max: 40, noNaN: true }),
      (base, at, points, depth) => {
        const idx = at % base.length;
        const scores = [...base];
        scores[idx] = Math.min(...base) - depth;
        const out = downsample(series(scores), points);
        expect(out.map((p) => p.i)).toContain(idx);
      }), { numRuns: 300 });
  });

  it('property: every letter change, both ends and each bucket\'s extremes survive; at most points + letter changes', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 30, max: 100 }), { minLength: 1, maxLength: 2000 }), fc.integer({ min: 4, max: 300 }), // under 4 the budget cannot hold both ends, the lowest and the highest
      (scores, points) => {
        const s = series(scores);
        const kept = new Set(downsample(s, points).map((p) => p.i));
        let changes = 0;
        for (let i = 1; i < s.length; i++) {
          if (s[i]!.letter !== s[i - 1]!.letter) { changes++; expect(kept.has(i), `letter change at ${i}`).toBe(true); }
        }
        expect(kept.has(0) && kept.has(s.length - 1)).toBe(true);
        expect(kept.size).toBeLessThanOrEqual(Math.max(s.length <= points ? s.length : points, 0) + changes);
        // the lowest and the highest score of the whole series are always shown
        const min = Math.min(...scores);
        const max = Math.max(...scores);
        expect([...kept].some((i) => scores[i] === min)).toBe(true);
        expect([...kept].some((i) => scores[i] === max)).toBe(true);
      }), { numRuns: 300 });
  });
});
