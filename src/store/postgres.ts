/** @module store/postgres — the server store: the same tables and queries as SQLite (store/store.ts), on PostgreSQL through pg's pool. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { GatehouseError } from '../errors/index.js';
import { errorMessage } from '../errors/record.js';
import { migrate, type Database } from './schema.js';
import { KyselyStore, type Store } from './store.js';

export interface PostgresStoreOptions {
  /** Keep the tables in this schema (created if missing); default: the connection's search_path. */
  readonly schema?: string;
  /**
   * An idle pooled connection failed (server restarted, connection terminated): pg emits it on the pool, where an
   * unhandled 'error' would crash the process. The pool replaces the client; this hears of it (default: one
   * warning line on stderr).
   */
  readonly onPoolError?: (err: Error) => void;
}

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new GatehouseError('GH_ERR_STORE', `invalid schema name "${opts.schema}"`, { exitCode: 2 });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5000,
    ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on('error', (err) => {
    if (opts.onPoolError !== undefined) { opts.onPoolError(err); return; }
    process.stderr.write(`gatehouse: warning: PostgreSQL connection lost (${redact(url)}): ${errorMessage(err)}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (opts.schema !== undefined) { await db.schema.createSchema(opts.schema).ifNotExists().execute(); }
    await migrate(db, 'postgres');
  } catch (err) {
    await db.destroy();
    throw new GatehouseError('GH_ERR_STORE', `cannot open the scan store at ${redact(url)}: ${(err as Error).message}`, { cause: err, exitCode: 2 });
  }
  return new KyselyStore(db);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
