/**
 * @module knowledge/severity — the one severity table: each level's rank (its order, critical 4 … info 0: what to
 * fix or close first) and its penalty weight in the grade (docs/scoring.md § 2; score/model.ts re-exports it, and
 * test/report/scoring-doc.test.ts compares it with the document). Change a weight here and in the document together.
 */
import type { Severity } from '../core/types.js';

export const SEVERITIES: Readonly<Record<Severity, { readonly rank: number; readonly weight: number }>> = Object.freeze({
  critical: Object.freeze({ rank: 4, weight: 60 }),
  high: Object.freeze({ rank: 3, weight: 25 }),
  medium: Object.freeze({ rank: 2, weight: 8 }),
  low: Object.freeze({ rank: 1, weight: 2 }),
  info: Object.freeze({ rank: 0, weight: 0 }),
});

const column = (key: 'rank' | 'weight'): Readonly<Record<Severity, number>> => Object.freeze({
  critical: SEVERITIES.critical[key], high: SEVERITIES.high[key], medium: SEVERITIES.medium[key], low: SEVERITIES.low[key], info: SEVERITIES.info[key],
});

/** Order of the levels: critical 4, high 3, medium 2, low 1, info 0. */
export const SEVERITY_RANK = column('rank');

/** Penalty weight of one finding by severity: critical ≫ high ≫ medium ≫ low; info counts 0. */
export const SEVERITY_WEIGHT = column('weight');
