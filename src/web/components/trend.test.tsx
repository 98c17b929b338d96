/** @module web/components/trend.test — which runs are marked on the trend, their labels, the series and the sparkline. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { sparklinePath, trendEvents, trendSeries, type TrendPoint } from './trend';
import { TrendChart } from './TrendChart';

afterEach(cleanup);

const pt = (runId: number, day: number, score: number, letter: string): TrendPoint => ({ runId, at: `2026-11-${String(day).padStart(2, '0')}T12:00:00.000Z`, score, letter });
const history = [pt(1, 1, 92, 'A'), pt(2, 2, 91.5, 'A'), pt(3, 3, 78, 'C'), pt(4, 4, 78.4, 'C'), pt(5, 5, 84, 'C'), pt(6, 6, 90.1, 'A')];

describe('trendEvents', () => {
  it('marks letter changes and moves of at least a point, not the noise', () => {
    const ev = trendEvents(history);
    expect(ev.map((e) => e.runId)).toEqual([3, 5, 6]);
    expect(ev[0]).toMatchObject({ fromLetter: 'A', toLetter: 'C', delta: -13.5, y: 78 });
    expect(ev[0]?.label).toBe('A → C (-13.5)');
    expect(ev[1]?.label).toBe('+5.6 points');
    expect(ev[0]?.x).toBe(Date.parse('2026-11-03T12:00:00.000Z') / 1000);
  });

  it('labels an event with the timeline notes of its run, whatever the input order', () => {
    const ev = trendEvents([...history].reverse(), [{ runId: 3, text: 'port 23 opened on 10.0.0.5' }, { runId: 3, text: 'new critical finding' }]);
    expect(ev[0]?.label).toBe('A → C (-13.5): port 23 opened on 10.0.0.5; new critical finding');
  });

  it('no history or one scan: nothing to mark', () => {
    expect(trendEvents([])).toEqual([]);
    expect(trendEvents([pt(1, 1, 50, 'D')])).toEqual([]);
  });
});

describe('trendSeries and sparkline', () => {
  it('sorts oldest first into uPlot columns', () => {
    const [xs, ys] = trendSeries([pt(2, 2, 60, 'D'), pt(1, 1, 50, 'D')]);
    expect(ys).toEqual([50, 60]);
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBe(86_400);
  });
  it('draws 0–100 into the box, top is 100', () => {
    expect(sparklinePath([100, 0], 10, 20)).toBe('M0.0,0.0 L10.0,20.0');
    expect(sparklinePath([], 10, 20)).toBe('');
  });
});

describe('TrendChart', () => {
  it('lists the marked events (the accessible form of the marks) and an empty state without history', () => {
    const { unmount } = render(<TrendChart points={history} />);
    expect(screen.getAllByTestId('trend-event')).toHaveLength(3);
    unmount();
    render(<TrendChart points={[]} />);
    expect(screen.getByText(/No grade history yet/)).toBeTruthy();
  });
});
