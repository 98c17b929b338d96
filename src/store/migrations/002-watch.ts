/** @module store/migrations/002-watch — the Watch domain model (tables described in store/platform/schema.ts). */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration, SqlDialect } from './types.js';

type Table = CreateTableBuilder<string, string>;

function withId(db: Kysely<unknown>, dialect: SqlDialect, name: string): Table {
  const t = db.schema.createTable(name);
  return dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'serial', (c) => c.primaryKey());
}

const org = (t: Table): Table => t.addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'));

export const m002Watch: Migration = {
  version: 2,
  name: 'watch',
  async up(db, dialect) {
    await withId(db, dialect, 'organizations')
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('criticality', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await org(withId(db, dialect, 'asset_groups'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('asset_groups_name', ['org_id', 'name'])
      .execute();
    await org(withId(db, dialect, 'assets'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('group_id', 'integer', (c) => c.references('asset_groups.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('assets_value', ['org_id', 'kind', 'value'])
      .execute();
    await org(withId(db, dialect, 'scope_entries'))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('scope_entries_target', ['org_id', 'target'])
      .execute();
    await org(withId(db, dialect, 'authorisations'))
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await org(withId(db, dialect, 'schedules'))
      .addColumn('cron', 'text')
      .addColumn('interval_seconds', 'integer')
      .addColumn('quiet_hours', 'text')
      .addColumn('rate_pps', 'integer')
      .addColumn('ports', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('next_run_at', 'text')
      .addColumn('last_run_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await org(withId(db, dialect, 'runs'))
      .addColumn('scan_id', 'integer', (c) => c.references('scans.id').onDelete('set null'))
      .addColumn('schedule_id', 'integer', (c) => c.references('schedules.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('targets', 'text', (c) => c.notNull())
      .addColumn('ports', 'text', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('ingested_at', 'text')
      .addColumn('error', 'text')
      .addColumn('score', 'real')
      .addColumn('letter', 'text')
      .addColumn('grade', 'text')
      .addColumn('resumed_from', 'integer', (c) => c.references('runs.id').onDelete('set null'))
      .addColumn('pid', 'integer')
      .execute();
    await org(withId(db, dialect, 'finding_states'))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('finding_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('first_run_id', 'integer', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('last_run_id', 'integer', (c) => c.notNull())
      .addColumn('fixed_at', 'text')
      .addColumn('fixed_run_id', 'integer')
      .addColumn('fixed_reason', 'text')
      .addColumn('reopened_at', 'text')
      .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stale_since', 'text')
      .addUniqueConstraint('finding_states_key', ['org_id', 'host', 'port', 'protocol', 'finding_id'])
      .execute();
    await db.schema.createTable('host_states')
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('last_up_at', 'text', (c) => c.notNull())
      .addColumn('last_up_run_id', 'integer', (c) => c.notNull())
      .addColumn('last_up_scan_id', 'integer', (c) => c.notNull())
      .addColumn('stale_since', 'text')
      .addPrimaryKeyConstraint('host_states_pk', ['org_id', 'host'])
      .execute();
    await org(withId(db, dialect, 'grade_history'))
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('letter', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('stale_hosts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await org(withId(db, dialect, 'discovered_assets'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('provenance', 'text', (c) => c.notNull())
      .addColumn('in_scope', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addUniqueConstraint('discovered_assets_value', ['org_id', 'kind', 'value'])
      .execute();
    const idx = (name: string, table: string, cols: string[]) => db.schema.createIndex(name).on(table).columns(cols).execute();
    await idx('runs_by_org', 'runs', ['org_id', 'id']);
    await idx('runs_by_status', 'runs', ['status']);
    await idx('finding_states_by_state', 'finding_states', ['org_id', 'state', 'severity']);
    await idx('grade_history_by_scope', 'grade_history', ['org_id', 'scope', 'scope_key', 'at']);
    await idx('grade_history_by_run', 'grade_history', ['run_id']);
    await idx('assets_by_org', 'assets', ['org_id', 'id']);
    await sql`select 1`.execute(db);
  },
};
