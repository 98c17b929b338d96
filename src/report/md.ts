/** @module report/md — the Markdown report, for tickets: grade, top fixes, factors, then findings per host. */
import type { ReportSummary } from '../score/summary.js';
import { SEVERITIES } from '../score/summary.js';
import { letterFor, worseLetter } from '../score/model.js';

/** Escapes text for a Markdown table cell (pipes, newlines, HTML). */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ');
}

const f2 = (n: number): string => n.toFixed(2);

/** Why the letter is below what the score earns (docs/scoring.md § 5a). */
export function capSentence(cap: NonNullable<ReportSummary['grade']['cap']>, score: number): string {
  const own = letterFor(score);
  const ids = `${cap.severity} finding(s) reachable from other hosts (${cap.findingIds.join(', ')})`;
  return own === cap.letter || worseLetter(own, cap.letter) === own
    ? `Until the ${ids} are fixed, the grade cannot rise above ${cap.letter}.`
    : `Capped at ${cap.letter} by ${ids}: the score alone (${score.toFixed(2)}) would earn ${own}. Fixing them lifts the cap.`;
}

export function renderMarkdown(s: ReportSummary): string {
  const g = s.grade;
  const out: string[] = [];
  out.push(`# Security grade: ${g.letter} (${f2(g.score)} / 100)${s.partial !== null ? ' — partial' : ''}`, '');
  if (s.partial !== null) { out.push(`> **${s.partial}**`, ''); }
  out.push(`${g.hosts ?? 0} host(s) up · ${s.findings.length} finding(s) · scan of ${mdCell(s.doc.scan.targets.join(', ') || 'imported scan')} · ${s.generated} · ${g.model ?? ''}`, '');
  if (g.provisional === true) {
    out.push('> **Provisional grade:** checks failed with an error while this scan ran, so what they would have found is missing and the grade may be too good:');
    for (const r of g.provisionalReasons ?? []) { out.push(`> - \`${r.replace(/`/g, "'")}\``); }
    out.push('');
  }
  if (g.cap) { out.push(`> ${capSentence(g.cap, g.score)}`, ''); }
  if (s.notRun.length > 0) { out.push(`> The grade covers only what was checked: these checks did not run on some ports (imports have no live probes): ${s.notRun.join(', ')}.`, ''); }
  out.push('## Top fixes', '');
  if (s.plan.steps.length === 0) { out.push('Nothing to fix: no finding lowers the grade.', ''); } else {
    out.push('| # | Fix | Gain | Grade after |', '|---|---|---:|---|');
    s.plan.steps.forEach((st, i) => out.push(`| ${i + 1} | ${mdCell(st.action)} | +${f2(st.gain)} | ${f2(st.scoreAfter)} (${st.letterAfter}) |`));
    out.push('');
  }
  out.push('## Factors', '', '| Factor | Score | Weight |', '|---|---:|---:|');
  for (const f of g.factors) { out.push(`| ${f.name} | ${f2(f.score)} | ${f.weight} |`); }
  out.push('', '## Findings by severity', '', '| Severity | Count |', '|---|---:|');
  for (const sev of SEVERITIES) { out.push(`| ${sev} | ${s.severityCounts[sev]} |`); }
  if (g.groups && g.groups.length > 0) {
    out.push('', '## Asset groups', '', '| Group | Hosts | Grade |', '|---|---:|---|');
    for (const x of g.groups) { out.push(`| ${mdCell(x.name)} | ${x.hosts ?? 0} | ${x.letter} (${f2(x.score)}) |`); }
  }
  out.push('', '## Hosts', '');
  for (const h of s.hosts) {
    out.push(`### ${h.host.address}${h.host.hostnames.length ? ` (${mdCell(h.host.hostnames.join(', '))})` : ''} — ${h.grade.letter} (${f2(h.grade.score)})${h.grade.provisional === true ? ' — provisional' : ''}`, '');
    if (h.findings.length === 0) { out.push('No findings.', ''); continue; }
    out.push('| Where | Severity | Finding | Evidence | Remediation | Points |', '|---|---|---|---|---|---:|');
    for (const f of h.findings) {
      const where = f.port === null ? 'host' : `${f.port}/${f.protocol ?? 'tcp'}${f.service ? ` ${f.service}` : ''}${f.local === true ? ' (reachable only from this machine)' : ''}`;
      out.push(`| ${mdCell(where)} | ${f.finding.severity} | ${mdCell(f.finding.title)} (\`${mdCell(f.finding.id)}\`) | ${mdCell(f.finding.evidence)} | ${mdCell(f.finding.remediation)} | −${f2(f.hostPoints)} |`);
    }
    out.push('');
  }
  out.push('---', '', 'Model: docs/scoring.md. Every point: `gatehouse explain`.', '');
  return out.join('\n');
}
