/**
 * @module store/migrations/001-scan-history — the scan-history tables (scans, hosts, ports, findings) as every
 * Gatehouse before the migration framework created them. Idempotent on purpose: a store created by an earlier
 * version already has these tables (perhaps without `scans.grade`), and this step adopts it as version 1.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, SqlDialect } from './types.js';

/** Column names of a table in the connection's current schema. */
export async function columnsOf(db: Kysely<unknown>, dialect: SqlDialect, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    return r.rows.map((c) => c.name);
  }
  const r = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return r.rows.map((c) => c.column_name);
}

export const m001ScanHistory: Migration = {
  version: 1,
  name: 'scan-history',
  async up(db, dialect) {
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
    // `grade` shipped after the table: stores created before it lack the column.
    if (!(await columnsOf(db, dialect, 'scans')).includes('grade')) {
      await db.schema.alterTable('scans').addColumn('grade', 'text').execute();
    }
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
  },
};
