/** The running (constant-memory) organisation grade of a scan against the batch model (issue 16 item 3). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RunningGrade } from './running.js';
import { gradeHosts } from './document.js';
import { arbHosts, centiSum, finding, host, port } from '../../test/report/score-kit.js';
import type { HostResult } from '../core/types.js';

const running = (hosts: readonly HostResult[], keep?: number): RunningGrade => {
  const r = new RunningGrade(keep);
  for (const h of hosts) { r.add(h); }
  return r;
};

/** Random host sets with some hosts down (they must not count). */
const arbScan = fc.tuple(arbHosts, fc.array(fc.boolean(), { maxLength: 6 })).map(([hs, down]) =>
  hs.map((h, i) => (down[i] === true ? { ...h, state: 'down' as const } : h)));

describe('RunningGrade', () => {
  it('equals the batch grade exactly (score, letter, factors, deductions) on random host sets', () => {
    fc.assert(fc.property(arbScan, (hosts) => {
      expect(running(hosts).grade()).toEqual(gradeHosts(hosts));
    }), { numRuns: 500 });
  });

  it('with fewer findings kept than found: the same score, letter and factors; deductions still sum exactly to 100 − score', () => {
    fc.assert(fc.property(arbScan, fc.integer({ min: 1, max: 3 }), (hosts, keep) => {
      const batch = gradeHosts(hosts);
      const g = running(hosts, keep).grade();
      expect({ score: g.score, letter: g.letter, factors: g.factors, hosts: g.hosts, model: g.model })
        .toEqual({ score: batch.score, letter: batch.letter, factors: batch.factors, hosts: batch.hosts, model: batch.model });
      expect(centiSum(g.deductions)).toBe(10000 - Math.round(g.score * 100));
      expect(g.deductions.filter((d) => d.host !== '*').length).toBeLessThanOrEqual(keep);
      for (const d of g.deductions) { if (d.host === '*') { expect(d.aggregated).toBeGreaterThan(0); } }
    }), { numRuns: 500 });
  });

  it('keeps constant-size state over 200,000 hosts with findings (deterministic, no timing)', () => {
    const r = new RunningGrade(100);
    const ids = ['telnet-exposed', 'redis-no-auth', 'http-no-tls'] as const;
    for (let i = 0; i < 200_000; i++) {
      const id = ids[i % 3]!;
      r.add(host(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, [port(23 + (i % 7), [finding(id, i % 2 === 0 ? 'high' : 'medium')])]));
      if (i % 50_000 === 49_999) {
        const s = r.size();
        expect(s.kept).toBeLessThan(2 * 100);
        expect(s.buckets).toBeLessThanOrEqual(ids.length);
      }
    }
    const g = r.grade();
    expect(g.hosts).toBe(200_000);
    expect(r.size().kept).toBe(100);
    expect(g.deductions.filter((d) => d.host === '*').reduce((a, d) => a + (d.aggregated ?? 0), 0)).toBe(200_000 - 100);
    expect(centiSum(g.deductions)).toBe(10000 - Math.round(g.score * 100));
  });
});
