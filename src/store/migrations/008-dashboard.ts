/**
 * @module store/migrations/008-dashboard — derived, rebuildable read models for the dashboard's API (web-api):
 * `host_facts` (per stored host: hostname, OS, open ports — so a 10,000-host page filters without parsing host
 * documents) and `run_digests` (per ingested run: its weakest factor and its change summary against the run before —
 * so the portfolio and the change timeline never recompute a grade or a diff). Both are filled on first read by
 * src/monitor/dashboard and never edited: a stored host and an ingested run do not change. Row types:
 * src/store/platform/dashboard-schema.ts.
 */
import type { Migration } from './types.js';

export const m008Dashboard: Migration = {
  version: 8,
  name: 'dashboard',
  async up(db) {
    await db.schema.createTable('host_facts')
      .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('hostname', 'text')
      .addColumn('os_family', 'text')
      .addColumn('os_name', 'text')
      .addColumn('os_version', 'text')
      .addColumn('os_confidence', 'real')
      .addColumn('open_ports', 'integer', (c) => c.notNull())
      .addColumn('ports', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_facts_pk', ['scan_id', 'address'])
      .execute();
    await db.schema.createTable('run_digests')
      .addColumn('run_id', 'integer', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('weakest', 'text')
      .addColumn('changes', 'text')
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('run_digests_by_org').on('run_digests').columns(['org_id', 'run_id']).execute();
    await db.schema.createIndex('host_states_by_scan').on('host_states').columns(['last_up_scan_id', 'host']).execute();
  },
};
