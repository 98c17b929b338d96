/**
 * @module score/partial — whether a scan document covers everything it set out to scan. An interrupted scan
 * (`scan.interrupted`, Ctrl-C) and an incomplete one (`scan.finished` null: the process was killed or crashed before
 * it closed the scan record) are graded from the hosts they reached, and that grade is marked `partial`: every
 * report, `explain` and `plan` say so (docs/scoring.md § 13).
 */
import type { ScanMeta } from '../core/types.js';
import type { Grade } from './types.js';

export type Completeness = 'complete' | 'interrupted' | 'incomplete';

export function completeness(meta: Pick<ScanMeta, 'finished' | 'interrupted'>): Completeness {
  if (meta.interrupted === true) { return 'interrupted'; }
  if (meta.finished === null) { return 'incomplete'; }
  return 'complete';
}

/** One sentence for reports; null for a complete scan. */
export function partialNote(c: Completeness): string | null {
  switch (c) {
    case 'complete': return null;
    case 'interrupted': return 'Partial grade: the scan was interrupted before it finished; it covers only the hosts scanned until then.';
    case 'incomplete': return 'Partial grade: the scan did not finish (no end time was recorded: it was killed, crashed, or is still running); it covers only the hosts saved until then.';
  }
}

/** A few words for one-line outputs (the scan's closing line, `explain`, `plan`). */
export function partialTag(c: Completeness): string {
  return c === 'complete' ? '' : ` — PARTIAL (scan ${c === 'interrupted' ? 'interrupted' : 'did not finish'})`;
}

/** Sets `grade.partial` (and on its groups) when the scan is not complete; returns the grade. */
export function markPartial<G extends Grade>(grade: G, meta: Pick<ScanMeta, 'finished' | 'interrupted'>): G {
  if (completeness(meta) === 'complete') { return grade; }
  grade.partial = true;
  for (const g of grade.groups ?? []) { g.partial = true; }
  return grade;
}
