/**
 * @module score/cap-explain — what `gatehouse explain` says about a letter cap (docs/scoring.md § 5a): the findings
 * holding it, the fixes that lift it (the same fixes `plan` offers), and the letter once they are applied.
 */
import type { HostResult, Protocol } from '../core/types.js';
import { letterFor } from './model.js';
import { holdsCap } from './caps.js';
import { placedFindings, scoreHostFindings, type HostScore } from './host.js';
import { candidateFixes, isReachabilityId, removes, type Fix } from './plan.js';
import { scopeGrade } from './scope.js';
import type { GradeCap, Letter } from './types.js';

export interface CapHolder { readonly host: string; readonly port: number | null; readonly protocol: Protocol | null; readonly findingId: string }

export interface ExplainedCap extends GradeCap {
  /** The letter the score alone earns. */
  readonly uncappedLetter: Letter;
  /** Every finding holding the cap, by host and port. */
  readonly holders: readonly CapHolder[];
  /** The fixes that lift it, in words (one per host and port or finding kind). */
  readonly lift: string;
  readonly fixes: readonly Fix[];
  /** The organisation's letter once those fixes are applied (a cap of lower severity may still apply). */
  readonly letterAfterLift: Letter;
}

/** Explains `cap` of the scope made of `up` (scored as `scored`, same order); undefined without a cap. */
export function explainCap(up: readonly HostResult[], scored: readonly HostScore[], cap: GradeCap | undefined, score: number): ExplainedCap | undefined {
  if (cap === undefined) { return undefined; }
  const holders: CapHolder[] = [];
  const fixes: Fix[] = [];
  const after: HostScore[] = [];
  up.forEach((h, i) => {
    const held = scored[i]!.findings.filter((s) => holdsCap(s) && s.finding.severity === cap.severity);
    if (held.length === 0) { after.push(scored[i]!); return; }
    for (const s of held) { holders.push({ host: s.host, port: s.port, protocol: s.protocol, findingId: s.finding.id }); }
    const placed = placedFindings(h);
    const cands = candidateFixes(h, placed);
    const chosen = new Set<Fix>();
    for (const s of held) {
      const wanted = s.port !== null && isReachabilityId(s.finding.id)
        ? cands.find((f) => f.kind === 'close-port' && f.locations[0]?.port === s.port && f.locations[0]?.protocol === s.protocol)
        : cands.find((f) => f.kind === 'fix-finding' && f.findingIds[0] === s.finding.id);
      if (wanted !== undefined) { chosen.add(wanted); }
    }
    fixes.push(...chosen);
    after.push(scoreHostFindings(h.address, placed.filter((p) => ![...chosen].some((f) => removes(f, p)))));
  });
  const lifted = scopeGrade(after).grade;
  return {
    ...cap,
    uncappedLetter: letterFor(score),
    holders,
    fixes,
    lift: fixes.map((f) => f.action).join('; '),
    letterAfterLift: lifted.letter,
  };
}
