/**
 * @module report/html — the HTML report: one self-contained file (inline CSS and SVG, no script, no network; a CSP
 * forbids any fetch). Written for a non-engineer first: the grade, what it means, and the five fixes that raise it
 * most; then the factor breakdown, findings by severity, a host × factor heat map, and per host the findings with
 * evidence and remediation.
 */
import type { ReportSummary } from '../score/summary.js';
import type { Grade } from '../score/types.js';
import { FACTORS } from '../score/model.js';
import { capSentence } from './md.js';
import { esc, factorBars, fmt, gradeBadge, LETTER_COLOUR, scoreColour, severityChart, SEVERITY_COLOUR, STYLE } from './html-parts.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function verdict(s: ReportSummary): string {
  const g = s.grade;
  const meaning = { A: 'Very few risks are exposed.', B: 'Some risks are exposed; fix them soon.', C: 'Several risks are exposed that attackers look for.', D: 'Serious risks are exposed.', F: 'Critical risks are exposed to the network: act now.' }[g.letter];
  const p = s.plan;
  const next = p.steps.length > 0 && p.letterAfter !== g.letter
    ? ` Fixing the ${plural(p.steps.length, 'item')} below raises the grade to <strong>${p.letterAfter}</strong> (${fmt(p.scoreAfter)}).`
    : p.steps.length > 0 ? ` ${p.steps.length === 1 ? 'The fix below raises' : `The ${p.steps.length} fixes below raise`} the score to ${fmt(p.scoreAfter)}.` : '';
  return `${g.cap ? `${esc(capSentence(g.cap, g.score))} ` : ''}${meaning}${next}`;
}

const letterChip = (l: Grade['letter']): string => `<span class="letter" style="background:${LETTER_COLOUR[l]}">${l}</span>`;

function fixesTable(s: ReportSummary): string {
  if (s.plan.steps.length === 0) { return '<p>Nothing to fix: no finding lowers the grade.</p>'; }
  return '<table class="fixes" id="top-fixes"><thead><tr><th>#</th><th>Fix</th><th class="num">Grade gain</th><th class="num">Grade after</th></tr></thead><tbody>' +
    s.plan.steps.map((st, i) => `<tr><td>${i + 1}</td><td>${esc(st.action)}</td><td class="num gain">+${fmt(st.gain)}</td>` +
      `<td class="num">${fmt(st.scoreAfter)} ${letterChip(st.letterAfter)}</td></tr>`).join('') + '</tbody></table>';
}

function heatMap(s: ReportSummary): string {
  if (s.hosts.length === 0) { return '<p>No host was up.</p>'; }
  const head = `<tr><th>Host</th><th>Grade</th>${FACTORS.map((f) => `<th>${esc(f.name)}</th>`).join('')}</tr>`;
  const rows = s.hosts.slice(0, 200).map((h) => `<tr><td><a href="#host-${esc(h.host.address)}">${esc(h.host.address)}</a></td><td>${letterChip(h.grade.letter)} ${fmt(h.grade.score)}</td>` +
    h.grade.factors.map((f) => `<td class="cell" style="background:${scoreColour(f.score)};opacity:${f.score >= 100 ? 0.35 : 1}" title="${esc(f.name)}: ${fmt(f.score)}">${Math.round(f.score)}</td>`).join('') + '</tr>').join('');
  const more = s.hosts.length > 200 ? `<p class="muted">Showing the 200 lowest-graded of ${s.hosts.length} hosts.</p>` : '';
  return `<table class="heat"><thead>${head}</thead><tbody>${rows}</tbody></table>${more}`;
}

function groupsTable(g: Grade): string {
  if (!g.groups || g.groups.length === 0) { return ''; }
  return '<h2>Asset groups</h2><table><thead><tr><th>Group</th><th class="num">Hosts</th><th>Grade</th></tr></thead><tbody>' +
    g.groups.map((x) => `<tr><td>${esc(x.name)}</td><td class="num">${x.hosts ?? 0}</td><td>${letterChip(x.letter)} ${fmt(x.score)}</td></tr>`).join('') + '</tbody></table>';
}

function hostSection(h: ReportSummary['hosts'][number]): string {
  const title = `<h3 id="host-${esc(h.host.address)}">${esc(h.host.address)}${h.host.hostnames.length ? ` <span class="muted">(${esc(h.host.hostnames.join(', '))})</span>` : ''} — ${letterChip(h.grade.letter)} ${fmt(h.grade.score)}${h.grade.provisional === true ? ' <span class="muted">(provisional)</span>' : ''}</h3>`;
  const open = h.host.ports.filter((p) => p.state === 'open').map((p) => `${p.port}/${p.protocol}`);
  const portsLine = `<p class="muted">Open ports: ${open.length ? esc(open.join(', ')) : 'none'}</p>`;
  if (h.findings.length === 0) { return `${title}${portsLine}<p>No findings.</p>`; }
  const rows = h.findings.map((f) => {
    const where = f.port === null ? 'host' : `${f.port}/${f.protocol ?? 'tcp'}${f.local === true ? ' (reachable only from this machine)' : ''}`;
    const exch = (f.finding.exchanges ?? []).slice(0, 3).map((x) =>
      `<pre>${x.sent !== null ? `&gt; ${esc(x.sent)}\n` : ''}${x.received !== null ? `&lt; ${esc(x.received)}` : ''}${x.note ? `\n# ${esc(x.note)}` : ''}</pre>`).join('');
    return `<tr><td>${esc(where)}<br><span class="muted">${esc(f.service)}</span></td>` +
      `<td><span class="sev" style="background:${SEVERITY_COLOUR[f.finding.severity]}">${f.finding.severity}</span></td>` +
      `<td><strong>${esc(f.finding.title)}</strong> <code>${esc(f.finding.id)}</code><br>${esc(f.finding.evidence)}${exch}</td>` +
      `<td>${esc(f.finding.remediation)}</td><td class="num">−${fmt(f.hostPoints)}</td></tr>`;
  }).join('');
  return `${title}${portsLine}<table><thead><tr><th>Where</th><th>Severity</th><th>Finding and evidence</th><th>Remediation</th><th class="num">Points</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtml(s: ReportSummary): string {
  const g = s.grade;
  const targets = s.doc.scan.targets.length > 0 ? s.doc.scan.targets.join(', ') : 'imported scan';
  const notRun = s.notRun.length > 0
    ? `<p class="notice">This grade covers only what was checked. These checks did not run on some ports (an imported scan has no live probes; on a live scan a check can run out of time): ${esc(s.notRun.join(', '))}.</p>` : '';
  const provisional = g.provisional === true
    ? `<div class="notice" id="provisional"><p><strong>Provisional grade:</strong> checks failed with an error while this scan ran, so what they would have found is missing and the grade may be too good.</p><ul>${(g.provisionalReasons ?? []).map((r) => `<li><code>${esc(r)}</code></li>`).join('')}</ul></div>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse security grade ${g.letter}${s.partial !== null ? ' (partial)' : ''} — ${esc(targets)}</title>
<style>${STYLE}</style></head>
<body><main>
<section class="hero" id="grade">
${gradeBadge(g.letter, g.score)}
<div><h1>Security grade: <span class="big" style="color:${LETTER_COLOUR[g.letter]}">${g.letter}</span> <span class="muted">(${fmt(g.score)} / 100)${g.provisional === true ? ' — provisional' : ''}</span>${s.partial !== null ? ' <span class="partial" style="font-size:.5em;vertical-align:middle;background:#d4a72c;color:#fff;padding:2px 8px;border-radius:4px">partial</span>' : ''}</h1>
<p class="verdict">${verdict(s)}</p>
<p class="muted">${plural(g.hosts ?? 0, 'host')} reachable · ${plural(s.findings.length, 'finding')} · scan of ${esc(targets)} · ${esc(s.generated)} · model ${esc(g.model ?? '')}</p></div>
</section>
${s.partial !== null ? `<p class="notice partial-scan"><strong>${esc(s.partial)}</strong></p>` : ''}${provisional}${notRun}
<h2>${s.plan.steps.length > 1 ? `Top ${s.plan.steps.length} fixes, by grade gained` : s.plan.steps.length === 1 ? 'The fix, and the grade it gains' : 'Fixes'}</h2>
${fixesTable(s)}
<div class="grid">
<div><h2>What the grade is made of</h2>${factorBars(g.factors, g.deductions)}</div>
<div><h2>Findings by severity</h2>${severityChart(s.severityCounts)}</div>
</div>
${groupsTable(g)}
<h2>Hosts × factors</h2>
${heatMap(s)}
<h2>Findings per host</h2>
${s.hosts.map(hostSection).join('\n')}
<h2>How this grade is computed</h2>
<p class="muted">Each finding weighs by severity (critical 60, high 25, medium 8, low 2, info 0; repeats of one kind on a host count half as much each time), per factor and host: deficit = 100 × (1 − e^(−weight sum / 60)). Factor scores are 100 minus the mean host deficit, so the grade depends on the rate of problems, not the number of hosts. Overall = 100 − Σ factor weight × factor deficit. A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below. Full model: docs/scoring.md; every point: <code>gatehouse explain</code>.</p>
</main></body></html>
`;
}
