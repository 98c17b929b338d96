/** @module store/postgres — the server store: the same tables and queries as SQLite (store/store.ts), on PostgreSQL through pg's pool. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { GatehouseError, isGatehouseError } from '../errors/index.js';
import { migrate, type Database } from './schema.js';
import { KyselyStore, type Store } from './store.js';

export interface PostgresStoreOptions {
  /** Keep the tables in this schema (created if missing); default: the connection's search_path. */
  readonly schema?: string;
  /** Pool size (default 4). */
  readonly poolSize?: number;
}

/** Connects and migrates (under the migration advisory lock); the Kysely handle the store and the platform share. */
export async function openPostgresDb(url: string, opts: PostgresStoreOptions = {}): Promise<Kysely<Database>> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new GatehouseError('GH_ERR_STORE', `invalid schema name "${opts.schema}"`, { exitCode: 2 });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 4,
    connectionTimeoutMillis: 5000,
    ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres', opts.schema !== undefined ? { schema: opts.schema } : {});
  } catch (err) {
    await db.destroy();
    if (isGatehouseError(err)) { throw err; }
    throw new GatehouseError('GH_ERR_STORE', `cannot open the scan store at ${redact(url)}: ${(err as Error).message}`, { cause: err, exitCode: 2 });
  }
  return db;
}

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  return new KyselyStore(await openPostgresDb(url, opts));
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
