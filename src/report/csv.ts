/**
 * @module report/csv — one row per finding (RFC 4180: CRLF line ends, fields quoted when needed). Cells that a
 * spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed with a quote. A provisional
 * host grade (checks errored) reads `C (provisional)` in host_grade.
 */
import type { ReportSummary } from '../score/summary.js';

export function csvCell(v: string | number | null): string {
  if (v === null) { return ''; }
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) { s = `'${s}`; }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = ['host', 'hostnames', 'host_grade', 'port', 'protocol', 'service', 'finding_id', 'factor', 'severity', 'title',
  'evidence', 'remediation', 'references', 'host_points', 'org_points'] as const;

/**
 * A partial scan (score/partial.ts) adds a last column `scan_status` (`interrupted` or `incomplete`) to every row, and
 * one row carrying only that status when it found nothing, so a spreadsheet of a killed scan cannot pass for a clean one.
 */
export function renderCsv(s: ReportSummary): string {
  const partial = s.completeness !== 'complete';
  const rows: string[] = [[...CSV_COLUMNS, ...(partial ? ['scan_status'] : [])].join(',')];
  for (const h of s.hosts) {
    for (const f of h.findings) {
      rows.push([
        h.host.address, h.host.hostnames.join(' '), h.grade.provisional === true ? `${h.grade.letter} (provisional)` : h.grade.letter, f.port, f.protocol ?? '', f.service, f.finding.id, f.factor,
        f.finding.severity, f.finding.title, f.finding.evidence, f.finding.remediation, f.finding.references.join(' '),
        f.hostPoints.toFixed(2), f.orgPoints.toFixed(2), ...(partial ? [s.completeness] : []),
      ].map(csvCell).join(','));
    }
  }
  if (partial && rows.length === 1) { rows.push([...CSV_COLUMNS.map(() => ''), s.completeness].map(csvCell).join(',')); }
  return rows.join('\r\n') + '\r\n';
}
