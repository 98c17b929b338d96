/** @module store/sqlite — the embedded default store: one SQLite file (WAL, so a reader never blocks the scan). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { GatehouseError } from '../errors/index.js';
import { migrate, type Database } from './schema.js';
import { KyselyStore, type Store } from './store.js';

export { defaultDbPath } from './path.js';

export async function openSqliteStore(path: string): Promise<Store> {
  let raw: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') { mkdirSync(dirname(path), { recursive: true }); }
    raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('foreign_keys = ON');
  } catch (err) {
    throw new GatehouseError('GH_ERR_STORE', `cannot open the scan store "${path}": ${(err as Error).message}`, { cause: err, exitCode: 2 });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  await migrate(db, 'sqlite');
  return new KyselyStore(db);
}
