/**
 * @module score/gate — what `gatehouse scan` needs from the score: grades set on the collected hosts for `--json`,
 * and the `--fail-under LETTER` gate (exit 3 when the organisation's letter is below LETTER).
 */
import type { HostResult } from '../core/types.js';
import { GatehouseError, UsageError } from '../errors/index.js';
import { gradeHost, gradeHosts } from './document.js';
import { LETTERS, letterFor, parseLetter, worseLetter } from './model.js';
import type { Grade, Letter } from './types.js';

export const GRADE_BELOW_EXIT = 3;

/** Validates `--fail-under` before anything is scanned. */
export function parseFailUnder(value: string): Letter {
  const l = parseLetter(value);
  if (l === undefined) {
    throw new UsageError('GH_ERR_OPTION', `invalid value "${value}" for --fail-under: expected one of ${LETTERS.map((x) => x.letter).join(', ')}`);
  }
  return l;
}

/** Sets `grade` on every host that is up and returns the organisation's grade. */
export function gradeScanHosts(hosts: HostResult[]): Grade {
  for (const h of hosts) { if (h.state === 'up') { h.grade = gradeHost(h); } }
  return gradeHosts(hosts);
}

/** Throws GH_ERR_GRADE_BELOW (exit 3) when `grade`'s letter (capped, docs/scoring.md § 5a) is below `min`. */
export function enforceFailUnder(grade: Grade, min: Letter): void {
  if (grade.letter !== min && worseLetter(grade.letter, min) === grade.letter) {
    // Name the cap when it, not the score, put the letter below the bar.
    const own = letterFor(grade.score);
    const why = grade.cap && (own === min || worseLetter(own, min) === min) ? ` (capped at ${grade.cap.letter} by ${grade.cap.severity} finding(s) ${grade.cap.findingIds.join(', ')})` : '';
    throw new GatehouseError('GH_ERR_GRADE_BELOW', `grade ${grade.letter} (${grade.score.toFixed(2)}) is below --fail-under ${min}${why}`, { exitCode: GRADE_BELOW_EXIT });
  }
}
