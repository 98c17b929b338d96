/** @module web/components/grade.test — the badge colours meet WCAG AA (≥ 4.5:1) and the badge shows letter and colour. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { GRADE_COLOURS, contrastRatio, gradeColours, luminance } from './grade';
import { GradeBadge } from './GradeBadge';

afterEach(cleanup);

describe('contrast arithmetic (WCAG 2.x)', () => {
  it('matches the reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(luminance('#fff')).toBeCloseTo(1, 5);
    expect(() => luminance('red')).toThrow(RangeError);
  });

  it('every grade badge (and the ungraded one) has AA contrast', () => {
    for (const [letter, c] of Object.entries(GRADE_COLOURS)) {
      expect(contrastRatio(c.fg, c.bg), letter).toBeGreaterThanOrEqual(4.5);
    }
    const none = gradeColours(null);
    expect(contrastRatio(none.fg, none.bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('the letters have distinct colours, F the reddest and A the greenest', () => {
    const bgs = Object.values(GRADE_COLOURS).map((c) => c.bg);
    expect(new Set(bgs).size).toBe(5);
    const rgb = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const [ar, ag] = rgb(GRADE_COLOURS.A.bg);
    const [fr, fg] = rgb(GRADE_COLOURS.F.bg);
    expect((ag ?? 0) > (ar ?? 0)).toBe(true);
    expect((fr ?? 0) > (fg ?? 0)).toBe(true);
  });
});

describe('GradeBadge', () => {
  it('shows the letter with its colours, testid and an accessible label', () => {
    render(<GradeBadge letter="D" score={58.25} />);
    const el = screen.getByTestId('grade-letter');
    expect(el.textContent).toBe('D');
    expect(el.getAttribute('data-letter')).toBe('D');
    expect(el.getAttribute('aria-label')).toBe('Grade D, score 58.3 of 100');
    expect(el.style.backgroundColor.replace(/\s/g, '')).toMatch(/#bc4c00|rgb\(188,76,0\)/i);
  });

  it('an ungraded organisation shows a dash', () => {
    render(<GradeBadge letter={null} />);
    expect(screen.getByTestId('grade-letter').textContent).toBe('–');
  });
});
