/**
 * @module test/lab/dashboard — the dashboard end to end in Debian's Chromium (issue 12 "Done when"): a real
 * `gatehouse serve` and a namespace host with real daemons (test/lab/dashboard-lab.ts). In the browser: log in with
 * the one-time admin password; create an organisation whose scope is the lab host; record an authorisation; add a
 * viewer user (the generated password logs in) and change the organisation's criticality in Settings; add a
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
  /** What exists so far: a step needing what an earlier step could not make fails at once, naming it (no cascade of timeouts). */
  const ready = new Set<string>();
  const needs = (...steps: string[]): void => {
    const missing = steps.filter((s) => !ready.has(s));
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

  /**
   * The API as the logged-in browser (same cookies, CSRF header echoed): only to put in place what a FAILED UI step
   * should have created, so that the later steps still run — the failed step still fails (see `uiStep`).
   */
  async function apiAsBrowser(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<{ id: number }> {
    const csrf = (await browser.context.cookies(lab.url)).find((c) => c.name === 'gh_csrf')?.value ?? '';
    const res = await browser.context.request.fetch(at(`/api/v1${path}`), { method, data: body, headers: { 'x-csrf-token': csrf } });
    if (!res.ok()) { throw new Error(`fallback ${method} ${path}: ${res.status()} ${await res.text()}`); }
    return await res.json() as { id: number };
  }

  /** UI failures of the current step: it goes on (with the API fallback) and fails at its end, listing them. */
  let uiFailures: string[] = [];
  async function uiStep(what: string, ui: () => Promise<void>, fallback: () => Promise<void>): Promise<void> {
    try {
      await ui();
    } catch (err) {
      uiFailures.push(`${what} in the dashboard: ${(err as Error).message.split('\n')[0] ?? ''} (done through the API instead, so the later steps run)`);
      await fallback();
    }
  }
  function endStep(name: string): void {
    const failed = uiFailures;
    uiFailures = [];
    ready.add(name);
    if (failed.length > 0) { throw new Error(failed.join('\n')); }
  }

  /** Starts a scan of the lab host from the Scan page and follows it live until it finished; returns the letter. */
  async function scanFromScanPage(): Promise<string> {
    await page.goto(at(org('/scan')));
    await page.getByLabel(/targets/i).fill(LAB_ADDR);
    await page.getByLabel(/^ports/i).fill(PORTS);
    await page.getByRole('button', { name: /start scan/i }).click();
    await page.waitForURL(/\/scan\/\d+$/);
    // live: the region fed by the run's server-sent events shows the open ports as found, then the end state
    await page.getByTestId('scan-live').waitFor({ state: 'visible' });
    await expect.poll(async () => page.getByTestId('scan-live').getAttribute('data-status'), { timeout: 60_000, interval: 250 }).toBe('finished');
    expect(await page.getByTestId('scan-live').innerText(), 'the open port streamed in').toContain(`${LAB_ADDR}:8080`);
    const letter = await page.getByTestId('scan-live').getByTestId('grade-letter').getAttribute('data-letter');
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
    endStep('login');
  });

  it('creates an organisation whose scope is the lab host, with an authorisation', async () => {
    needs('login');
    await uiStep('create an organisation', async () => {
      await page.getByRole('button', { name: /new organi[sz]ation|add organi[sz]ation|create organi[sz]ation/i }).click({ timeout: 5000 });
      await page.getByLabel(/^name/i).fill(ORG);
      await page.getByRole('button', { name: /^create/i }).click();
      await page.waitForURL(/\/orgs\/\d+/);
      orgId = /\/orgs\/(\d+)/.exec(page.url())?.[1] ?? '';
    }, async () => { orgId = String((await apiAsBrowser('POST', '/organizations', { name: ORG, relationship: 'own', criticality: 'high' })).id); });
    expect(orgId).not.toBe('');

    await page.goto(at(org('/settings')));
    await uiStep('add the lab host to the scope', async () => {
      await page.getByLabel(/add to scope/i).fill(`${LAB_ADDR}/32`, { timeout: 5000 });
      await page.getByLabel(/add to scope/i).press('Enter');
      await expect.poll(async () => page.getByTestId('scope-list').innerText()).toContain(`${LAB_ADDR}/32`);
    }, async () => { await apiAsBrowser('POST', `/organizations/${orgId}/scope`, { target: `${LAB_ADDR}/32` }); });
    await uiStep('record an authorisation', async () => {
      await page.getByLabel(/granted by/i).fill('Webe2e CISO', { timeout: 5000 });
      await page.getByLabel(/reference/i).fill('WEBE2E-AUTH-1');
      await page.getByLabel(/reference/i).press('Enter');
      await expect.poll(async () => page.getByText('WEBE2E-AUTH-1').count()).toBeGreaterThanOrEqual(1);
    }, async () => {
      await apiAsBrowser('POST', `/organizations/${orgId}/authorizations`, { grantedBy: 'Webe2e CISO', grantedAt: new Date().toISOString(), reference: 'WEBE2E-AUTH-1', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    });
    await firstScreen('settings', org('/settings'), ['h1', '[data-testid=scope-list]']);
    endStep('org');
  });

  it('settings: adds a viewer (generated password, shown once, logs in) and changes the organisation\'s criticality', async () => {
    needs('org');
    const viewer = 'webe2e-viewer@example.test';
    let password = '';
    await page.goto(at(org('/settings/users')));
    await uiStep('add a viewer user', async () => {
      await page.getByLabel(/e-mail or user name/i).fill(viewer, { timeout: 5000 });
      await page.getByLabel(/^role$/i).selectOption('viewer');
      await page.getByRole('button', { name: /add user/i }).click();
      password = (await page.getByTestId('new-user-password').innerText({ timeout: 10_000 })).trim();
      await page.locator(`[data-testid=user-row][data-username="${viewer}"]`).waitFor({ state: 'visible' });
    }, async () => {
      password = 'webe2e-viewer-password-1';
      await apiAsBrowser('POST', '/users', { username: viewer, password, role: 'viewer', orgIds: [Number(orgId)] });
    });
    // the password shown once is the viewer's: it logs in (outside the browser, keeping the admin's session there)
    const login = await fetch(at('/api/v1/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: viewer, password }) });
    expect(login.status, 'the new viewer logs in with the password shown once').toBe(200);
    expect(((await login.json()) as { user: { role: string; orgIds: number[] | 'all' } }).user).toMatchObject({ role: 'viewer', orgIds: [Number(orgId)] });
    await firstScreen('settings-users', org('/settings/users'), ['h1', `[data-testid=user-row][data-username="${viewer}"]`]);

    await page.goto(at(org('/settings/organisation')));
    const crit = page.getByLabel(/^criticality/i);
    await crit.waitFor({ state: 'visible' });
    const want = (await crit.inputValue()) === 'critical' ? 'low' : 'critical';
    await uiStep('change the criticality', async () => {
      await crit.selectOption(want, { timeout: 5000 });
      await page.getByRole('button', { name: /^save$/i }).click();
      await page.getByTestId('org-saved').waitFor({ state: 'visible', timeout: 10_000 });
    }, async () => { await apiAsBrowser('PATCH', `/organizations/${orgId}`, { criticality: want }); });
    const stored = await browser.context.request.get(at(`/api/v1/organizations/${orgId}`));
    expect(((await stored.json()) as { criticality: string }).criticality).toBe(want);
    await firstScreen('settings-organisation', org('/settings/organisation'), ['h1', '[data-testid=org-form]']);
    endStep('settings');
  });

  it('adds a webhook channel (the test\'s receiver) and a port-opened rule', async () => {
    needs('org');
    await page.goto(at(org('/alerts')));
    await uiStep('add a webhook channel', async () => {
      await page.getByLabel(/channel name/i).fill('webe2e hook', { timeout: 5000 });
      await page.getByLabel(/webhook url|^url/i).fill(lab.hookUrl);
      await page.getByLabel(/secret/i).fill('webe2e-secret-0123456789');
      await page.getByRole('button', { name: /add channel/i }).click();
      await expect.poll(async () => page.getByText('webe2e hook').count()).toBeGreaterThanOrEqual(1);
    }, async () => {
      await apiAsBrowser('POST', `/organizations/${orgId}/alerts/channels`, { name: 'webe2e hook', kind: 'webhook', config: { url: lab.hookUrl, secret: 'webe2e-secret-0123456789' } });
      await page.reload();
    });
    await page.getByLabel(/^when/i).selectOption('port-opened');
    await page.getByLabel(/^tell/i).selectOption({ label: 'webe2e hook' });
    await page.getByRole('button', { name: /add rule/i }).click();
    await expect.poll(async () => page.getByTestId('alert-rule').allInnerTexts()).toContainEqual(expect.stringContaining('webe2e hook'));
    endStep('alerts');
  });

  it('runs a scan from the Scan page and watches it live', async () => {
    needs('org');
    firstLetter = await scanFromScanPage();
    ready.add('scan');
    await firstScreen('scan', page.url().replace(lab.url, ''), ['h1', '[data-testid=scan-status]', '[data-testid=grade-letter]']);
  });

  it('shows the grade and the top fixes on the organisation page', async () => {
    needs('scan');
    await page.goto(at(org()));
    await expect.poll(async () => page.getByTestId('grade-letter').first().getAttribute('data-letter')).toBe(firstLetter);
    await page.getByTestId('top-fix').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('top-fix').count()).toBeGreaterThanOrEqual(1);
    await firstScreen('organization', org(), ['[data-testid=grade-letter]', '[data-testid=top-fix]']);
    ready.add('grade');
  });

  it('portfolio, hosts and host pages show what matters on the first screen', async () => {
    needs('scan');
    // the organisation's grade and name (its other columns may scroll sideways at phone width)
    await firstScreen('portfolio', '/', ['[data-testid=org-row] [data-testid=grade-letter]', `[data-testid=org-row] a:text("${ORG}")`]);
    await firstScreen('hosts', org('/hosts'), ['[data-testid=hosts-table]']);
    await firstScreen('host', org(`/hosts/${LAB_ADDR}`), ['h1']);
    await page.goto(at(org(`/hosts/${LAB_ADDR}`)));
    expect(await page.locator('h1').first().innerText()).toContain(LAB_ADDR);
  });

  let secondLetter = '';
  it('a port opened on the lab (redis) and a rescan from the Scan page: the grade drops', async () => {
    needs('scan');
    await lab.openRedis();
    secondLetter = await scanFromScanPage();
    ready.add('rescan');
    expect(secondLetter > firstLetter, `an unauthenticated Redis lowers the grade (it went from ${firstLetter} to ${secondLetter})`).toBe(true);
  });

  it('the Changes timeline shows the opened port', async () => {
    needs('rescan');
    await page.goto(at(org('/changes')));
    await expect.poll(async () => page.getByTestId('change-entry').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/6379/));
    await firstScreen('changes', org('/changes'), ['h1', '[data-testid=change-entry]']);
  });

  it('the organisation page shows the new grade and the trend moved, the run marked on it', async () => {
    needs('rescan');
    await page.goto(at(org()));
    await expect.poll(async () => page.getByTestId('grade-letter').first().getAttribute('data-letter')).toBe(secondLetter);
    await page.getByTestId('trend-chart').waitFor({ state: 'visible' });
    expect(await page.getByTestId('trend-event').count(), 'the run that moved the grade is marked on the trend').toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid=trend-event].down').count(), 'a downward event').toBeGreaterThanOrEqual(1);
    await firstScreen('organization-after', org(), ['[data-testid=grade-letter]', '[data-testid=top-fix]']);
  });

  it('the alert is delivered to the webhook receiver and listed on the Alerts page', async () => {
    needs('rescan', 'alerts');
    // the dispatcher ticks every 15 s: the receiver gets the signed webhook, and the Alerts page lists the delivery
    await expect.poll(() => lab.hooks.length, { timeout: 40_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    expect(lab.hooks.map((h) => h.body).join('\n')).toMatch(/6379/);
    await page.goto(at(org('/alerts')));
    // after each reload, count once the deliveries list has been fetched (right after `load` it is still loading)
    await expect.poll(async () => {
      await page.reload();
      await page.locator('[data-testid=deliveries][aria-busy=false]').waitFor({ state: 'attached', timeout: 5000 });
      return page.locator('[data-testid=alert-delivery][data-status=delivered]').count();
    }, { timeout: 20_000, interval: 1000 })
      .toBeGreaterThanOrEqual(1);
    await firstScreen('alerts', org('/alerts'), ['h1', '[data-testid=alert-delivery]']);
  });

  it('the finding page of the new risk shows its evidence and every host where it occurs', async () => {
    needs('rescan');
    await firstScreen('finding', org('/findings/redis-no-auth'), ['h1', '[data-testid=remediation]']);
    await page.goto(at(org('/findings/redis-no-auth')));
    await page.getByTestId('hex-view').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('occurrence').allInnerTexts()).toContainEqual(expect.stringContaining(LAB_ADDR));
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
    ready.add('pdf');
  });

  // Checked once at the end, so that one stray error does not hide how far the flow gets.
  it('no console error, no page error and no request to another origin on any page, all along', () => {
    needs('login');
    browser.assertClean();
  });
});
