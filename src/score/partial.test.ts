/** Partial grades (issue 16 item 9): which scans are complete, and what the writers print for the others. */
import { describe, expect, it } from 'vitest';
import { completeness, markPartial } from './partial.js';
import { summarise } from './summary.js';
import { gradeHosts, withGrades } from './document.js';
import { renderMarkdown } from '../report/md.js';
import { renderCsv, CSV_COLUMNS } from '../report/csv.js';
import { renderSarif } from '../report/sarif.js';
import { renderHtml } from '../report/html.js';
import { finding, host, port } from '../../test/report/score-kit.js';
import type { ScanDocument, ScanMeta } from '../core/types.js';

const meta = (m: Partial<ScanMeta>): ScanMeta => ({ started: '2026-01-01T00:00:00.000Z', finished: '2026-01-01T00:01:00.000Z', targets: ['192.0.2.0/24'], ports: '6379', ...m });
const doc = (m: Partial<ScanMeta>): ScanDocument => ({ version: 1, scan: meta(m), hosts: [host('192.0.2.1', [port(6379, [finding('redis-no-auth', 'critical')])])] });

describe('completeness', () => {
  const cases: Array<{ m: Partial<ScanMeta>; want: ReturnType<typeof completeness> }> = [
    { m: {}, want: 'complete' },
    { m: { interrupted: true }, want: 'interrupted' },
    { m: { finished: null }, want: 'incomplete' },
    { m: { finished: null, interrupted: true }, want: 'interrupted' },
    { m: { interrupted: false }, want: 'complete' },
  ];
  for (const c of cases) { it(JSON.stringify(c.m), () => { expect(completeness(meta(c.m))).toBe(c.want); }); }

  it('markPartial leaves a complete scan\'s grade untouched and marks groups of a partial one', () => {
    const g = gradeHosts(doc({}).hosts);
    expect(markPartial(structuredClone(g), meta({}))).toEqual(g);
    const withGroups = { ...g, groups: [{ ...g, name: 'web' }] };
    const marked = markPartial(withGroups, meta({ interrupted: true }));
    expect(marked.partial).toBe(true);
    expect(marked.groups?.[0]?.partial).toBe(true);
  });
});

describe('writers on an interrupted scan', () => {
  const s = summarise(doc({ interrupted: true }));
  it('md, html, sarif, csv and json say so; the score itself is unchanged', () => {
    expect(s.grade.score).toBe(summarise(doc({})).grade.score);
    expect(renderMarkdown(s)).toContain('the scan was interrupted before it finished');
    expect(renderHtml(s)).toContain('the scan was interrupted before it finished');
    expect((JSON.parse(renderSarif(s)) as { runs: Array<{ properties: { scanStatus: string } }> }).runs[0]!.properties.scanStatus).toBe('interrupted');
    expect(renderCsv(s).split('\r\n')[1]!.endsWith(',interrupted')).toBe(true);
    expect(withGrades(doc({ interrupted: true })).grade?.partial).toBe(true);
  });
  it('a complete scan keeps the CSV columns and has no partial mark', () => {
    const c = summarise(doc({}));
    expect(renderCsv(c).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(renderMarkdown(c)).not.toContain('partial');
    expect(c.grade.partial).toBeUndefined();
    expect(withGrades(doc({})).grade?.partial).toBeUndefined();
  });
});
