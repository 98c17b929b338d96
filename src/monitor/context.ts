/**
 * @module monitor/context — the handle every repository and the run executor receive: the migrated database
 * (shared with the scan store), its dialect, the `--db` value child scans write to, and the clock (injectable).
 */
import { openDatabase } from '../store/open.js';
import { KyselyStore, type Store } from '../store/store.js';
import type { SqlDialect } from '../store/migrations/types.js';
import type { PlatformDb } from '../store/platform/schema.js';

export interface MonitorCtx {
  readonly db: PlatformDb;
  readonly dialect: SqlDialect;
  /** The `--db` value (SQLite path or postgres:// URL) a scan child process writes to. */
  readonly dbUrl: string;
  readonly now: () => Date;
}

export interface OpenedMonitor extends MonitorCtx {
  /** The scan-history store on the same connection (stored scans as contract documents). */
  readonly store: Store;
  close(): Promise<void>;
}

export interface OpenMonitorOptions {
  readonly now?: () => Date;
  /** PostgreSQL only: keep the tables in this schema. */
  readonly schema?: string;
  readonly poolSize?: number;
}

/** Opens and migrates the database once; the server keeps this for its lifetime and hands it to every call. */
export async function openMonitor(dbUrl: string, opts: OpenMonitorOptions = {}): Promise<OpenedMonitor> {
  const { db, dialect } = await openDatabase(dbUrl, {
    ...(opts.schema !== undefined ? { schema: opts.schema } : {}),
    ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : {}),
  });
  const platform = db as unknown as PlatformDb; // the same connection; migration 002 created WatchTables
  const store = new KyselyStore(db);
  return {
    db: platform, dialect, dbUrl, now: opts.now ?? (() => new Date()), store,
    close: () => db.destroy(),
  };
}

/** The clock as ISO text. */
export function nowIso(ctx: Pick<MonitorCtx, 'now'>): string {
  return ctx.now().toISOString();
}
