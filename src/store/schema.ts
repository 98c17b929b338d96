/**
 * @module store/schema — the tables scan history lives in, one definition for SQLite and PostgreSQL (Kysely).
 * A scan row is written when the scan starts; host, port and finding rows as each host finishes (so an interrupted
 * scan keeps everything it found); the scan row is completed at the end. `document` keeps the host's full JSON
 * (contract v1) so nothing the contract carries is lost to the columns.
 */
import type { Generated, Kysely } from 'kysely';
import { MIGRATIONS, runMigrations, type MigrationReport, type SqlDialect } from './migrations/index.js';

export interface ScansTable {
  id: Generated<number>;
  started: string;
  finished: string | null;
  targets: string;                // JSON array, as given
  ports: string;                  // normalised port expression
  interrupted: number;            // 0/1
  hosts_up: number;
  hosts_down: number;
  score: number | null;           // organisation grade, when graded
  letter: string | null;
  meta: string;                   // JSON of ScanMeta as finished
  grade: string | null;           // JSON of the organisation grade (contract `grade`), when graded
}

export interface HostsTable {
  scan_id: number;
  address: string;
  state: string;
  open_ports: number;
  score: number | null;
  letter: string | null;
  document: string;               // JSON of the HostResult
}

export interface PortsTable {
  scan_id: number;
  address: string;
  port: number;
  protocol: string;
  state: string;
  service: string;
  product: string | null;
  version: string | null;
}

export interface FindingsTable {
  scan_id: number;
  address: string;
  port: number | null;            // null: a host-level finding
  protocol: string | null;
  finding_id: string;
  severity: string;
  title: string;
}

export interface Database {
  scans: ScansTable;
  hosts: HostsTable;
  ports: PortsTable;
  findings: FindingsTable;
}

/**
 * Brings a store up to date: numbered, forward-only migrations (src/store/migrations/) applied once under the
 * store's migration lock, so concurrent first use of a fresh database is safe.
 */
export async function migrate(db: Kysely<Database>, dialect: SqlDialect, opts: { schema?: string } = {}): Promise<MigrationReport> {
  return runMigrations(db as unknown as Kysely<unknown>, dialect, MIGRATIONS, opts);
}
