/**
 * @module score/model — the constants of the scoring model, exactly as docs/scoring.md states them: severity
 * weights, the repeat decay, the saturation constant, factor weights and the letter scale. Change one here and in
 * the document together (test/report/scoring-doc.test.ts compares them).
 */
import type { FactorKey, Letter } from './types.js';

export const MODEL_ID = 'gatehouse-score/2';

/** Penalty weight of one finding by severity (the one severity table: knowledge/severity.ts). */
export { SEVERITY_WEIGHT } from '../knowledge/severity.js';

/**
 * A finding on a port only the scanning machine itself can reach (self-scan, bound to loopback) weighs this share of
 * its severity weight (docs/scoring.md § 2a; exposure and amplification findings there weigh 0), and never caps.
 */
export const LOCAL_WEIGHT = 0.1;

/** The k-th (0-based) finding with the same id on the same host counts DECAY^k of its weight. */
export const DECAY = 0.5;

/** Saturation: a host's factor deficit is 100 × (1 − e^(−P / SATURATION)) for a penalty sum P. */
export const SATURATION = 60;

/** Fixed-point resolution of per-host factor deficits: 1 point = UNITS units (integers, so sums are exact). */
export const UNITS = 10_000;

export interface FactorDef {
  readonly key: FactorKey;
  readonly name: string;
  /** Weight in hundredths (100 = 1.0): overall = 100 − Σ weight × (100 − factor score), floored at 0. */
  readonly weight: number;
}

/** The factors in report order. */
export const FACTORS: readonly FactorDef[] = Object.freeze([
  { key: 'exposure', name: 'Network exposure', weight: 100 },
  { key: 'configuration', name: 'Service configuration', weight: 100 },
  { key: 'encryption', name: 'Encryption', weight: 60 },
  { key: 'amplification', name: 'DDoS amplification', weight: 80 },
  { key: 'software', name: 'Software age', weight: 60 },
  { key: 'policy', name: 'Policy', weight: 80 },
] as const);

export const FACTOR_BY_KEY: Readonly<Record<FactorKey, FactorDef>> = Object.freeze(
  Object.fromEntries(FACTORS.map((f) => [f.key, f])) as Record<FactorKey, FactorDef>,
);

/**
 * Letter caps (docs/scoring.md § 5a), strictest first: any finding of `severity` reachable from other hosts caps the
 * letter of every scope holding it (organisation, group, host) at `letter`, whatever the score.
 */
export const CAPS: readonly { readonly severity: 'critical' | 'high'; readonly letter: Letter }[] = Object.freeze([
  { severity: 'critical', letter: 'D' },
  { severity: 'high', letter: 'B' },
] as const);

/** Letter thresholds, best first: a score ≥ min earns the letter. */
export const LETTERS: readonly { readonly letter: Letter; readonly min: number }[] = Object.freeze([
  { letter: 'A', min: 90 },
  { letter: 'B', min: 80 },
  { letter: 'C', min: 70 },
  { letter: 'D', min: 60 },
  { letter: 'F', min: 0 },
]);

export function letterFor(score: number): Letter {
  for (const l of LETTERS) { if (score >= l.min) { return l.letter; } }
  return 'F';
}

/** The worse of two letters (F is the worst). */
export function worseLetter(a: Letter, b: Letter): Letter {
  return letterRank(a) >= letterRank(b) ? a : b;
}

/** A letter's index in LETTERS (0 best; -1 if absent), without a search (the plan ranks 100,000s of candidates). */
export function letterRank(l: Letter): number { return RANKS.get(l) ?? -1; }
const RANKS = new Map<Letter, number>([...LETTERS].reverse().map((x, i) => [x.letter, LETTERS.length - 1 - i]));

/** Parses a letter given by the user (`--fail-under b`); undefined if it is not one. */
export function parseLetter(s: string): Letter | undefined {
  const u = s.trim().toUpperCase();
  return LETTERS.find((l) => l.letter === u)?.letter;
}

/** The lowest score that still earns `letter`. */
export function minScoreFor(letter: Letter): number {
  return LETTERS.find((l) => l.letter === letter)?.min ?? 0;
}
