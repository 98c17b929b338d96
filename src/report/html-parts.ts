/** @module report/html-parts — small HTML/SVG building blocks of the HTML report: escaping, colours, charts. */
import type { Severity } from '../core/types.js';
import type { Deduction, FactorScore, Letter } from '../score/types.js';
import { letterFor } from '../score/model.js';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export const LETTER_COLOUR: Readonly<Record<Letter, string>> = { A: '#1a7f37', B: '#4c9a2a', C: '#b08800', D: '#d15704', F: '#cf222e' };
export const SEVERITY_COLOUR: Readonly<Record<Severity, string>> = { critical: '#8b0000', high: '#cf222e', medium: '#d15704', low: '#b08800', info: '#6e7781' };

/** Scores are shown with two decimals, as the model computes them. */
export const fmt = (n: number): string => n.toFixed(2);

export function scoreColour(score: number): string {
  return LETTER_COLOUR[letterFor(score)];
}

/** A bar chart of findings by severity (inline SVG, no script). */
export function severityChart(counts: Readonly<Record<Severity, number>>): string {
  const sevs: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const max = Math.max(1, ...sevs.map((s) => counts[s]));
  const rowH = 28;
  const w = 420;
  const labelW = 80;
  const bars = sevs.map((s, i) => {
    const len = Math.round(((w - labelW - 50) * counts[s]) / max);
    const y = i * rowH;
    return `<text x="0" y="${y + 18}" class="lbl">${s}</text>` +
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(len, counts[s] > 0 ? 2 : 0)}" height="18" fill="${SEVERITY_COLOUR[s]}" rx="3"/>` +
      `<text x="${labelW + len + 6}" y="${y + 18}" class="num">${counts[s]}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Findings by severity" width="${w}" height="${sevs.length * rowH}" viewBox="0 0 ${w} ${sevs.length * rowH}">${bars}</svg>`;
}

/** Horizontal bars of the factor scores (HTML/CSS). */
export function factorBars(factors: readonly FactorScore[], deductions: readonly Deduction[]): string {
  const lost = (k: string): number => deductions.filter((d) => d.factor === k).reduce((a, d) => a + Math.round(d.points * 100), 0) / 100;
  return '<table class="factors"><thead><tr><th>Factor</th><th class="num">Score</th><th class="bar">&nbsp;</th><th class="num">Weight</th><th class="num">Points lost</th></tr></thead><tbody>' +
    factors.map((f) => `<tr><td>${esc(f.name)}</td><td class="num">${fmt(f.score)}</td>` +
      `<td class="bar"><div class="track"><div class="fill" style="width:${Math.max(0, Math.min(100, f.score))}%;background:${scoreColour(f.score)}"></div></div></td>` +
      `<td class="num">${f.weight}</td><td class="num">${lost(f.key) > 0 ? `−${fmt(lost(f.key))}` : '0'}</td></tr>`).join('') + '</tbody></table>';
}

/** The big letter badge (inline SVG). */
export function gradeBadge(letter: Letter, score: number, size = 132): string {
  const c = LETTER_COLOUR[letter];
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Grade ${letter}" width="${size}" height="${size}" viewBox="0 0 100 100">` +
    `<circle cx="50" cy="50" r="46" fill="${c}"/><text x="50" y="62" text-anchor="middle" font-size="46" font-weight="700" fill="#fff" font-family="sans-serif">${letter}</text>` +
    `<text x="50" y="82" text-anchor="middle" font-size="11" fill="#fff" font-family="sans-serif">${fmt(score)}</text></svg>`;
}

export const STYLE = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff;line-height:1.45}
main{max-width:1080px;margin:0 auto;padding:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 6px}.hero{display:flex;gap:28px;align-items:center;padding:18px;border:1px solid #d0d7de;border-radius:10px}
.hero .verdict{font-size:18px}.hero .big{font-size:40px;font-weight:700}.muted{color:#59636e;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}td.num,th.num{text-align:right;white-space:nowrap}.factors td.bar{width:35%}.track{background:#eaeef2;border-radius:4px;height:12px}
.fill{height:12px;border-radius:4px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}.heat td.cell{text-align:center;color:#fff;font-weight:600}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px}.fixes td.gain{font-weight:700;color:#1a7f37}
.letter{display:inline-block;min-width:28px;text-align:center;border-radius:6px;color:#fff;font-weight:700;padding:1px 6px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:6px;border-radius:6px;margin:4px 0}
.notice{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;border-radius:6px}svg .lbl{font:13px sans-serif;fill:#1f2328}svg .num{font:12px sans-serif;fill:#1f2328}
@media print{main{padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
`;
