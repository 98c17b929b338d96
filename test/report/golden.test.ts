/** Golden-file tests of every text report format, from one fixed scan (fixed timestamps, so the output is stable). */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/md.js';
import { renderCsv, csvCell } from '../../src/report/csv.js';
import { renderSarif } from '../../src/report/sarif.js';
import { mdCell } from '../../src/report/md.js';
import { readFileSync } from 'node:fs';
import { parseScanText } from '../../src/import/index.js';
import { summarise } from '../../src/score/summary.js';
import { expectGolden, fixture, fixtureSummary } from './render.js';

describe('report goldens', () => {
  const s = fixtureSummary();

  it('the fixture grades as documented', () => {
    expect(s.grade.hosts).toBe(5);
    expect(s.grade.groups?.map((g) => g.name)).toEqual(['data', 'ungrouped', 'web']);
    expect(s.plan.steps.length).toBe(5);
  });

  it('html', () => { expectGolden('report.html', renderHtml(s)); });
  it('markdown', () => { expectGolden('report.md', renderMarkdown(s)); });
  it('csv', () => { expectGolden('report.csv', renderCsv(s)); });
  it('sarif', () => { expectGolden('report.sarif', renderSarif(s)); });

  it('an imported nmap scan (fixtures/nmap-sV.xml): markdown and html', () => {
    const loaded = parseScanText(readFileSync(fixture('nmap-sV.xml'), 'utf8'), 'nmap-sV.xml');
    const imported = summarise(loaded.doc, { notRun: loaded.notRun });
    expectGolden('nmap-import.md', renderMarkdown(imported));
    expectGolden('nmap-import.html', renderHtml(imported));
  });

  it('html is self-contained: no script, no external URL in src/href, escapes evidence', () => {
    const html = renderHtml(s);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.indexOf('Security grade')).toBeLessThan(html.indexOf('Top 5 fixes'));
  });

  it('csv and markdown escape cells', () => {
    const table: [string, string][] = [['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['=cmd', "'=cmd"], ['-1', "'-1"], ['x\ny', '"x\ny"'], ['plain', 'plain']];
    for (const [input, want] of table) { expect(csvCell(input), input).toBe(want); }
    expect(csvCell(-1)).toBe('-1');
    expect(mdCell('a|b\nc <b>')).toBe('a\\|b c &lt;b&gt;');
  });
});
