/** @module store/migrations/types — what a numbered, forward-only schema migration is. */
import type { Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * One schema step. `up` runs inside the migration transaction (SQLite `BEGIN IMMEDIATE`; PostgreSQL under the
 * migration advisory lock) on the one connection that holds the lock; it must only create or alter (forward-only,
 * never drop data) and must work on both dialects.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
}
