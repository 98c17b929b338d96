/**
 * @module store/postgres — the server store: the same tables and queries as SQLite (store/store.ts), on PostgreSQL
 * through pg's pool. Bounded against a misbehaving server: connect and query time-outs, messages capped in size
 * (store/pg-guard.ts), the pool's 'error' event handled.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { GatehouseError, isGatehouseError } from '../errors/index.js';
import { errorMessage } from '../errors/record.js';
import { migrate, type Database } from './schema.js';
import { KyselyStore, type Store } from './store.js';
import { guardedSocket } from './pg-guard.js';
import { escapeText } from '../core/escape.js';

/** Connecting (TCP, start-up, authentication) must finish within this. */
export const PG_CONNECT_TIMEOUT_MS = 5000;
/** One query must be answered within this (client side: a server that stalls or trickles cannot hang the scan). */
export const PG_QUERY_TIMEOUT_MS = 30_000;

/** A message from a server is one bounded line: control characters escaped, at most 300 characters. */
function oneLine(text: string): string {
  return escapeText(Buffer.from(text, 'utf8'), 300);
}

export interface PostgresStoreOptions {
  /** Keep the tables in this schema (created if missing); default: the connection's search_path. */
  readonly schema?: string;
  /**
   * An idle pooled connection failed (server restarted, connection terminated): pg emits it on the pool, where an
   * unhandled 'error' would crash the process. The pool replaces the client; this hears of it (default: one
   * warning line on stderr).
   */
  readonly onPoolError?: (err: Error) => void;
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
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    query_timeout: PG_QUERY_TIMEOUT_MS,
    stream: guardedSocket(),
    ...(opts.schema !== undefined ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client's connection dying (server restart, a hostile peer) is emitted on the pool: without a listener
  // it would crash the process. The pool drops that client; the next query opens a new connection and fails or
  // succeeds on its own; the error is reported (onPoolError, or one warning line) and kept to explain that failure.
  let idleError: Error | undefined;
  pool.on('error', (err: Error) => {
    idleError = err;
    if (opts.onPoolError !== undefined) { opts.onPoolError(err); return; }
    process.stderr.write(`gatehouse: warning: PostgreSQL connection lost (${redact(url)}): ${errorMessage(err)}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres', opts.schema !== undefined ? { schema: opts.schema } : {});
  } catch (err) {
    await db.destroy();
    if (isGatehouseError(err) && err.code !== 'GH_ERR_STORE') { throw err; } // e.g. GH_ERR_STORE_VERSION; the socket guard's GH_ERR_STORE is wrapped below
    const why = oneLine((err as Error).message) + (idleError !== undefined ? ` (earlier: ${oneLine(idleError.message)})` : '');
    throw new GatehouseError('GH_ERR_STORE', `cannot open the scan store at ${redact(url)}: ${why}`, { cause: err, exitCode: 2 });
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
