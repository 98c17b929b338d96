/**
 * @module report/pdf — the PDF report: the HTML report printed by headless Chromium through playwright-core
 * (`/usr/bin/chromium`, no sandbox, no GPU, no background networking; every request the page would make is
 * refused, though the HTML makes none).
 */
import { existsSync } from 'node:fs';
import { GatehouseError } from '../errors/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] as const;

export interface PdfOptions { readonly executablePath?: string; readonly timeoutMs?: number }

export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const exe = opts.executablePath ?? CHROMIUM;
  if (!existsSync(exe)) { throw new GatehouseError('GH_ERR_REPORT', `PDF needs Chromium at ${exe} (install the chromium package)`); }
  const { chromium } = await import('playwright-core');
  const timeout = opts.timeoutMs ?? 60_000;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    browser = await chromium.launch({ executablePath: exe, args: [...CHROMIUM_ARGS], timeout });
    const page = await browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  } catch (err) {
    if (err instanceof GatehouseError) { throw err; }
    throw new GatehouseError('GH_ERR_REPORT', `Chromium could not print the PDF: ${(err as Error).message.split('\n')[0] ?? ''}`, { cause: err });
  } finally {
    await browser?.close();
  }
}
