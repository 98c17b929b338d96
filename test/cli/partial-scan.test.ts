/**
 * Issue 16 item 9: a SIGKILLed scan (its stored record has no finish time) is graded as partial in every report
 * format and in explain/plan — never a clean "Security grade: A (100.00 / 100)".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CLI, runCli } from './run.js';

let dir: string;
let db: string;

/** Rows in the scans table, or 0 while the file does not exist yet. */
function storedScans(path: string): number {
  if (!existsSync(path)) { return 0; }
  try {
    const h = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try { return (h.prepare('select count(*) as n from scans').get() as { n: number }).n; } finally { h.close(); }
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || /no such table/.test((err as Error).message)) { return 0; }
    throw err;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-partial-'));
  db = join(dir, 'h.db');
  // A slow scan (1,024 probes at 100 per second) killed with SIGKILL as soon as its scan record exists.
  const p = spawn(process.execPath, [CLI, 'scan', '127.0.60.0/22', '-Pn', '-p', '9', '--rate', '100', '--no-service-detection', '--db', db], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => p.on('exit', (_c, sig) => resolve(sig)));
  for (let i = 0; i < 200 && storedScans(db) === 0; i++) { await new Promise((r) => setTimeout(r, 50)); }
  p.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(storedScans(db)).toBe(1);
}, 30_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('a SIGKILLed scan', () => {
  const env = () => ({ GATEHOUSE_DB: db });

  it('is listed as incomplete by history', async () => {
    const r = await runCli(['history', '--json'], { env: env() });
    expect(JSON.parse(r.stdout)).toMatchObject([{ finished: null }]);
  });

  it('md: the heading says partial, and why', async () => {
    const r = await runCli(['report', '@last', '-f', 'md'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Security grade: [A-F] \([\d.]+ \/ 100\) — partial$/m);
    expect(r.stdout).toContain('Partial grade: the scan did not finish');
  });

  it('html: a partial mark next to the grade and a notice', async () => {
    const r = await runCli(['report', '@last', '-f', 'html'], { env: env() });
    expect(r.stdout).toContain('<span class="partial" ');
    expect(r.stdout).toContain('Partial grade: the scan did not finish');
  });

  it('json: grade.partial', async () => {
    const r = await runCli(['report', '@last', '-f', 'json'], { env: env() });
    expect((JSON.parse(r.stdout) as { grade: { partial?: boolean } }).grade.partial).toBe(true);
  });

  it('sarif: the grade is partial and the invocation did not succeed', async () => {
    const r = await runCli(['report', '@last', '-f', 'sarif'], { env: env() });
    const run = (JSON.parse(r.stdout) as { runs: Array<{ properties: { grade: { partial?: boolean }; scanStatus: string }; invocations?: Array<{ executionSuccessful: boolean }> }> }).runs[0]!;
    expect(run.properties.grade.partial).toBe(true);
    expect(run.properties.scanStatus).toBe('incomplete');
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
  });

  it('csv: a scan_status column says incomplete', async () => {
    const r = await runCli(['report', '@last', '-f', 'csv'], { env: env() });
    const [head, ...rows] = r.stdout.trimEnd().split('\r\n');
    expect(head!.split(',').at(-1)).toBe('scan_status');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) { expect(row.endsWith(',incomplete')).toBe(true); }
  });

  it('explain and plan say partial (text and --json)', async () => {
    const ex = await runCli(['explain', '@last'], { env: env() });
    expect(ex.stdout).toContain('Partial grade: the scan did not finish');
    expect(ex.stdout).toMatch(/^Grade [A-F] \([\d.]+ \/ 100\) PARTIAL/m);
    const exj = await runCli(['explain', '@last', '--json'], { env: env() });
    expect((JSON.parse(exj.stdout) as { grade: { partial?: boolean } }).grade.partial).toBe(true);
    const pl = await runCli(['plan', '@last'], { env: env() });
    expect(pl.stdout).toContain('Partial grade: the scan did not finish');
    const plj = await runCli(['plan', '@last', '--json'], { env: env() });
    expect((JSON.parse(plj.stdout) as { partial?: boolean }).partial).toBe(true);
  });
});
