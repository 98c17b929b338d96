/** Property tests of the scoring model and the plan (issue 6): monotonicity, permutation, exact sums, plan = recompute. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HostResult } from '../core/types.js';
import { gradeHosts, gradeHost } from './document.js';
import { planFixes, type PlanStep } from './plan.js';
import { explain } from './explain.js';
import { arbFinding, arbHosts, centiSum } from '../../test/report/score-kit.js';

const clone = (hs: HostResult[]): HostResult[] => structuredClone(hs);

/** Removes what a plan step says it removes, independently of plan.ts. */
function applyStep(hosts: HostResult[], s: PlanStep): void {
  const hit = (port: number | null, protocol: string | null): boolean => s.locations.some((l) => l.port === port && l.protocol === protocol);
  for (const h of hosts) {
    if (h.address !== s.host) { continue; }
    if (hit(null, null)) { h.findings = (h.findings ?? []).filter((f) => f.id !== s.findingIds[0]); }
    for (const p of h.ports) {
      if (!hit(p.port, p.protocol)) { continue; }
      p.findings = s.kind === 'close-port' ? [] : (p.findings ?? []).filter((f) => f.id !== s.findingIds[0]);
    }
  }
}

describe('score properties', () => {
  it('adding a finding never raises a score (organisation and host)', () => {
    fc.assert(fc.property(arbHosts, fc.nat(), fc.nat(), arbFinding, (hosts, hi, pi, f) => {
      const before = gradeHosts(hosts).score;
      const more = clone(hosts);
      const h = more[hi % more.length]!;
      const hostBefore = gradeHost(h).score;
      const p = h.ports[pi % Math.max(1, h.ports.length)];
      if (p) { p.findings = [...(p.findings ?? []), f]; } else { h.findings = [...(h.findings ?? []), f]; }
      expect(gradeHosts(more).score).toBeLessThanOrEqual(before);
      expect(gradeHost(h).score).toBeLessThanOrEqual(hostBefore);
    }), { numRuns: 300 });
  });

  it('fixing (removing) a finding never lowers a score', () => {
    fc.assert(fc.property(arbHosts, fc.nat(), (hosts, k) => {
      const all = hosts.flatMap((h, hi) => h.ports.flatMap((p, pi) => (p.findings ?? []).map((_, fi) => [hi, pi, fi] as const)));
      fc.pre(all.length > 0);
      const [hi, pi, fi] = all[k % all.length]!;
      const fewer = clone(hosts);
      fewer[hi]!.ports[pi]!.findings!.splice(fi, 1);
      expect(gradeHosts(fewer).score).toBeGreaterThanOrEqual(gradeHosts(hosts).score);
    }), { numRuns: 300 });
  });

  it('permuting hosts, ports and findings changes nothing', () => {
    fc.assert(fc.property(arbHosts, fc.infiniteStream(fc.nat()), (hosts, rnd) => {
      const it = rnd[Symbol.iterator]();
      const shuffle = <T>(xs: T[]): T[] => {
        const a = [...xs];
        for (let i = a.length - 1; i > 0; i--) { const j = (it.next().value as number) % (i + 1); [a[i], a[j]] = [a[j]!, a[i]!]; }
        return a;
      };
      const perm = shuffle(clone(hosts)).map((h) => ({ ...h, ports: shuffle(h.ports).map((p) => ({ ...p, findings: shuffle(p.findings ?? []) })) }));
      expect(gradeHosts(perm)).toEqual(gradeHosts(hosts));
    }), { numRuns: 200 });
  });

  it('deductions sum exactly to 100 − score, per organisation and per host', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      const g = gradeHosts(hosts);
      expect(centiSum(g.deductions)).toBe(10000 - Math.round(g.score * 100));
      for (const h of hosts) {
        const hg = gradeHost(h);
        expect(centiSum(hg.deductions)).toBe(10000 - Math.round(hg.score * 100));
      }
      const ex = explain(hosts);
      expect(ex.contributions.reduce((a, c) => a + Math.round(c.orgPoints * 100), 0)).toBe(10000 - Math.round(g.score * 100));
    }), { numRuns: 300 });
  });

  it("the plan's predicted grade equals the grade recomputed after removing those findings", () => {
    fc.assert(fc.property(arbHosts, fc.integer({ min: 1, max: 5 }), (hosts, top) => {
      const plan = planFixes(hosts, top);
      expect(plan.score).toBe(gradeHosts(hosts).score);
      const fixed = clone(hosts);
      let prev = plan.score;
      for (const s of plan.steps) {
        applyStep(fixed, s);
        const g = gradeHosts(fixed);
        expect(g.score).toBe(s.scoreAfter);
        expect(g.letter).toBe(s.letterAfter);
        expect(s.gain).toBeCloseTo(s.scoreAfter - prev, 6);
        expect(s.gain).toBeGreaterThanOrEqual(0);
        prev = s.scoreAfter;
      }
      expect(plan.scoreAfter).toBe(prev);
      expect(plan.steps.length).toBeLessThanOrEqual(top);
    }), { numRuns: 300 });
  });

  it('a full plan removes every finding that weighs anything: the score reaches 100', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      expect(planFixes(hosts).scoreAfter).toBe(100);
    }), { numRuns: 200 });
  });
});
