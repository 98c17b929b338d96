/**
 * @module store/migrations/run — applies pending migrations exactly once, even when several processes open a
 * fresh store at the same moment: everything happens in one transaction on one connection that first takes the
 * store's migration lock (PostgreSQL: a transaction-scoped advisory lock keyed by the search_path; SQLite:
 * `BEGIN IMMEDIATE`, the database write lock, waited for through busy_timeout). The loser of the race waits, then
 * finds the migrations recorded in `schema_migrations` and applies nothing.
 */
import { sql, type Kysely } from 'kysely';
import { GatehouseError } from '../../errors/index.js';
import type { Migration, SqlDialect } from './types.js';

/** First key of the two-key advisory lock: "GH" + 0x0001; the second key is hashtext(search_path). */
export const ADVISORY_LOCK_KEY = 0x47480001;

export interface MigrationReport {
  /** Versions this call applied (empty when another opener already had). */
  readonly applied: readonly number[];
  /** The store's highest version afterwards. */
  readonly version: number;
}

export interface RunOptions {
  /** PostgreSQL: create this schema (inside the lock) before migrating; the connection's search_path names it. */
  readonly schema?: string;
}

/** Applies every migration whose version is not yet recorded, in ascending order, under the store's lock. */
export async function runMigrations(
  db: Kysely<unknown>, dialect: SqlDialect, migrations: readonly Migration[], opts: RunOptions = {},
): Promise<MigrationReport> {
  checkList(migrations);
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${ADVISORY_LOCK_KEY}, hashtext(current_setting('search_path')))`.execute(conn);
        if (opts.schema !== undefined) { await conn.schema.createSchema(opts.schema).ifNotExists().execute(); }
      }
      await conn.schema.createTable('schema_migrations').ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();
      const done = new Set(await appliedMigrations(conn));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...done].filter((v) => !known.has(v));
      if (unknown.length > 0) {
        throw new GatehouseError('GH_ERR_STORE_VERSION',
          `the store has schema migration ${Math.max(...unknown)}, which this Gatehouse does not know: it was upgraded by a newer version`, { exitCode: 2 });
      }
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) { continue; }
        await m.up(conn, dialect);
        await sql`insert into schema_migrations (version, name, applied_at) values (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(conn);
        applied.push(m.version);
      }
      await sql.raw('commit').execute(conn);
      return { applied, version: Math.max(0, ...done, ...applied) };
    } catch (err) {
      await sql.raw('rollback').execute(conn).catch((rbErr: unknown) => { throw new AggregateError([err, rbErr], 'migration and its rollback failed'); });
      throw err;
    }
  });
}

/** Versions recorded in `schema_migrations`, ascending. */
export async function appliedMigrations(db: Kysely<unknown>): Promise<number[]> {
  const r = await sql<{ version: number }>`select version from schema_migrations order by version`.execute(db);
  return r.rows.map((row) => Number(row.version));
}

/** A list with a duplicate or non-positive version is a programming error, caught before touching the store. */
function checkList(migrations: readonly Migration[]): void {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= 0 || seen.has(m.version)) {
      throw new GatehouseError('GH_ERR_INTERNAL', `migration list is invalid at version ${m.version} (${m.name})`);
    }
    seen.add(m.version);
  }
}
