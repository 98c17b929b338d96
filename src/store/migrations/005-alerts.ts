/**
 * @module store/migrations/005-alerts — alert channels (webhook, Slack-compatible webhook, e-mail), rules per
 * organisation, the delivery queue with retries and dead letters, and how far each organisation's runs were
 * evaluated (watch-server). Row types: src/monitor/alerts/tables.ts.
 */
import type { Kysely } from 'kysely';
import type { Migration, SqlDialect } from './types.js';

function withId(db: Kysely<unknown>, dialect: SqlDialect, table: string) {
  const t = db.schema.createTable(table);
  return dialect === 'sqlite' ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'serial', (c) => c.primaryKey());
}

export const m005Alerts: Migration = {
  version: 5,
  name: 'alerts',
  async up(db, dialect) {
    await withId(db, dialect, 'alert_channels')
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await withId(db, dialect, 'alert_rules')
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('channel_id', 'integer', (c) => c.notNull().references('alert_channels.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await withId(db, dialect, 'alert_deliveries')
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('rule_id', 'integer', (c) => c.notNull())
      .addColumn('channel_id', 'integer', (c) => c.notNull())
      .addColumn('run_id', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .execute();
    await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('alert_deliveries_by_org').on('alert_deliveries').columns(['org_id', 'id']).execute();
    await db.schema.createTable('alert_progress')
      .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
      .addColumn('last_run_id', 'integer', (c) => c.notNull())
      .execute();
  },
};
