/**
 * @module score/plan — what-if: candidate fixes (close a port; fix one kind of finding on one port or host), ranked
 * greedily by the organisation's score gained, each step recomputed exactly as docs/scoring.md § 7 states: the
 * predicted score after the top N fixes is the score of the document with those findings removed.
 */
import type { Finding, HostResult, Protocol } from '../core/types.js';
import { FACTORS, UNITS, letterFor, letterRank } from './model.js';
import { capCounts, capOfCounts, cappedLetter, type CapCounts } from './caps.js';
import { factorOf } from './factors.js';
import { placedFindings, scoreHostFindings, type HostScore } from './host.js';
import { scoreCenti, sumDeficits } from './scope.js';
import { gradedHosts } from './document.js';
import type { Letter } from './types.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';

export type FixKind = 'close-port' | 'fix-finding';

/** Where a fix applies: a port, or the host itself (port null). */
export interface FixLocation { readonly port: number | null; readonly protocol: Protocol | null }

export interface Fix {
  readonly kind: FixKind;
  readonly host: string;
  /** close-port: the one port; fix-finding: every place on the host with that finding id. */
  readonly locations: readonly FixLocation[];
  /** close-port: every id on the port; fix-finding: the one id. */
  readonly findingIds: readonly string[];
  /** What to do, in words. */
  readonly action: string;
  readonly severity: Finding['severity'];
}

export interface PlanStep extends Fix {
  /** Points the organisation's score gains by this fix, after the fixes ranked above it. */
  readonly gain: number;
  readonly scoreAfter: number;
  readonly letterAfter: Letter;
  /** Findings this fix removes. */
  readonly removes: number;
  /** The letter cap (docs/scoring.md § 5a) this step lifts: it removed the last finding holding it. */
  readonly capLifted?: { readonly letter: Letter; readonly severity: 'critical' | 'high' };
}

export interface Plan {
  readonly score: number;
  readonly letter: Letter;
  readonly steps: readonly PlanStep[];
  /** Score and letter after every step listed. */
  readonly scoreAfter: number;
  readonly letterAfter: Letter;
}

type Placed = ReturnType<typeof placedFindings>[number];

/** Ids whose only fix is to stop exposing the port: offered as close-port, not one by one. */
export function isReachabilityId(id: string): boolean {
  const f = factorOf(id);
  return f === 'exposure' || f === 'amplification' || id === 'policy-unexpected-port';
}


function worst(list: readonly Placed[]): Finding['severity'] {
  let s: Finding['severity'] = 'info';
  for (const p of list) { if (SEVERITY_RANK[p.finding.severity] > SEVERITY_RANK[s]) { s = p.finding.severity; } }
  return s;
}

/** Whether `fix` removes the placed finding `p` (of the same host). */
export function removes(fix: Fix, p: Placed): boolean {
  if (!fix.locations.some((l) => l.port === p.port && l.protocol === p.protocol)) { return false; }
  return fix.kind === 'close-port' || p.finding.id === fix.findingIds[0];
}

const where = (l: FixLocation): string => (l.port === null ? 'the host' : `${l.port}/${l.protocol ?? 'tcp'}`);

/**
 * All candidate fixes for one host, from its findings: close a port that should not be reachable; fix one kind of
 * finding everywhere on the host (one configuration change, the way the model treats repeats as one kind).
 */
export function candidateFixes(h: HostResult, placed: readonly Placed[]): Fix[] {
  const out: Fix[] = [];
  const byPort = new Map<string, Placed[]>();
  const byId = new Map<string, Placed[]>();
  for (const p of placed) {
    if (p.port !== null) {
      const k = `${p.protocol ?? ''}/${p.port}`;
      byPort.set(k, [...(byPort.get(k) ?? []), p]);
      if (isReachabilityId(p.finding.id)) { continue; }
    }
    byId.set(p.finding.id, [...(byId.get(p.finding.id) ?? []), p]);
  }
  for (const list of byPort.values()) {
    if (!list.some((p) => isReachabilityId(p.finding.id))) { continue; }
    const first = list[0]!;
    const svc = h.ports.find((x) => x.port === first.port && x.protocol === first.protocol)?.service.name;
    out.push({
      kind: 'close-port', host: h.address, locations: [{ port: first.port, protocol: first.protocol }],
      findingIds: [...new Set(list.map((p) => p.finding.id))].sort(),
      action: `Close ${first.port}/${first.protocol ?? 'tcp'}${svc && svc !== 'unknown' ? ` (${svc})` : ''} on ${h.address}, or allow it only from trusted networks`,
      severity: worst(list),
    });
  }
  for (const [id, same] of byId) {
    const locs = new Map<string, FixLocation>();
    for (const p of same) { locs.set(`${p.protocol ?? ''}/${p.port ?? ''}`, { port: p.port, protocol: p.protocol }); }
    const locations = [...locs.values()].sort((a, b) => (a.port ?? -1) - (b.port ?? -1) || ((a.protocol ?? '') < (b.protocol ?? '') ? -1 : 1));
    const f = same[0]!.finding;
    out.push({
      kind: 'fix-finding', host: h.address, locations, findingIds: [id],
      action: `${f.title} on ${h.address} (${locations.map(where).join(', ')}): ${f.remediation}`, severity: worst(same),
    });
  }
  return out;
}

interface Candidate {
  fix: Fix; hostIndex: number; gainQ: number; count: number; key: string; fresh: boolean;
  /** The host's cap counts and deficits after this fix (for the letter after it). */
  caps: CapCounts; deficit: HostScore['deficit'];
  /** 2: removes a critical finding that holds a cap, 1: a high one, 0: neither. */
  tier: number;
}

const LETTER_RANK = letterRank;
const CENTI_MAX = 10_000;

const addCounts = (a: CapCounts, b: CapCounts, sign: 1 | -1): CapCounts => ({ critical: a.critical + sign * b.critical, high: a.high + sign * b.high });

/** Weighted deficit of one host, the integer the organisation's deficit sum changes by when the host changes. */
function weightedQ(h: HostScore): number {
  let q = 0;
  for (const f of FACTORS) { q += f.weight * h.deficit[f.key]; }
  return q;
}

/**
 * Ranks fixes greedily: first by the letter after the fix (with its cap: lifting a cap gains the letter it held
 * down), then fixes that remove a finding holding a cap (critical, then high), then by score gained; `top` limits
 * the steps (default: all that gain anything).
 */
export function planFixes(hosts: readonly HostResult[], top = Number.POSITIVE_INFINITY): Plan {
  const up = gradedHosts(hosts);
  const placed = up.map((h) => placedFindings(h));
  const scored = up.map((h, i) => scoreHostFindings(h.address, placed[i]!));
  const n = up.length;
  const m = sumDeficits(scored);
  const start = scoreCenti(m, n);
  const hostCaps = scored.map((h) => capCounts(h.findings));
  let caps = hostCaps.reduce((a, c) => addCounts(a, c, 1), { critical: 0, high: 0 });
  const letterOf = (centi: number, counts: CapCounts): Letter => cappedLetter(letterFor(centi / 100), capOfCounts(counts));
  const startLetter = letterOf(start, caps);
  const cands: Candidate[] = [];
  up.forEach((h, i) => {
    for (const fix of candidateFixes(h, placed[i]!)) {
      cands.push({ fix, hostIndex: i, gainQ: 0, count: 0, key: `${h.address}\u0000${fix.locations.map(where).join(',')}\u0000${fix.kind}\u0000${fix.findingIds.join(',')}`, fresh: false, caps: { critical: 0, high: 0 }, deficit: scored[i]!.deficit, tier: 0 });
    }
  });
  const evaluate = (c: Candidate): void => {
    const rest = placed[c.hostIndex]!.filter((p) => !removes(c.fix, p));
    c.count = placed[c.hostIndex]!.length - rest.length;
    const after = scoreHostFindings(up[c.hostIndex]!.address, rest);
    c.gainQ = c.count === 0 ? 0 : weightedQ(scored[c.hostIndex]!) - weightedQ(after);
    c.caps = capCounts(after.findings);
    c.deficit = after.deficit;
    const was = hostCaps[c.hostIndex]!;
    c.tier = c.caps.critical < was.critical ? 2 : c.caps.high < was.high ? 1 : 0;
    c.fresh = true;
  };
  /** The organisation's letter (with its cap) if `c` were applied now. */
  const letterIf = (c: Candidate): Letter => {
    const mm = { ...m };
    for (const f of FACTORS) { mm[f.key] += c.deficit[f.key] - scored[c.hostIndex]!.deficit[f.key]; }
    return letterOf(scoreCenti(mm, n), addCounts(addCounts(caps, hostCaps[c.hostIndex]!, -1), c.caps, 1));
  };
  // The same letter without allocating (it runs for every candidate at every step): Σ weight × deficit sums after
  // the fix is the organisation's current one less the fix's gainQ, so the score is one exact integer division,
  // done in doubles while every integer involved is safe (below 2^53), else by letterIf above.
  const denom = 2 * n * UNITS;
  const rankIf = (c: Candidate, qm: number): number => {
    const x = 2 * (qm - c.gainQ) + n * UNITS;
    if (n === 0 || !Number.isSafeInteger(x) || !Number.isSafeInteger(denom)) { return LETTER_RANK(letterIf(c)); }
    const d = (x - (x % denom)) / denom;
    const centi = CENTI_MAX - (d > CENTI_MAX ? CENTI_MAX : d);
    const hc = hostCaps[c.hostIndex]!;
    const counts = { critical: caps.critical - hc.critical + c.caps.critical, high: caps.high - hc.high + c.caps.high };
    return LETTER_RANK(letterOf(centi, counts));
  };
  const qOf = (mm: typeof m): number => { let q = 0; for (const f of FACTORS) { q += f.weight * mm[f.key]; } return q; };
  const better = (c: Candidate, b: Candidate, cl: number, bl: number): boolean =>
    cl !== bl ? cl < bl : c.tier !== b.tier ? c.tier > b.tier : c.gainQ !== b.gainQ ? c.gainQ > b.gainQ
      : c.count !== b.count ? c.count < b.count : c.key < b.key;
  const steps: PlanStep[] = [];
  let current = start;
  while (steps.length < top) {
    let best: Candidate | undefined;
    let bestLetter = 0;
    const qm = qOf(m);
    for (const c of cands) {
      if (!c.fresh) { evaluate(c); }
      if (c.count === 0 || c.gainQ <= 0) { continue; }
      const cl = rankIf(c, qm);
      if (!best || better(c, best, cl, bestLetter)) { best = c; bestLetter = cl; }
    }
    if (!best) { break; }
    const i = best.hostIndex;
    const before = scored[i]!;
    const capBefore = capOfCounts(caps);
    placed[i] = placed[i]!.filter((p) => !removes(best.fix, p));
    scored[i] = scoreHostFindings(up[i]!.address, placed[i]);
    for (const f of FACTORS) { m[f.key] += scored[i].deficit[f.key] - before.deficit[f.key]; }
    caps = addCounts(addCounts(caps, hostCaps[i]!, -1), best.caps, 1);
    hostCaps[i] = best.caps;
    const capAfter = capOfCounts(caps);
    const after = scoreCenti(m, n);
    const step: PlanStep = { ...best.fix, gain: (after - current) / 100, scoreAfter: after / 100, letterAfter: letterOf(after, caps), removes: best.count };
    steps.push(capBefore !== undefined && capBefore.letter !== capAfter?.letter ? { ...step, capLifted: capBefore } : step);
    current = after;
    for (const c of cands) { if (c.hostIndex === i) { c.fresh = false; } }
  }
  return {
    score: start / 100, letter: startLetter, steps,
    scoreAfter: current / 100, letterAfter: letterOf(current, caps),
  };
}
