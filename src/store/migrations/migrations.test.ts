import { describe, it, expect, afterEach } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { HostResult, ScanMeta } from '../../core/types.js';
import { openSqliteDb, openSqliteStore } from '../sqlite.js';
import { openPostgresDb, openPostgresStore } from '../postgres.js';
import { KyselyStore, type Store } from '../store.js';
import { MIGRATIONS, appliedMigrations, runMigrations, type Migration } from './index.js';
import { createTestDatabase, pgUnavailable, runSql, type TestDatabase } from '../../../test/support/pg.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/store');
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const meta: ScanMeta = { started: '2026-12-01T10:00:00.000Z', finished: null, targets: ['127.0.0.1'], ports: '22' };
const host = (i: number): HostResult => ({
  address: `127.0.0.${i}`, hostnames: [], state: 'up', reason: 'syn-ack',
  ports: [{ port: 22, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'ssh', method: 'probed' } }],
  counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 },
});

/** A scan written through a freshly opened store, the way each of several concurrent CLI scans does it. */
async function scanOnce(open: () => Promise<Store>, i: number): Promise<number> {
  const store = await open();
  try {
    const id = await store.beginScan(meta);
    await store.saveHost(id, host(i));
    await store.finishScan(id, { ...meta, finished: '2026-12-01T10:00:01.000Z' });
    return id;
  } finally { await store.close(); }
}

const pgSkip = await pgUnavailable();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) { await c(); } });
function tmp(): string { const d = mkdtempSync(join(tmpdir(), 'gh-mig-')); cleanups.push(async () => rmSync(d, { recursive: true, force: true })); return d; }

describe('migrations: SQLite', () => {
  it('adopts a store written by Gatehouse before the framework: keeps its scans, records every version', async () => {
    const file = join(tmp(), 'old.db');
    copyFileSync(join(FIXTURES, 'v0-scan-history.sqlite'), file);
    const store = await openSqliteStore(file);
    const doc = await store.getScan(1);
    expect(doc?.grade?.letter).toBe('C');
    expect(doc?.hosts[0]?.ports[0]?.service.product).toBe('Redis');
    expect(await store.beginScan(meta)).toBe(2);
    await store.close();
    const raw = new BetterSqlite3(file);
    expect(raw.prepare('select version from schema_migrations order by version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    raw.close();
  });

  it('adds scans.grade to a store older than that column', async () => {
    const file = join(tmp(), 'older.db');
    copyFileSync(join(FIXTURES, 'v0-scan-history.sqlite'), file);
    const raw = new BetterSqlite3(file);
    raw.exec('alter table scans drop column grade');
    raw.close();
    const store = await openSqliteStore(file);
    const id = await store.beginScan(meta);
    await store.finishScan(id, { ...meta, finished: 'x' }, { score: 90, letter: 'A', factors: [], deductions: [] });
    expect((await store.getScan(id))?.grade?.letter).toBe('A');
    await store.close();
  });

  it('applies a migration once: reopening applies nothing, and a failing migration leaves no trace', async () => {
    const file = join(tmp(), 'g.db');
    const db = await openSqliteDb(file);
    const k = db as unknown as Kysely<unknown>;
    expect(await runMigrations(k, 'sqlite', MIGRATIONS)).toEqual({ applied: [], version: LATEST });
    const bad: Migration = { version: LATEST + 1, name: 'bad', async up(c) {
      await c.schema.createTable('half_done').addColumn('x', 'integer').execute();
      await sql`select * from no_such_table`.execute(c);
    } };
    await expect(runMigrations(k, 'sqlite', [...MIGRATIONS, bad])).rejects.toThrow(/no_such_table/);
    expect(await appliedMigrations(k)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await sql<{ name: string }>`select name from sqlite_master where name = 'half_done'`.execute(k);
    expect(tables.rows).toEqual([]);
    await db.destroy();
  });

  it('refuses a store migrated by a newer Gatehouse with GH_ERR_STORE_VERSION', async () => {
    const file = join(tmp(), 'new.db');
    await (await openSqliteStore(file)).close();
    const raw = new BetterSqlite3(file);
    raw.prepare('insert into schema_migrations (version, name, applied_at) values (?, ?, ?)').run(999, 'future', 'x');
    raw.close();
    await expect(openSqliteStore(file)).rejects.toMatchObject({ code: 'GH_ERR_STORE_VERSION' });
  });
});

describe.skipIf(pgSkip !== false)(`migrations: PostgreSQL${pgSkip !== false ? ` (skipped: ${pgSkip})` : ''}`, () => {
  async function freshDb(): Promise<TestDatabase> {
    const t = await createTestDatabase('gh_mig');
    cleanups.push(() => t.drop());
    return t;
  }

  it('regression (issue 16 item 5): four scans started at once on a fresh database are all stored', async () => {
    const t = await freshDb();
    const ids = await Promise.all([1, 2, 3, 4].map((i) => scanOnce(() => openPostgresStore(t.url), i)));
    expect(new Set(ids).size).toBe(4);
    const store = await openPostgresStore(t.url);
    const list = await store.listScans(10);
    expect(list).toHaveLength(4);
    expect(list.every((s) => s.hostsUp === 1 && s.finished !== null)).toBe(true);
    await store.close();
  });

  it('four concurrent openers of a fresh schema (search_path) create it once', async () => {
    const t = await freshDb();
    const ids = await Promise.all([1, 2, 3, 4].map((i) => scanOnce(() => openPostgresStore(t.url, { schema: 'watch' }), i)));
    expect(new Set(ids).size).toBe(4);
  });

  it('adopts a store written by Gatehouse before the framework (pg_dump of one), keeping its scans', async () => {
    const t = await freshDb();
    await runSql(t.url, readFileSync(join(FIXTURES, 'v0-scan-history.pg.sql'), 'utf8'));
    const db = await openPostgresDb(t.url);
    expect(await appliedMigrations(db as unknown as Kysely<unknown>)).toEqual(MIGRATIONS.map((m) => m.version));
    const store = new KyselyStore(db);
    expect((await store.getScan(1))?.grade?.letter).toBe('C');
    expect(await store.beginScan(meta)).toBe(2);
    await store.close();
  });

  it('a failing migration rolls back completely (DDL included) and is not recorded', async () => {
    const t = await freshDb();
    const db = await openPostgresDb(t.url);
    const k = db as unknown as Kysely<unknown>;
    const bad: Migration = { version: LATEST + 1, name: 'bad', async up(c) {
      await c.schema.createTable('half_done').addColumn('x', 'integer').execute();
      await sql`select * from no_such_table`.execute(c);
    } };
    await expect(runMigrations(k, 'postgres', [...MIGRATIONS, bad])).rejects.toThrow(/no_such_table/);
    expect(await appliedMigrations(k)).toEqual(MIGRATIONS.map((m) => m.version));
    const r = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_name = 'half_done'`.execute(k);
    expect(Number(r.rows[0]?.n)).toBe(0);
    await db.destroy();
  });
});
