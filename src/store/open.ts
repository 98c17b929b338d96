/** @module store/open — a `--db` value to a Store: `postgres://…` or `postgresql://…` → PostgreSQL, anything else → a SQLite file. */
import type { Kysely } from 'kysely';
import type { Store } from './store.js';
import type { Database } from './schema.js';
import type { SqlDialect } from './migrations/types.js';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export async function openStore(db: string): Promise<Store> {
  if (isPostgresUrl(db)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(db);
  }
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore(db);
}

/** An opened, migrated database: the Kysely handle the scan store and the platform repositories share. */
export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
}

/** Opens and migrates `--db` (a SQLite file or a postgres:// URL) without wrapping it in a Store. */
export async function openDatabase(db: string, opts: { schema?: string; poolSize?: number } = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(db)) {
    const { openPostgresDb } = await import('./postgres.js');
    return { db: await openPostgresDb(db, opts), dialect: 'postgres' };
  }
  const { openSqliteDb } = await import('./sqlite.js');
  return { db: await openSqliteDb(db), dialect: 'sqlite' };
}
