/** Issue 16 items 7 and 8: an explicit --db that cannot be opened fails before any packet; every reader of stored scans takes --db. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

let dir: string;
let server: Server;
let port: number;
let connections = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-db-'));
  server = createServer((s) => { connections++; s.destroy(); });
  await new Promise<void>((r) => server.listen(0, '127.0.40.3', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

describe('an explicit --db that cannot be opened (item 7)', () => {
  const bad: { name: string; db: () => string }[] = [
    { name: 'an unreachable PostgreSQL server', db: () => 'postgres://postgres@127.0.0.1:1/gatehouse_none' },
    { name: 'a malformed URL', db: () => 'postgres://%zz@/' },
    { name: 'a directory', db: () => { const d = join(dir, 'adir'); mkdirSync(d, { recursive: true }); return d; } },
    { name: 'a file that is not a database', db: () => { const f = join(dir, 'notes.txt'); writeFileSync(f, 'these are my notes, not a database\n'.repeat(200)); return f; } },
  ];
  for (const c of bad) {
    it(`${c.name}: exit 2, one line, no packet`, async () => {
      const before = connections;
      for (const mode of [[], ['--json'], ['--ndjson']]) {
        const r = await runCli(['scan', '127.0.40.3', '-p', String(port), '--no-service-detection', '--db', c.db(), ...mode]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
        expect(r.stderr).toMatch(/scan history database/);
        expect(r.stdout).toBe('');
      }
      expect(connections).toBe(before);
    });
  }
});

describe('report, explain and plan read --db (item 8)', () => {
  it('the hint after a scan carries --db, and each reader reads that database, not $GATEHOUSE_DB', async () => {
    const mine = join(dir, 'mine.db');
    const other = join(dir, 'other.db');
    // The default database ($GATEHOUSE_DB) holds different scans 1 and 2: a host with nothing open.
    for (let i = 0; i < 2; i++) {
      expect((await runCli(['scan', '127.0.40.4', '-p', '9', '--no-service-detection', '-q'], { env: { GATEHOUSE_DB: other } })).code).toBe(0);
    }
    const scan = await runCli(['scan', '127.0.40.3', '-p', String(port), '--no-service-detection', '--db', mine], { env: { GATEHOUSE_DB: other } });
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stderr).toContain(`gatehouse plan @1 --db ${mine}`);
    expect(scan.stderr).toContain(`gatehouse report @1 --db ${mine}`);
    const env = { GATEHOUSE_DB: other };
    const report = await runCli(['report', '@1', '--db', mine, '-f', 'json'], { env });
    expect(report.code, report.stderr).toBe(0);
    const doc = JSON.parse(report.stdout) as { hosts: { address: string }[] };
    expect(doc.hosts.map((h) => h.address)).toEqual(['127.0.40.3']);
    const explain = await runCli(['explain', '@last', '--db', mine, '--json'], { env });
    expect(explain.code, explain.stderr).toBe(0);
    expect(JSON.parse(explain.stdout)).toMatchObject({ grade: { hosts: 1 } });
    const plan = await runCli(['plan', '@1', '--db', mine, '--json'], { env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ letter: 'A', steps: [] });
    // Scan 2 exists only in $GATEHOUSE_DB: each reader given --db must not find it.
    for (const cmd of ['plan', 'explain', 'report']) {
      const r = await runCli([cmd, '@2', '--db', mine], { env });
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/no stored scan @2/);
    }
  });

  it('a reader given a --db that cannot be opened: exit 2, one line', async () => {
    for (const cmd of ['report', 'explain', 'plan']) {
      const r = await runCli([cmd, '@1', '--db', 'postgres://postgres@127.0.0.1:1/gatehouse_none']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/scan history database "postgres:\/\/postgres@127\.0\.0\.1:1\/gatehouse_none"/);
      const dirDb = await runCli([cmd, '@1', '--db', dir]);
      expect(dirDb.code, dirDb.stderr).toBe(2);
      expect(dirDb.stderr).toMatch(/scan history database/);
    }
  });
});
