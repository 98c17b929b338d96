/**
 * @module score/caps — letter caps (docs/scoring.md § 5a): the rate normalisation of § 4 must not let one critical
 * exposure hide behind many clean hosts, so a critical finding reachable from other hosts caps the letter of every
 * scope holding it at D, and a high one at B. The score itself is unchanged; only the letter is capped.
 */
import type { Severity } from '../core/types.js';
import { CAPS, worseLetter } from './model.js';
import type { ScoredFinding } from './host.js';
import type { GradeCap, Letter } from './types.js';

/** Whether a scored finding counts for a cap: it weighs something and other hosts can reach it (not local-only). */
export function holdsCap(s: ScoredFinding): boolean {
  return s.penalty > 0 && !s.local && CAPS.some((c) => c.severity === s.finding.severity);
}

/** The strictest cap the findings hold, with the distinct ids holding it; undefined when none. */
export function capOf(findings: Iterable<ScoredFinding>): GradeCap | undefined {
  const tally = new CapTally();
  for (const s of findings) { tally.add(s); }
  return tally.cap();
}

/** capOf host by host in bounded memory (distinct finding ids only): what score/running.ts keeps for a scan. */
export class CapTally {
  private readonly ids = new Map<Severity, Set<string>>();

  add(s: ScoredFinding): void {
    if (!holdsCap(s)) { return; }
    const set = this.ids.get(s.finding.severity) ?? new Set<string>();
    set.add(s.finding.id);
    this.ids.set(s.finding.severity, set);
  }

  cap(): GradeCap | undefined {
    for (const c of CAPS) {
      const set = this.ids.get(c.severity);
      if (set !== undefined && set.size > 0) { return { letter: c.letter, severity: c.severity, findingIds: [...set].sort() }; }
    }
    return undefined;
  }
}

/** Counts of cap-holding findings by severity (what plan.ts tracks as fixes remove findings). */
export type CapCounts = Record<'critical' | 'high', number>;

export function capCounts(findings: Iterable<ScoredFinding>): CapCounts {
  const n: CapCounts = { critical: 0, high: 0 };
  for (const s of findings) {
    if (holdsCap(s)) { n[s.finding.severity as 'critical' | 'high'] += 1; }
  }
  return n;
}

/** The cap (letter and severity) that counts imply. */
export function capOfCounts(n: CapCounts): { letter: Letter; severity: 'critical' | 'high' } | undefined {
  const c = CAPS.find((x) => n[x.severity] > 0);
  return c === undefined ? undefined : { letter: c.letter, severity: c.severity };
}

/** The letter after the cap: the worse of the score's letter and the cap's. */
export function cappedLetter(letter: Letter, cap: { letter: Letter } | undefined): Letter {
  return cap === undefined ? letter : worseLetter(letter, cap.letter);
}
