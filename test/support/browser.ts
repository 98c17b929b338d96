/**
 * @module test/support/browser — Debian's Chromium (/usr/bin/chromium) driven by playwright-core for end-to-end
 * tests: headless, no sandbox, no GPU, no background networking (nor QUIC, first-run, component updates, sync),
 * a fresh user-data-dir per session (a temp dir removed on close). Every console error, uncaught page error and
 * request to an origin other than the app's is recorded (and such a request aborted, so nothing leaves the
 * machine); `problems()` lists them and `assertClean()` fails the test on any. A missing Chromium is a
 * prerequisite skip (`chromiumMissing()` with labSkip, test/lab/require.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
] as const;

/** The two sizes every page is looked at: a laptop and a phone. */
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** '' when Chromium is installed, else the reason (for labSkip). */
export function chromiumMissing(): string {
  return existsSync(CHROMIUM_PATH) ? '' : `Chromium missing at ${CHROMIUM_PATH} (scripts/apt/report.list; bash scripts/setup.sh)`;
}

export interface BrowserSession {
  readonly context: BrowserContext;
  /** A new tab with the given viewport (default desktop). */
  newPage(viewport?: ViewportName): Promise<Page>;
  /** Console errors, page errors and foreign-origin requests seen so far, one line each. */
  problems(): string[];
  /** Throws, listing them, when any problem was seen. */
  assertClean(): void;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** The only origin pages may talk to (e.g. http://127.0.0.1:43123). */
  readonly origin: string;
  readonly timeoutMs?: number;
}

/** Schemes that never leave the page (no network). */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export async function openBrowser(opts: BrowserOptions): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const allowed = new URL(opts.origin).origin;
  const userDataDir = mkdtempSync(join(tmpdir(), 'gh-chromium-'));
  const problems: string[] = [];
  /** HTTP answers >= 400, for context: Chromium's "Failed to load resource" console error does not name the URL. */
  const httpErrors: string[] = [];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS], viewport: VIEWPORTS.desktop,
      acceptDownloads: true, timeout: opts.timeoutMs ?? 30_000, serviceWorkers: 'block',
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  context.setDefaultTimeout(opts.timeoutMs ?? 15_000);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_SCHEMES.has(url.protocol) || url.origin === allowed) { await route.continue(); return; }
    problems.push(`request to another origin: ${route.request().method()} ${url.href}`);
    await route.abort('blockedbyclient');
  });
  const watch = (page: Page): void => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') { problems.push(`console error on ${page.url()}: ${msg.text()}`); }
    });
    page.on('pageerror', (err) => { problems.push(`page error on ${page.url()}: ${err.message}`); });
  };
  context.on('response', (res) => {
    if (res.status() >= 400) { httpErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`); }
  });
  for (const p of context.pages()) { watch(p); }
  context.on('page', watch);
  return {
    context,
    async newPage(viewport: ViewportName = 'desktop') {
      const page = await context.newPage();
      await page.setViewportSize(VIEWPORTS[viewport]);
      return page;
    },
    problems: () => [...problems],
    assertClean() {
      if (problems.length > 0) {
        const ctx = httpErrors.length > 0 ? `\nHTTP errors answered meanwhile: ${httpErrors.join(', ')}` : '';
        throw new Error(`the browser saw ${problems.length} problem(s):\n${problems.join('\n')}${ctx}`);
      }
    },
    async close() {
      try { await context.close(); } finally { rmSync(userDataDir, { recursive: true, force: true }); }
    },
  };
}

/**
 * Whether the element's bounding box lies entirely inside the viewport as the page first shows it (above the
 * fold, no scrolling): returns the reason when not, '' when it does.
 */
export async function aboveTheFold(page: Page, selector: string): Promise<string> {
  const loc = page.locator(selector).first();
  const box = await loc.boundingBox();
  const vp = page.viewportSize();
  if (box === null) { return `${selector}: not rendered`; }
  if (vp === null) { return 'no viewport'; }
  const scroll = await page.evaluate<[number, number]>('[window.scrollX, window.scrollY]');
  const x = box.x + scroll[0];
  const y = box.y + scroll[1];
  const inside = x >= 0 && y >= 0 && x + box.width <= vp.width + 0.5 && y + box.height <= vp.height + 0.5 && box.width > 0 && box.height > 0;
  return inside ? '' : `${selector}: box ${Math.round(x)},${Math.round(y)} ${Math.round(box.width)}x${Math.round(box.height)} outside the first ${vp.width}x${vp.height} screen`;
}
