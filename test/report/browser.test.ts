/**
 * The HTML report in a real browser: Chromium (playwright-core, /usr/bin/chromium) opens the report, takes a
 * screenshot of the first screen, and the grade and the top fixes must be visible on it without scrolling; the page
 * must make no network request. The PDF is printed from the same HTML. Skipped, with the reason, without Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { CHROMIUM, CHROMIUM_ARGS, htmlToPdf } from '../../src/report/pdf.js';
import { fixtureSummary } from './render.js';
import { runCli } from '../cli/run.js';
import { labSkip } from '../lab/require.js';

const HAVE_CHROMIUM = existsSync(CHROMIUM);
const VIEWPORT = { width: 1280, height: 800 };

describe.skipIf(labSkip(HAVE_CHROMIUM ? '' : `Chromium (${CHROMIUM}) missing (scripts/apt/report.list)`))(`HTML and PDF reports in Chromium${HAVE_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} missing)`}`, () => {
  let browser: Browser;
  let dir = '';
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    dir = mkdtempSync(join(tmpdir(), 'gh-report-'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) { rmSync(dir, { recursive: true, force: true }); }
  });

  it('shows the grade and the top fixes on the first screen, fetching nothing', async () => {
    const s = fixtureSummary();
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(s));
    const page = await browser.newPage({ viewport: VIEWPORT });
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) { requests.push(r.url()); } });
    await page.goto(`file://${file}`);
    const shot = await page.screenshot({ path: join(dir, 'first-screen.png') });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(shot.length).toBeGreaterThan(10_000);

    const onFirstScreen = async (selector: string): Promise<boolean> => {
      const box = await page.locator(selector).first().boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= VIEWPORT.height && box.width > 0;
    };
    expect(await page.locator('#grade h1').innerText()).toContain(`Security grade: ${s.grade.letter}`);
    expect(await onFirstScreen('#grade h1')).toBe(true);
    expect(await onFirstScreen('#grade svg')).toBe(true);
    const rows = page.locator('#top-fixes tbody tr');
    expect(await rows.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(await onFirstScreen(`#top-fixes tbody tr:nth-child(${i + 1})`), `fix ${i + 1}`).toBe(true);
      const text = await rows.nth(i).innerText();
      expect(text).toContain(`+${s.plan.steps[i]!.gain.toFixed(2)}`);
    }
    expect(await rows.nth(0).innerText()).toContain('Redis');
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('prints the PDF through Chromium', async () => {
    const pdf = await htmlToPdf(renderHtml(fixtureSummary()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  }, 60_000);

  it('gatehouse report --format pdf -o FILE (built CLI)', async () => {
    const out = join(dir, 'r.pdf');
    const r = await runCli(['report', new URL('./fixtures/scan.json', import.meta.url).pathname, '--format', 'pdf', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('a missing Chromium is GH_ERR_REPORT', async () => {
    await expect(htmlToPdf('<p>x</p>', { executablePath: join(dir, 'no-chromium') })).rejects.toMatchObject({ code: 'GH_ERR_REPORT' });
  });
});
