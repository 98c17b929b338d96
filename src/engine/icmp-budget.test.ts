import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINUX_PER_PEER, TokenBucket, UNLIMITED_PER_PEER, exceedsLinuxLimit } from './icmp-budget.js';

describe('TokenBucket (the pessimistic ICMP budget of one target towards one source address)', () => {
  it('starts full: a burst of six certain tokens, then none until the refill', () => {
    const b = new TokenBucket(LINUX_PER_PEER, 0);
    const takes = Array.from({ length: 8 }, () => b.take(0));
    expect(takes).toEqual([true, true, true, true, true, true, false, false]);
    expect(b.level(0)).toBe(-2);
  });

  it('a refused probe keeps its token spent; answered or silent probes give it back', () => {
    const b = new TokenBucket(LINUX_PER_PEER, 0);
    for (let i = 0; i < 6; i++) { b.take(0); }
    b.refund(5); // one was answered
    expect(b.take(5)).toBe(true);
    expect(b.take(5)).toBe(false);
  });

  it('refills one token per interval, never beyond the burst', () => {
    const b = new TokenBucket(LINUX_PER_PEER, 0);
    for (let i = 0; i < 6; i++) { b.take(0); }
    expect(b.take(1000)).toBe(false);      // 1000 ms < the modelled 1020 ms: not yet certain
    b.refund(1000);
    expect(b.take(1020)).toBe(true);
    expect(b.level(1_000_000)).toBe(6);
  });

  it('remodelling keeps the tokens and refills at the new pace', () => {
    const b = new TokenBucket(LINUX_PER_PEER, 0);
    for (let i = 0; i < 6; i++) { b.take(0); }
    b.remodel(UNLIMITED_PER_PEER, 0);
    expect(b.level(0)).toBe(0);
    expect(b.take(20)).toBe(true);
  });

  it('the estimate never exceeds a real Linux bucket fed the same datagrams (property)', () => {
    // Real bucket: burst 6, +1 per 1000 ms; a closed port spends a token only if one is there.
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.boolean()), { maxLength: 200 }), (events) => {
      const model = new TokenBucket(LINUX_PER_PEER, 0);
      let real = 6;
      let t = 0;
      for (const [gap, closed] of events) {
        real = Math.min(6, real + gap / 1000);
        t += gap;
        const certain = model.take(t);
        if (certain && real < 1) { return false; } // the model promised a token the target did not have
        if (closed && real >= 1) { real -= 1; } else { model.refund(t); }
      }
      return true;
    }));
  });
});

describe('exceedsLinuxLimit', () => {
  it('more unreachables than a burst plus one per second proves another limit', () => {
    expect(exceedsLinuxLimit(6, 0)).toBe(false);
    expect(exceedsLinuxLimit(7, 10)).toBe(true);
    expect(exceedsLinuxLimit(8, 2100)).toBe(false);
    expect(exceedsLinuxLimit(9, 2100)).toBe(true);
  });
});
