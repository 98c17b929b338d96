/**
 * @module store/postgres-errors.test — an idle pooled PostgreSQL connection that the server terminates must not
 * crash the process (pg emits 'error' on the pool): the store hears of it and keeps working on a new connection.
 * Runs against the machine's PostgreSQL in a database of its own (created and dropped here).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from './postgres.js';
import { labSkip } from '../../test/lab/require.js';

const ADMIN = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `gh_pool_err_${process.pid}_${randomBytes(4).toString('hex')}`;
const url = ((): string => { const u = new URL(ADMIN); u.pathname = `/${DB}`; return u.toString(); })();

async function admin(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 2000 });
  await c.connect();
  try { return await c.query(sql, values); } finally { await c.end(); }
}
const skip = await admin(`create database ${DB}`).then(() => '', (err: unknown) => `no PostgreSQL at ${ADMIN}: ${(err as Error).message}`);
afterAll(async () => { if (skip === '') { await admin(`drop database if exists ${DB} with (force)`); } });

describe.skipIf(labSkip(skip))('PostgreSQL pool errors', () => {
  it('a terminated idle connection is reported to onPoolError, not thrown; the store goes on', async () => {
    const errors: Error[] = [];
    const store = await openPostgresStore(url, { onPoolError: (err) => errors.push(err) });
    try {
      const id = await store.beginScan({ started: '2026-12-01T00:00:00.000Z', finished: null, targets: ['127.0.0.1'], ports: '22' });
      const r = await admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [DB]);
      expect(r.rowCount).toBeGreaterThan(0);
      for (let i = 0; i < 100 && errors.length === 0; i++) { await new Promise((res) => setTimeout(res, 20)); }
      expect(errors.length).toBeGreaterThan(0);
      expect(await store.getScan(id)).toMatchObject({ scan: { targets: ['127.0.0.1'] } });
    } finally {
      await store.close();
    }
  });
});
