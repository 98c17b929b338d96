/**
 * @module report/executive — the executive summary: one plain-language page for a business reader (what the grade
 * means, the three fixes that gain the most with the grade after each, the trend), self-contained HTML (inline CSS
 * and SVG, no script, no network) that report/pdf prints to PDF.
 */
import type { Grade, Letter } from '../score/types.js';
import type { PlanStep } from '../score/plan.js';
import { capSentence } from './md.js';
import { esc, fmt, gradeBadge, LETTER_COLOUR, STYLE } from './html-parts.js';

export interface ExecutiveInput {
  readonly organization: string;
  readonly grade: Grade;
  /** The grade a week before, when known. */
  readonly weekAgo: { readonly score: number; readonly letter: string } | null;
  /** The top fixes (score/plan), best first; the page shows three. */
  readonly fixes: readonly PlanStep[];
  /** Oldest first. */
  readonly trend: ReadonlyArray<{ readonly at: string; readonly score: number; readonly letter: string }>;
  readonly hosts: number;
  readonly findings: Readonly<Record<string, number>>;
  readonly generated: string;
  readonly basis: 'active' | 'passive';
}

const MEANING: Record<Letter, string> = {
  A: 'Very little is exposed to attackers. Keep it that way: review new services before they go on the internet.',
  B: 'A few weaknesses are visible from the internet. None is an open door, but they should be fixed this quarter.',
  C: 'Several weaknesses that attackers routinely look for are visible from the internet. Plan fixes within weeks.',
  D: 'Serious weaknesses are exposed: an attacker could use them to get in or disrupt services. Fix them now.',
  F: 'Critical weaknesses are exposed to anyone on the internet. Treat this as an incident: act today.',
};

/** A 600×120 line of the score over time (inline SVG), with the letter bands as guides. */
export function trendSvg(points: ExecutiveInput['trend']): string {
  if (points.length < 2) { return '<p class="muted">Not enough scans yet to draw a trend: it appears after the second scan.</p>'; }
  const w = 600, h = 120, pad = 6;
  const t0 = Date.parse(points[0]!.at), t1 = Date.parse(points.at(-1)!.at);
  const x = (at: string): number => pad + ((Date.parse(at) - t0) / Math.max(1, t1 - t0)) * (w - 2 * pad);
  const y = (s: number): number => pad + (1 - s / 100) * (h - 2 * pad);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const bands = [90, 80, 70, 60].map((b) => `<line x1="${pad}" x2="${w - pad}" y1="${y(b)}" y2="${y(b)}" stroke="#d0d7de" stroke-dasharray="4 4"/>`).join('');
  const last = points.at(-1)!;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Score over time" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${bands}` +
    `<path d="${line}" fill="none" stroke="#0969da" stroke-width="2"/><circle cx="${x(last.at)}" cy="${y(last.score)}" r="4" fill="${LETTER_COLOUR[(last.letter as Letter)] ?? '#0969da'}"/></svg>`;
}

function trendSentence(i: ExecutiveInput): string {
  if (i.weekAgo === null) { return 'This is the first week we have measured: the trend starts here.'; }
  const d = Math.round((i.grade.score - i.weekAgo.score) * 100) / 100;
  if (Math.abs(d) < 0.01) { return `Unchanged since a week ago (${i.weekAgo.letter}, ${fmt(i.weekAgo.score)}).`; }
  return `${d > 0 ? 'Better' : 'Worse'} than a week ago by ${fmt(Math.abs(d))} points (was ${i.weekAgo.letter}, ${fmt(i.weekAgo.score)}).`;
}

export function renderExecutive(i: ExecutiveInput): string {
  const g = i.grade;
  const top = i.fixes.slice(0, 3);
  const fixes = top.length === 0
    ? '<p>Nothing to fix: no finding lowers the grade.</p>'
    : `<ol class="exec-fixes">${top.map((s) => `<li><strong>${esc(s.action)}</strong> <span class="muted">(${esc(s.host)}; ${esc(s.severity)})</span><br>Gains ${fmt(s.gain)} points: the grade becomes <strong style="color:${LETTER_COLOUR[s.letterAfter]}">${s.letterAfter}</strong> (${fmt(s.scoreAfter)}).</li>`).join('')}</ol>`;
  const open = (['critical', 'high', 'medium', 'low'] as const).map((k) => `${i.findings[k] ?? 0} ${k}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Executive summary — ${esc(i.organization)}: grade ${g.letter}</title>
<style>${STYLE} .exec-fixes li{margin:.6em 0} @page{size:A4;margin:14mm}</style></head>
<body><main>
<section class="hero" id="grade">
${gradeBadge(g.letter, g.score)}
<div><h1>${esc(i.organization)}: security grade <span class="big" style="color:${LETTER_COLOUR[g.letter]}">${g.letter}</span> <span class="muted">(${fmt(g.score)} / 100)</span></h1>
<p class="verdict" id="meaning">${g.cap ? `${esc(capSentence(g.cap, g.score))} ` : ''}${MEANING[g.letter]}</p>
<p class="muted">${i.hosts} host${i.hosts === 1 ? '' : 's'} seen from outside · open findings: ${open} · ${i.basis === 'passive' ? 'rated from passive data only (no authorised active scan)' : 'from authorised active scans'} · ${esc(i.generated)}</p></div>
</section>
<h2>The three things to do</h2>
${fixes}
<h2>The trend</h2>
<p id="trend-sentence">${trendSentence(i)}</p>
${trendSvg(i.trend)}
<p class="muted">The grade runs from A (best) to F. It measures what anyone on the internet can see of the organisation's systems, scan after scan; every point is traceable to a finding and its evidence in the dashboard.</p>
</main></body></html>`;
}
