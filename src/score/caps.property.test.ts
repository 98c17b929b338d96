/** Property tests of the letter caps (issue 14 item 8): a critical finding always caps; removing the last one lifts it. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HostResult, Severity } from '../core/types.js';
import { gradeHosts, gradeHost } from './document.js';
import { letterFor, worseLetter } from './model.js';
import { planFixes } from './plan.js';
import { arbHosts, finding } from '../../test/report/score-kit.js';

const clone = (hs: HostResult[]): HostResult[] => structuredClone(hs);
const has = (hs: HostResult[], sev: Severity): boolean =>
  hs.some((h) => [...(h.findings ?? []), ...h.ports.flatMap((p) => p.findings ?? [])].some((f) => f.severity === sev));
const without = (hs: HostResult[], sev: Severity): HostResult[] => clone(hs).map((h) => ({
  ...h, findings: (h.findings ?? []).filter((f) => f.severity !== sev), ports: h.ports.map((p) => ({ ...p, findings: (p.findings ?? []).filter((f) => f.severity !== sev) })),
}));
const notAbove = (letter: string, cap: 'D' | 'B'): boolean => worseLetter(letter as 'A', cap) === letter;

describe('grade cap properties', () => {
  it('a critical finding anywhere always caps the organisation and its host at D', () => {
    fc.assert(fc.property(arbHosts, fc.nat(), fc.nat(), fc.boolean(), (hosts, hi, pi, onHost) => {
      const more = clone(hosts);
      const h = more[hi % more.length]!;
      const p = h.ports[pi % Math.max(1, h.ports.length)];
      const f = finding('redis-no-auth', 'critical');
      if (p && !onHost) { p.findings = [...(p.findings ?? []), f]; } else { h.findings = [...(h.findings ?? []), f]; }
      const g = gradeHosts(more);
      expect(g.cap).toMatchObject({ letter: 'D', severity: 'critical' });
      expect(g.cap?.findingIds).toContain('redis-no-auth');
      expect(notAbove(g.letter, 'D')).toBe(true);
      expect(notAbove(gradeHost(h).letter, 'D')).toBe(true);
    }), { numRuns: 300 });
  });

  it('removing the last critical finding lifts the D cap; a high one still caps at B', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      const g0 = gradeHosts(hosts);
      expect(g0.cap?.severity === 'critical').toBe(has(hosts, 'critical'));
      const fixed = without(hosts, 'critical');
      const g = gradeHosts(fixed);
      expect(g.cap?.severity).not.toBe('critical');
      const want = has(fixed, 'high') ? worseLetter(letterFor(g.score), 'B') : letterFor(g.score);
      expect(g.letter).toBe(want);
      expect(g.cap === undefined).toBe(!has(fixed, 'high'));
      const clean = gradeHosts(without(fixed, 'high'));
      expect(clean.cap).toBeUndefined();
      expect(clean.letter).toBe(letterFor(clean.score));
    }), { numRuns: 300 });
  });

  it('the letter is the worse of the score letter and the cap, at every scope', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      for (const g of [gradeHosts(hosts), ...hosts.map(gradeHost)]) {
        expect(g.letter).toBe(g.cap ? worseLetter(letterFor(g.score), g.cap.letter) : letterFor(g.score));
      }
    }), { numRuns: 200 });
  });

  it('while a critical finding remains, every plan step that removes none keeps the letter at D or below', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      const plan = planFixes(hosts);
      let critical = has(hosts, 'critical');
      for (const s of plan.steps) {
        if (s.capLifted?.severity === 'critical') { critical = false; }
        if (critical) { expect(notAbove(s.letterAfter, 'D')).toBe(true); }
      }
      expect(critical).toBe(false); // a full plan always lifts the cap
    }), { numRuns: 200 });
  });
});
