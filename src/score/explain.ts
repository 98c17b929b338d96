/**
 * @module score/explain — every finding's contribution: its factor, severity weight, repeat decay, and the points it
 * takes off its host's score and off the organisation's (the same apportioning as `grade.deductions`).
 */
import type { HostResult, Protocol, Severity } from '../core/types.js';
import { scoreHost } from './host.js';
import { scopeGrade, type Allocation } from './scope.js';
import { gradedHosts } from './document.js';
import type { FactorKey, Grade } from './types.js';
import { explainCap, type ExplainedCap } from './cap-explain.js';

export interface Contribution {
  readonly host: string;
  readonly port: number | null;
  readonly protocol: Protocol | null;
  readonly findingId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly factor: FactorKey;
  /** Severity weight × 0.5^repeat. */
  readonly penalty: number;
  readonly repeat: number;
  /** Points off this host's own score. */
  readonly hostPoints: number;
  /** Points off the organisation's score. */
  readonly orgPoints: number;
  /** Self-scan: the port is reachable only from the scanning machine (docs/scoring.md § 2a). */
  readonly local: boolean;
}

export interface Explanation {
  readonly grade: Grade;
  readonly contributions: readonly Contribution[];
  /** The letter cap in force, the findings holding it and the fixes that lift it (docs/scoring.md § 5a). */
  readonly cap?: ExplainedCap;
}

const keyOf = (a: Allocation): string => {
  const s = a.finding;
  return `${s.host}\u0000${s.port ?? ''}\u0000${s.protocol ?? ''}\u0000${s.finding.id}\u0000${s.repeat}`;
};

export function explain(hosts: readonly HostResult[]): Explanation {
  const up = gradedHosts(hosts);
  const scored = up.map(scoreHost);
  const org = scopeGrade(scored);
  const hostCenti = new Map<string, number>();
  for (const h of scored) {
    for (const a of scopeGrade([h]).allocations) { hostCenti.set(keyOf(a), (hostCenti.get(keyOf(a)) ?? 0) + a.centi); }
  }
  const contributions: Contribution[] = [];
  const allocated = new Set<string>();
  for (const a of org.allocations) {
    allocated.add(keyOf(a));
    const s = a.finding;
    contributions.push({
      host: s.host, port: s.port, protocol: s.protocol, findingId: s.finding.id, title: s.finding.title,
      severity: s.finding.severity, factor: s.factor, penalty: s.penalty, repeat: s.repeat,
      hostPoints: (hostCenti.get(keyOf(a)) ?? 0) / 100, orgPoints: a.centi / 100, local: s.local,
    });
  }
  // Findings that weigh nothing (info) are listed too, with 0 points, so every finding is accounted for.
  for (const h of scored) {
    for (const s of h.findings) {
      if (s.penalty > 0) { continue; }
      contributions.push({
        host: s.host, port: s.port, protocol: s.protocol, findingId: s.finding.id, title: s.finding.title,
        severity: s.finding.severity, factor: s.factor, penalty: 0, repeat: s.repeat, hostPoints: 0, orgPoints: 0, local: s.local,
      });
    }
  }
  contributions.sort((a, b) => b.orgPoints - a.orgPoints || b.hostPoints - a.hostPoints || cmp(a.host, b.host)
    || (a.port ?? -1) - (b.port ?? -1) || cmp(a.findingId, b.findingId) || a.repeat - b.repeat);
  const cap = explainCap(up, scored, org.grade.cap, org.grade.score);
  return cap === undefined ? { grade: org.grade, contributions } : { grade: org.grade, contributions, cap };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
