/**
 * @module test/support/pg — a PostgreSQL database of the test's own on the machine's server (created fresh,
 * dropped after), or the reason the PostgreSQL half of a contract suite is skipped.
 */
import pg from 'pg';
import { labSkip } from '../lab/require.js';

export const PG_ADMIN_URL = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * False when PostgreSQL answers; otherwise why the PostgreSQL tests are skipped. Under GATEHOUSE_REQUIRE_LAB=1 (CI)
 * an unreachable PostgreSQL is a failure instead (test/lab/require.ts), so the PostgreSQL half always runs in CI.
 */
export async function pgUnavailable(): Promise<string | false> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  let why: string | false = false;
  try { await c.connect(); await c.end(); } catch (err) { why = `no PostgreSQL at ${PG_ADMIN_URL}: ${(err as Error).message}`; }
  labSkip(why);
  return why;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database with a unique name; `drop()` terminates its sessions and drops it. */
export async function createTestDatabase(prefix = 'gh_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client(PG_ADMIN_URL);
  await admin.connect();
  try { await admin.query(`create database ${name}`); } finally { await admin.end(); }
  return {
    name,
    url: withDatabase(PG_ADMIN_URL, name),
    async drop() {
      const c = new pg.Client(PG_ADMIN_URL);
      await c.connect();
      try { await c.query(`drop database if exists ${name} with (force)`); } finally { await c.end(); }
    },
  };
}

/** Runs a SQL script (simple-query protocol, several statements) against a database URL. */
export async function runSql(url: string, script: string): Promise<void> {
  const c = new pg.Client(url);
  await c.connect();
  try { await c.query(script); } finally { await c.end(); }
}
