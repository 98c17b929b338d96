/** @module store/sqlite — the embedded default store: one SQLite file (WAL, so a reader never blocks the scan). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { GatehouseError, isGatehouseError } from '../errors/index.js';
import { migrate, type Database } from './schema.js';
import { KyselyStore, type Store } from './store.js';

export { defaultDbPath } from './path.js';

/** Opens (creating if needed) and migrates the SQLite file; the Kysely handle the store and the platform share. */
export async function openSqliteDb(path: string): Promise<Kysely<Database>> {
  let raw: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') { mkdirSync(dirname(path), { recursive: true }); }
    raw = new BetterSqlite3(path);
    // busy_timeout first: a concurrent opener switching a fresh file to WAL, or migrating it, holds the lock briefly.
    raw.pragma('busy_timeout = 5000');
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
  } catch (err) {
    throw new GatehouseError('GH_ERR_STORE', `cannot open the scan store "${path}": ${(err as Error).message}`, { cause: err, exitCode: 2 });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrate(db, 'sqlite');
  } catch (err) {
    await db.destroy();
    if (isGatehouseError(err)) { throw err; }
    throw new GatehouseError('GH_ERR_STORE', `cannot upgrade the scan store "${path}": ${(err as Error).message}`, { cause: err, exitCode: 2 });
  }
  return db;
}

export async function openSqliteStore(path: string): Promise<Store> {
  return new KyselyStore(await openSqliteDb(path));
}
