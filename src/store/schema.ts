/**
 * @module store/schema — the tables scan history lives in, one definition for SQLite and PostgreSQL (Kysely).
 * A scan row is written when the scan starts; host, port and finding rows as each host finishes (so an interrupted
 * scan keeps everything it found); the scan row is completed at the end. `document` keeps the host's full JSON
 * (contract v1) so nothing the contract carries is lost to the columns.
 */
import { sql, type Generated, type Kysely } from 'kysely';

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

export const SCHEMA_VERSION = 1;

/** Creates the tables if missing (idempotent). `serial` is the dialect's auto-increment integer key type. */
export async function migrate(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  let scans = db.schema.createTable('scans').ifNotExists();
  scans = dialect === 'sqlite'
    ? scans.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : scans.addColumn('id', 'serial', (c) => c.primaryKey());
  await scans
    .addColumn('started', 'text', (c) => c.notNull())
    .addColumn('finished', 'text')
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('ports', 'text', (c) => c.notNull())
    .addColumn('interrupted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hosts_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hosts_down', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'real')
    .addColumn('letter', 'text')
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .execute();
  // Columns added after a table first shipped: add them to stores created by older versions.
  const scansCols = (await db.introspection.getTables()).find((t) => t.name === 'scans')?.columns.map((c) => c.name) ?? [];
  if (!scansCols.includes('grade')) { await db.schema.alterTable('scans').addColumn('grade', 'text').execute(); }
  await db.schema.createTable('hosts').ifNotExists()
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('open_ports', 'integer', (c) => c.notNull())
    .addColumn('score', 'real')
    .addColumn('letter', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hosts_pk', ['scan_id', 'address'])
    .execute();
  await db.schema.createTable('ports').ifNotExists()
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('product', 'text')
    .addColumn('version', 'text')
    .execute();
  await db.schema.createTable('findings').ifNotExists()
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('port', 'integer')
    .addColumn('protocol', 'text')
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ports_by_scan').ifNotExists().on('ports').columns(['scan_id', 'address']).execute();
  await db.schema.createIndex('findings_by_scan').ifNotExists().on('findings').columns(['scan_id', 'address']).execute();
  await sql`select 1`.execute(db);
}
