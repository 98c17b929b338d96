/** @module store/open — a `--db` value to a Store: `postgres://…` or `postgresql://…` → PostgreSQL, anything else → a SQLite file. */
import type { Store } from './store.js';

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
