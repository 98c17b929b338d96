/**
 * @module web/components/grade — the colours of the grade letters and the WCAG 2.x contrast arithmetic that
 * proves them readable (AA: 4.5:1 for text; the badge text is large and bold, but every pair meets 4.5 anyway).
 */
export type Letter = 'A' | 'B' | 'C' | 'D' | 'F';

/** Background and text colour of each letter's badge (the text colour is white or near-black, whichever passes). */
export const GRADE_COLOURS: Readonly<Record<Letter, { readonly bg: string; readonly fg: string; readonly label: string }>> = {
  A: { bg: '#1a7f37', fg: '#ffffff', label: 'A — strong' },
  B: { bg: '#3f6212', fg: '#ffffff', label: 'B — good' },
  C: { bg: '#f2c94c', fg: '#1f2328', label: 'C — fair' },
  D: { bg: '#bc4c00', fg: '#ffffff', label: 'D — weak' },
  F: { bg: '#b91c1c', fg: '#ffffff', label: 'F — failing' },
};
const UNKNOWN = { bg: '#57606a', fg: '#ffffff', label: 'not graded yet' } as const;

export function isLetter(s: unknown): s is Letter {
  return s === 'A' || s === 'B' || s === 'C' || s === 'D' || s === 'F';
}

export function gradeColours(letter: string | null | undefined): { readonly bg: string; readonly fg: string; readonly label: string } {
  return isLetter(letter) ? GRADE_COLOURS[letter] : UNKNOWN;
}

/** sRGB '#rrggbb' (or '#rgb') → relative luminance (WCAG 2.x). */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) { throw new RangeError(`not a colour: ${hex}`); }
  const ch = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (ch[0] ?? 0) + 0.7152 * (ch[1] ?? 0) + 0.0722 * (ch[2] ?? 0);
}

/** Contrast ratio between two colours, 1..21. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The letter of a score, for display when only a score is known (docs/scoring.md bands). */
export function scoreText(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(score % 1 === 0 ? 0 : 1);
}
