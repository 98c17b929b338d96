/**
 * @module score/running — the organisation's grade of a scan computed host by host in constant memory (issue 16
 * item 3): a scan of a /8 cannot keep every host for a final batch. Per host only integers are added (the number of
 * hosts up and Σ deficit per factor, exactly what § 4–5 of docs/scoring.md need), so score, letter and factor scores
 * are exactly those of the batch `gradeHosts`. Deductions (§ 6) need each finding's raw contribution: the KEEP
 * largest are kept one by one (a bounded selection), the others are summed per finding id and factor. While a scan
 * has at most KEEP weighing findings the grade is identical to the batch one (src/score/running.test.ts); beyond,
 * the aggregated deductions carry `host: '*'` and `aggregated: count`, and still sum exactly to 100 − score.
 */
import type { HostResult, Protocol } from '../core/types.js';
import { FACTORS, MODEL_ID, letterFor } from './model.js';
import { scoreHost, zeroFactors, type FactorNumbers } from './host.js';
import { WEIGHT_OF, apportionItems, deductions as deductionsOf, deficitCenti, factorScores, findingKey } from './scope.js';
import type { FactorKey, Grade } from './types.js';
import { CapTally, cappedLetter } from './caps.js';

/** Findings kept one by one for the deductions list. */
export const DEFAULT_KEEP = 2000;
const CENTI_MAX = 10_000;

interface Item {
  readonly raw: number;
  readonly key: string;
  readonly host: string;
  readonly port: number | null;
  readonly protocol: Protocol | null;
  readonly factor: FactorKey;
  readonly id: string;
  readonly local: boolean;
}

interface Bucket { raw: number; count: number; readonly factor: FactorKey; readonly id: string }

const byRawDesc = (a: Item, b: Item): number => b.raw - a.raw || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class RunningGrade {
  private n = 0;
  private readonly m: FactorNumbers = zeroFactors();
  private kept: Item[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly caps = new CapTally();
  constructor(private readonly keep: number = DEFAULT_KEEP) {}

  /** Adds one host (ignored unless it is up). Nothing of the host is retained but at most `keep` findings' keys. */
  add(h: HostResult): void {
    if (h.state !== 'up') { return; }
    this.n++;
    const hs = scoreHost(h);
    for (const f of FACTORS) { this.m[f.key] += hs.deficit[f.key]; }
    for (const s of hs.findings) {
      this.caps.add(s);
      if (s.penalty <= 0) { continue; }
      const raw = (WEIGHT_OF[s.factor] ?? 0) * hs.deficit[s.factor] * (s.penalty / hs.penalty[s.factor]);
      this.kept.push({ raw, key: findingKey(s), host: s.host, port: s.port, protocol: s.protocol, factor: s.factor, id: s.finding.id, local: s.local });
    }
    if (this.kept.length >= 2 * this.keep) { this.trim(); }
  }

  /** Findings held one by one, and aggregate buckets: bounded by keep + (finding ids × factors). */
  size(): { hosts: number; kept: number; buckets: number } {
    return { hosts: this.n, kept: this.kept.length, buckets: this.buckets.size };
  }

  /** The grade of every host added so far (`gradeHosts` of them, with the deductions bounded as described above). */
  grade(): Grade {
    this.trim();
    const t = deficitCenti(this.m, this.n);
    const aggregates = [...this.buckets.values()];
    const items: Array<{ raw: number; key: string; src: Item | Bucket }> = [
      ...this.kept.map((it) => ({ raw: it.raw, key: it.key, src: it })),
      ...aggregates.map((b) => ({ raw: b.raw, key: `\uffff${b.factor}\u0000${b.id}`, src: b })),
    ];
    const centi = apportionItems(items, t);
    const allocs = items.map((it, i) => {
      const x = it.src;
      const where = 'host' in x ? { host: x.host, port: x.port, protocol: x.protocol, local: x.local } : { host: '*', port: null, protocol: null };
      return { finding: { ...where, factor: x.factor, finding: { id: x.id } }, centi: centi[i]! };
    });
    const ds = deductionsOf(allocs);
    for (const d of ds) {
      if (d.host !== '*') { continue; }
      const b = aggregates.find((x) => x.id === d.findingId && x.factor === d.factor);
      if (b !== undefined) { d.aggregated = b.count; }
    }
    const score = (CENTI_MAX - t) / 100;
    const cap = this.caps.cap();
    const grade: Grade = { score, letter: cappedLetter(letterFor(score), cap), factors: factorScores(this.m, this.n), deductions: ds, hosts: this.n, model: MODEL_ID };
    if (cap !== undefined) { grade.cap = cap; }
    return grade;
  }

  /** Keeps the `keep` largest contributions (raw desc, then key): the threshold only rises, so they are the global top. */
  private trim(): void {
    if (this.kept.length <= this.keep) { return; }
    this.kept.sort(byRawDesc);
    for (const it of this.kept.slice(this.keep)) {
      const k = `${it.factor}\u0000${it.id}`;
      const b = this.buckets.get(k);
      if (b) { b.raw += it.raw; b.count++; } else { this.buckets.set(k, { raw: it.raw, count: 1, factor: it.factor, id: it.id }); }
    }
    this.kept = this.kept.slice(0, this.keep);
  }
}
