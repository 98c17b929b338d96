/**
 * @module monitor/dashboard/downsample — thins a grade series (oldest first) for a chart without hiding what
 * matters: the series is cut into time-ordered buckets of equal size and each keeps its lowest and highest score
 * (so a one-run drop, or spike, is never averaged away), plus the first and last point and every point where the
 * letter changed from the one before. A twentieth of the budget goes to the largest single-run moves (≥ 1 point),
 * kept with the run before them, so the events the chart marks (a run that moved the score without changing the
 * letter) keep their exact size. The answer may therefore exceed `points` by the letter changes (never by more); a
 * series no longer than `points` comes back as it is.
 */

export interface Scored { readonly score: number; readonly letter: string }

export const DEFAULT_TREND_POINTS = 200;
export const MIN_TREND_POINTS = 10;
export const MAX_TREND_POINTS = 5000;

/** The kept points, in their original order (the same objects). `points` ≥ 2; under 4 the
 * answer may exceed it, since both ends, the lowest and the highest point are always kept. */
export function downsample<T extends Scored>(series: readonly T[], points: number): T[] {
  if (!Number.isInteger(points) || points < 2) { throw new RangeError(`points must be an integer ≥ 2 (got ${points})`); }
  const n = series.length;
  if (n <= points) { return [...series]; }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let i = 1; i < n; i++) {
    if (series[i]!.letter !== series[i - 1]!.letter) { keep[i] = 1; }
  }
  // The largest moves: two points each (the run and the one before it), a twentieth of the budget.
  const moves = Math.floor(points / 20);
  if (moves > 0) {
    const order: number[] = [];
    for (let i = 1; i < n; i++) { if (Math.abs(series[i]!.score - series[i - 1]!.score) >= 1) { order.push(i); } }
    order.sort((a, b) => Math.abs(series[b]!.score - series[b - 1]!.score) - Math.abs(series[a]!.score - series[a - 1]!.score));
    for (const i of order.slice(0, moves)) { keep[i] = 1; keep[i - 1] = 1; }
  }
  // Two kept per bucket (its min and max) and the two ends: buckets = (points - 2 - 2 × moves) / 2.
  const buckets = Math.max(1, Math.floor((points - 2 - 2 * moves) / 2));
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (series[i]!.score < series[lo]!.score) { lo = i; }
      if (series[i]!.score > series[hi]!.score) { hi = i; }
    }
    if (from < to) { keep[lo] = 1; keep[hi] = 1; }
  }
  const out: T[] = [];
  for (let i = 0; i < n; i++) { if (keep[i] === 1) { out.push(series[i]!); } }
  return out;
}
