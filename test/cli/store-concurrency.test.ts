/**
 * Regression (issue 16 item 5): several `gatehouse scan --db X` processes started at once on a fresh store must
 * all be stored. Before the migration lock, two of four failed PostgreSQL schema creation
 * ("duplicate key value violates unique constraint pg_type_typname_nsp_index") and exited 0 without history.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';
import { openStore } from '../../src/store/open.js';
import { createTestDatabase, pgUnavailable } from '../support/pg.js';

let server: Server;
let port = 0;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-conc-'));
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function fourScansAtOnce(db: string): Promise<void> {
  const runs = await Promise.all([1, 2, 3, 4].map(() =>
    runCli(['scan', '127.0.0.1', '-p', String(port), '--db', db, '--no-service-detection', '--no-progress', '-q', '--json'])));
  for (const r of runs) {
    expect(r.stderr).not.toMatch(/not saved|warning/);
    expect(r.code).toBe(0);
  }
  const store = await openStore(db);
  try {
    const list = await store.listScans(10);
    expect(list).toHaveLength(4);
    expect(list.every((s) => s.finished !== null && s.hostsUp === 1)).toBe(true);
  } finally { await store.close(); }
}

const pgSkip = await pgUnavailable();

describe('four concurrent scans on a fresh store', () => {
  it('SQLite file: all four are stored', async () => {
    await fourScansAtOnce(join(dir, 'fresh.db'));
  });
  it.skipIf(pgSkip !== false)(`PostgreSQL database created by the test: all four are stored${pgSkip !== false ? ` (skipped: ${pgSkip})` : ''}`, async () => {
    const t = await createTestDatabase('gh_conc');
    try { await fourScansAtOnce(t.url); } finally { await t.drop(); }
  });
});
