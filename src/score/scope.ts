/**
 * @module score/scope — the grade of a set of hosts (one host, an asset group, the organisation): factor scores
 * from the exact integer sums of per-host deficits, the overall score, and the deductions apportioned so they sum
 * exactly to 100 − score (docs/scoring.md §§ 4–6).
 */
import { FACTORS, MODEL_ID, UNITS, letterFor } from './model.js';
import type { FactorNumbers, HostScore, ScoredFinding } from './host.js';
import { zeroFactors } from './host.js';
import type { Deduction, FactorScore, Grade } from './types.js';
import { capOf, cappedLetter } from './caps.js';

const CENTI_MAX = 10_000; // 100.00 points in hundredths

/** Σ of host deficits per factor (exact: integers). */
export function sumDeficits(hosts: readonly HostScore[]): FactorNumbers {
  const m = zeroFactors();
  for (const h of hosts) { for (const f of FACTORS) { m[f.key] += h.deficit[f.key]; } }
  return m;
}

/** round-half-up(a / b) for non-negative BigInts. */
function divRound(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** The overall deficit in hundredths of a point (0 … 10,000) from deficit sums over n hosts. */
export function deficitCenti(m: FactorNumbers, n: number): number {
  if (n === 0) { return 0; }
  let q = 0n;
  for (const f of FACTORS) { q += BigInt(f.weight) * BigInt(m[f.key]); }
  // overall deficit (points) = Σ (weight/100) × m / (n × UNITS); in hundredths: q / (n × UNITS)
  const t = divRound(q, BigInt(n) * BigInt(UNITS));
  return t > BigInt(CENTI_MAX) ? CENTI_MAX : Number(t);
}

export function factorScores(m: FactorNumbers, n: number): FactorScore[] {
  return FACTORS.map((f) => {
    const centi = n === 0 ? 0 : Number(divRound(BigInt(m[f.key]) * 100n, BigInt(n) * BigInt(UNITS)));
    return { name: f.name, key: f.key, score: (CENTI_MAX - centi) / 100, weight: f.weight / 100 };
  });
}

/** A finding's deduction in one scope, in hundredths of a point. */
export interface Allocation { readonly finding: ScoredFinding; readonly centi: number }

export interface ScopeResult {
  readonly grade: Grade;
  /** Every scored finding with a positive penalty, with its share (possibly 0) of the deducted hundredths. */
  readonly allocations: readonly Allocation[];
}

export const WEIGHT_OF = Object.fromEntries(FACTORS.map((f) => [f.key, f.weight])) as Record<string, number>;

export function findingKey(s: ScoredFinding): string {
  return `${s.host}\u0000${s.port === null ? '' : String(s.port).padStart(5, '0')}\u0000${s.protocol ?? ''}\u0000${s.finding.id}\u0000${s.repeat}`;
}

/**
 * Apportions `total` hundredths over the findings in proportion to their raw contributions
 * (weight × host deficit × penalty share), largest remainder first, ties by host/port/id: the parts sum to `total`.
 */
function apportion(hosts: readonly HostScore[], total: number): Allocation[] {
  const items: { finding: ScoredFinding; raw: number; key: string }[] = [];
  for (const h of hosts) {
    for (const s of h.findings) {
      if (s.penalty <= 0) { continue; }
      const p = h.penalty[s.factor];
      items.push({ finding: s, raw: (WEIGHT_OF[s.factor] ?? 0) * h.deficit[s.factor] * (s.penalty / p), key: findingKey(s) });
    }
  }
  const centi = apportionItems(items, total);
  return items.map((it, i) => ({ finding: it.finding, centi: centi[i]! }));
}

/**
 * The largest-remainder step of `apportion` (shared with score/running.ts): sorts `items` by key (input order never
 * matters) and returns each one's hundredths, in that order; they sum to `total`.
 */
export function apportionItems(items: Array<{ raw: number; key: string }>, total: number): number[] {
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // input order never matters
  let sumRaw = 0;
  for (const it of items) { sumRaw += it.raw; }
  if (total === 0 || sumRaw <= 0) { return items.map(() => 0); }
  const quota = items.map((it) => (total * it.raw) / sumRaw);
  const centi = quota.map((q) => Math.floor(q));
  let left = total - centi.reduce((a, b) => a + b, 0);
  const order = items.map((_, i) => i).sort((a, b) => {
    const r = (quota[b]! - centi[b]!) - (quota[a]! - centi[a]!);
    if (r !== 0) { return r; }
    return items[a]!.key < items[b]!.key ? -1 : 1;
  });
  for (let i = 0; left > 0; i = (i + 1) % order.length) { centi[order[i]!]! += 1; left--; }
  while (left < 0) { // float quotas can overshoot by a unit: take back from the smallest remainders
    for (let i = order.length - 1; i >= 0 && left < 0; i--) { if (centi[order[i]!]! > 0) { centi[order[i]!]! -= 1; left++; } }
  }
  return centi;
}

/** Merges allocations of one id on one host/port into one deduction; drops zeros; largest first. */
/** What `deductions` reads of an allocation (an Allocation, or score/running.ts's bounded form of one). */
export interface DeductionSource {
  readonly finding: Pick<ScoredFinding, 'host' | 'port' | 'protocol' | 'factor'> & { readonly local?: boolean; readonly finding: { readonly id: string } };
  readonly centi: number;
}

export function deductions(allocs: readonly DeductionSource[]): Deduction[] {
  const merged = new Map<string, Deduction & { centi: number }>();
  for (const a of allocs) {
    if (a.centi === 0) { continue; }
    const s = a.finding;
    const key = `${s.host}\u0000${s.port ?? ''}\u0000${s.protocol ?? ''}\u0000${s.finding.id}`;
    const d = merged.get(key);
    if (d) { d.centi += a.centi; continue; }
    const base: Deduction & { centi: number } = { findingId: s.finding.id, host: s.host, port: s.port, factor: s.factor, points: 0, centi: a.centi };
    if (s.protocol !== null) { base.protocol = s.protocol; }
    if (s.local) { base.local = true; }
    merged.set(key, base);
  }
  return [...merged.values()]
    .sort((a, b) => b.centi - a.centi || cmp(a.host, b.host) || (a.port ?? -1) - (b.port ?? -1) || cmp(a.findingId, b.findingId))
    .map(({ centi, ...d }) => ({ ...d, points: centi / 100 }));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The grade of a scope. With no hosts the score is 100 (nothing reachable was found). */
export function scopeGrade(hosts: readonly HostScore[]): ScopeResult {
  const n = hosts.length;
  const m = sumDeficits(hosts);
  const t = deficitCenti(m, n);
  const allocations = apportion(hosts, t);
  const score = (CENTI_MAX - t) / 100;
  const cap = capOf(hosts.flatMap((h) => h.findings));
  const grade: Grade = {
    score,
    letter: cappedLetter(letterFor(score), cap),
    factors: factorScores(m, n),
    deductions: deductions(allocations),
    hosts: n,
    model: MODEL_ID,
  };
  if (cap !== undefined) { grade.cap = cap; }
  return { grade, allocations };
}

/** The score (hundredths) of a scope given its deficit sums: what plan.ts uses for what-ifs. */
export function scoreCenti(m: FactorNumbers, n: number): number {
  return CENTI_MAX - deficitCenti(m, n);
}
