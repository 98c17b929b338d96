/** @module web/pages/Portfolio.test — the portfolio's sort orders (ungraded organisations last when sorting by grade). */
import { describe, expect, it } from 'vitest';
import type { PortfolioRow } from '../api/pending';
import { sortPortfolio } from './Portfolio';

const row = (id: number, name: string, score: number | null, weekDelta: number | null, critical: number): PortfolioRow => ({
  organization: { id, name, relationship: 'own', criticality: 'high', parentId: null, tags: [], createdAt: '' },
  grade: score === null ? null : { at: '', score, letter: 'C', runId: 1 }, trend: [], weekDelta, weakestFactor: null,
  findings: { critical, high: 0, medium: 0, low: 0, info: 0 },
});
const rows = [row(1, 'Bravo', 80, -2, 0), row(2, 'Alpha', 55, 0, 3), row(3, 'Charlie', null, null, 0), row(4, 'Delta', 92, -9, 1)];
const ids = (by: Parameters<typeof sortPortfolio>[1]): number[] => sortPortfolio(rows, by).map((r) => r.organization.id);

describe('sortPortfolio', () => {
  it('orders by grade, name, weekly drop and criticals', () => {
    expect(ids('worst')).toEqual([2, 1, 4, 3]);
    expect(ids('best')).toEqual([4, 1, 2, 3]);
    expect(ids('name')).toEqual([2, 1, 3, 4]);
    expect(ids('change')).toEqual([4, 1, 2, 3]);
    expect(ids('critical')).toEqual([2, 4, 1, 3]);
  });
});
