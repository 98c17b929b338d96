/**
 * @module test/lab/dashboard — the dashboard end to end in Debian's Chromium (issue 12 "Done when"): a real
 * `gatehouse serve` and a namespace host with real daemons (test/lab/dashboard-lab.ts). In the browser: log in with
 * the one-time admin password; create an organisation whose scope is the lab host; record an authorisation; add a
 * webhook channel and a port-opened rule; run a scan from the Scan page and watch it live; see the grade and the
 * top fixes; open a port on the lab (redis); rescan; see the change on the Changes timeline, the grade trend move
 * and the alert delivered (to the test's receiver, and listed); download the executive summary PDF. Every page is
 * screenshotted at 1280×800 and 390×844 (test-results/dashboard/) and what must be on the first screen is asserted
 * there by bounding box. No console error and no request to another origin, ever. Root; build first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { aboveTheFold, chromiumMissing, openBrowser, VIEWPORTS, type BrowserSession, type ViewportName } from '../support/browser.js';
import { pdfText, pdfTitle } from '../support/pdf-text.js';
import { LAB_ADDR, startDashboardLab, type DashboardLab } from './dashboard-lab.js';
import { builtMissing, firstMissing, labSkip, missingCommands, netnsMissing } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const WEB = new URL('../../dist/web/index.html', import.meta.url).pathname;
const SHOTS = new URL('../../test-results/dashboard/', import.meta.url).pathname;
const ORG = 'Webe2e Lab Corp';
const PORTS = '8080,6379';

const skipReason = firstMissing(netnsMissing, () => builtMissing(CLI), () => builtMissing(WEB), chromiumMissing,
  () => missingCommands(['python3', 'redis-server', 'ss']).map((c) => `${c} missing (bash scripts/setup.sh)`).join(', '));

describe.skipIf(labSkip(skipReason))(`dashboard end to end in Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let lab: DashboardLab;
  let browser: BrowserSession;
  let page: Page;
  let orgId = '';
  let firstLetter = '';
  /** Steps that passed: a step needing an earlier one that failed fails at once, naming it (no cascade of timeouts). */
  const passed = new Set<string>();
  const needs = (...steps: string[]): void => {
    const missing = steps.filter((s) => !passed.has(s));
    if (missing.length > 0) { throw new Error(`not attempted: needs the earlier step(s) ${missing.join(', ')}, which failed`); }
  };
  const at = (path: string): string => `${lab.url}${path}`;
  const org = (sub = ''): string => `/orgs/${orgId}${sub}`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    lab = await startDashboardLab();
    browser = await openBrowser({ origin: lab.url });
    page = await browser.newPage('desktop');
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  /**
   * Opens `path` in a fresh tab at both sizes, waits for every selector, asserts each lies on the first screen
   * (above the fold), and screenshots the page (test-results/dashboard/NAME-desktop.png, NAME-phone.png).
   */
  async function firstScreen(name: string, path: string, mustSee: string[]): Promise<void> {
    for (const vp of Object.keys(VIEWPORTS) as ViewportName[]) {
      const tab = await browser.newPage(vp);
      try {
        await tab.goto(at(path));
        for (const sel of mustSee) { await tab.locator(sel).first().waitFor({ state: 'visible' }); }
        await tab.screenshot({ path: `${SHOTS}${name}-${vp}.png` });
        const outside = (await Promise.all(mustSee.map((sel) => aboveTheFold(tab, sel)))).filter((r) => r !== '');
        expect(outside, `${name} at ${vp}: must be on the first screen`).toEqual([]);
        // nothing wider than the screen (no sideways scrolling at phone width)
        const overflow = await tab.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow, `${name} at ${vp}: page wider than the viewport`).toBeLessThanOrEqual(1);
      } finally {
        await tab.close();
      }
    }
  }

  /** Starts a scan of the lab host from the Scan page and follows it live until it finished; returns the letter. */
  async function scanFromScanPage(): Promise<string> {
    await page.goto(at(org('/scan')));
    await page.getByLabel(/targets/i).fill(LAB_ADDR);
    await page.getByLabel(/ports/i).fill(PORTS);
    await page.getByRole('button', { name: /start scan|scan now|run scan/i }).click();
    await page.waitForURL(/\/scan\/\d+$/);
    // live: the progress region appears while the run streams its events, then says it finished
    await page.getByTestId('scan-progress').waitFor({ state: 'visible' });
    await expect.poll(async () => page.getByTestId('scan-status').getAttribute('data-status'), { timeout: 60_000, interval: 250 }).toBe('finished');
    const letter = await page.getByTestId('grade-letter').first().getAttribute('data-letter');
    expect(letter ?? '', 'the scan page shows the grade so far').toMatch(/^[A-F]$/);
    return letter ?? '';
  }

  it('login: the one-time admin password logs in', async () => {
    await firstScreen('login', '/login', ['input[type=password]', 'button[type=submit]']);
    await page.goto(at('/'));
    await page.waitForURL(/\/login/);
    await page.getByLabel(/user ?name/i).fill('admin');
    await page.getByLabel(/password/i).fill(lab.adminPassword);
    await page.getByRole('button', { name: /log in|sign in/i }).click();
    await page.waitForURL((u) => u.pathname === '/');
    passed.add('login');
  });

  it('creates an organisation whose scope is the lab host, with an authorisation', async () => {
    needs('login');
    await page.getByRole('button', { name: /new organi[sz]ation|add organi[sz]ation|create organi[sz]ation/i }).click();
    await page.getByLabel(/^name/i).fill(ORG);
    await page.getByRole('button', { name: /^create/i }).click();
    await page.waitForURL(/\/orgs\/\d+/);
    orgId = /\/orgs\/(\d+)/.exec(page.url())?.[1] ?? '';
    expect(orgId).not.toBe('');

    await page.goto(at(org('/settings')));
    await page.getByLabel(/scope target|target \(cidr|add to scope/i).fill(`${LAB_ADDR}/32`);
    await page.getByRole('button', { name: /add to scope|add scope/i }).click();
    await expect.poll(async () => page.getByTestId('scope-entry').allInnerTexts()).toContainEqual(expect.stringContaining(`${LAB_ADDR}/32`));

    await page.getByLabel(/granted by/i).fill('Webe2e CISO');
    await page.getByLabel(/reference/i).fill('WEBE2E-AUTH-1');
    await page.getByRole('button', { name: /record authori[sz]ation|add authori[sz]ation/i }).click();
    await expect.poll(async () => page.getByTestId('authorization').allInnerTexts()).toContainEqual(expect.stringContaining('WEBE2E-AUTH-1'));
    await firstScreen('settings', org('/settings'), ['h1', '[data-testid=scope-entry]']);
    passed.add('org');
  });

  it('adds a webhook channel (the test\'s receiver) and a port-opened rule', async () => {
    needs('org');
    await page.goto(at(org('/alerts')));
    await page.getByLabel(/channel name/i).fill('webe2e hook');
    await page.getByLabel(/webhook url|^url/i).fill(lab.hookUrl);
    await page.getByLabel(/secret/i).fill('webe2e-secret-0123456789');
    await page.getByRole('button', { name: /add channel/i }).click();
    await page.getByLabel(/rule kind|^kind|when/i).selectOption('port-opened');
    await page.getByRole('button', { name: /add rule/i }).click();
    await expect.poll(async () => page.getByTestId('alert-rule').allInnerTexts()).toContainEqual(expect.stringContaining('port-opened'));
    passed.add('alerts');
  });

  it('runs a scan from the Scan page and watches it live', async () => {
    needs('org');
    firstLetter = await scanFromScanPage();
    await firstScreen('scan', page.url().replace(lab.url, ''), ['h1', '[data-testid=scan-status]', '[data-testid=grade-letter]']);
    passed.add('scan');
  });

  it('shows the grade and the top fixes on the organisation page', async () => {
    needs('scan');
    await page.goto(at(org()));
    await expect.poll(async () => page.getByTestId('grade-letter').first().getAttribute('data-letter')).toBe(firstLetter);
    await page.getByTestId('top-fix').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('top-fix').count()).toBeGreaterThanOrEqual(1);
    await firstScreen('organization', org(), ['[data-testid=grade-letter]', '[data-testid=top-fix]']);
    passed.add('grade');
  });

  it('portfolio, hosts and host pages show what matters on the first screen', async () => {
    needs('scan');
    await firstScreen('portfolio', '/', ['[data-testid=org-row]']);
    await firstScreen('hosts', org('/hosts'), ['[data-testid=hosts-table]']);
    await firstScreen('host', org(`/hosts/${LAB_ADDR}`), ['h1']);
    await page.goto(at(org(`/hosts/${LAB_ADDR}`)));
    expect(await page.locator('h1').first().innerText()).toContain(LAB_ADDR);
  });

  it('a port opened on the lab and a rescan: the change on the timeline, the grade trend moved, the alert listed', async () => {
    needs('scan', 'alerts');
    await lab.openRedis();
    const second = await scanFromScanPage();
    expect(second > firstLetter, `an unauthenticated Redis lowers the grade (it went from ${firstLetter} to ${second})`).toBe(true);

    await page.goto(at(org('/changes')));
    await expect.poll(async () => page.getByTestId('change-entry').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/6379/));
    await firstScreen('changes', org('/changes'), ['h1', '[data-testid=change-entry]']);

    await page.goto(at(org()));
    await expect.poll(async () => page.getByTestId('grade-letter').first().getAttribute('data-letter')).toBe(second);
    await page.getByTestId('trend-chart').waitFor({ state: 'visible' });
    expect(await page.getByTestId('trend-event').count(), 'the run that moved the grade is marked on the trend').toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid=trend-event].down').count(), 'a downward event').toBeGreaterThanOrEqual(1);

    // the dispatcher ticks every 15 s: the receiver gets the signed webhook, and the Alerts page lists the delivery
    await expect.poll(() => lab.hooks.length, { timeout: 40_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    expect(lab.hooks.map((h) => h.body).join('\n')).toMatch(/6379/);
    await page.goto(at(org('/alerts')));
    await expect.poll(async () => { await page.reload(); return page.getByTestId('alert-delivery').allInnerTexts(); }, { timeout: 20_000, interval: 1000 })
      .toContainEqual(expect.stringMatching(/delivered/i));
    await firstScreen('alerts', org('/alerts'), ['h1', '[data-testid=alert-delivery]']);
    await firstScreen('finding', org('/findings/redis-no-auth'), ['h1']);
    passed.add('rescan');
  });

  it('downloads the executive summary as a PDF naming the organisation', async () => {
    needs('scan');
    await firstScreen('executive', org('/summary'), ['h1', '[data-testid=grade-letter]']);
    await page.goto(at(org('/summary')));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('link', { name: /pdf/i }).or(page.getByRole('button', { name: /pdf/i })).first().click()]);
    const file = await download.path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(`${pdfTitle(pdf) ?? ''}\n${pdfText(pdf)}`).toContain(ORG);
    passed.add('pdf');
  });

  // Checked once at the end, so that one stray error does not hide how far the flow gets.
  it('no console error, no page error and no request to another origin on any page, all along', () => {
    needs('login');
    browser.assertClean();
  });
});
