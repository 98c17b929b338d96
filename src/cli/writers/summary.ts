/** @module cli/writers/summary — the closing lines on stderr: hosts scanned, the grade and what pulls it down, UDP advice. */
import type { Grade } from '../../core/grade.js';
import type { ScanMeta } from '../../core/types.js';
import { dbArgument } from '../db-hint.js';

/** The closing summary (table and plain modes). */
export function summaryText(meta: ScanMeta & { finished: string }, up: number, down: number, grade: Grade, scanId: number | null, db: string | undefined): string {
  const secs = (Date.parse(meta.finished) - Date.parse(meta.started)) / 1000;
  let text = `Scanned ${up + down} host(s) (${up} up) in ${secs.toFixed(2)} s${meta.interrupted === true ? ' — interrupted' : ''}\n`;
  if (up > 0) { text += gradeLine(grade, scanId, db); }
  if (meta.udp && meta.udp.confirmations >= 20 && meta.udp.sourceAddresses <= 1) {
    text += `UDP: ${meta.udp.confirmations} port(s) had to be asked again at the targets' ICMP rate limit (about one per second per source address); --udp-source-ip with several local addresses confirms them that many times faster (docs/udp.md)\n`;
  }
  return text;
}

/** The grade, what pulls it down most, and where the scan was saved. */
export function gradeLine(grade: Grade, scanId: number | null, db: string | undefined): string {
  const worst = [...grade.factors].filter((f) => f.score < 100).sort((a, b) => (a.score - b.score) || a.name.localeCompare(b.name))[0];
  const why = worst ? `; weakest factor: ${worst.name} ${worst.score.toFixed(0)}/100` : '';
  const provisional = grade.provisional === true ? ` PROVISIONAL: ${grade.provisionalReasons?.length ?? 0} error(s) while checking (see the ERROR lines); the grade may be too good.` : '';
  const ref = scanId !== null ? `@${scanId}${dbArgument(db)}` : 'SCAN.json';
  const saved = scanId !== null ? ` Saved as scan ${scanId}.` : '';
  const cap = grade.cap ? `, capped at ${grade.cap.letter} by ${grade.cap.severity} finding(s) ${grade.cap.findingIds.join(', ')}` : '';
  return `Grade ${grade.letter} (${grade.score.toFixed(1)}/100${cap})${grade.partial === true ? ' — partial: the scan was interrupted' : ''}${why}.${provisional}${saved} Fixes ranked by grade gained: gatehouse plan ${ref}; report: gatehouse report ${ref} -f html -o report.html\n`;
}
