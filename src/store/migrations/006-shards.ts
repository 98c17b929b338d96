/**
 * @module store/migrations/006-shards — distributed scans (issue 13, src/queue): one row per shard of a scan, its
 * status and timings, and each shard's host results, written with the shard's `done` mark in one transaction (the
 * primary keys (scan_id, shard) and (scan_id, shard, address) make a re-run after a crash write nothing twice).
 * Used on PostgreSQL only; valid on SQLite too, like every migration. Row types: src/queue/tables.ts.
 */
import type { Migration } from './types.js';

export const m006Shards: Migration = {
  version: 6,
  name: 'shards',
  async up(db) {
    await db.schema.createTable('scan_shards')
      .addColumn('scan_id', 'integer', (c) => c.notNull())
      .addColumn('shard', 'text', (c) => c.notNull())
      .addColumn('host_block', 'integer', (c) => c.notNull())
      .addColumn('port_block', 'integer', (c) => c.notNull())
      .addColumn('hosts', 'integer', (c) => c.notNull())
      .addColumn('probes', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())            // queued | done | failed
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('worker', 'text')
      .addColumn('error', 'text')
      .addColumn('queued_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('scan_ms', 'integer')
      .addColumn('write_ms', 'integer')
      .addPrimaryKeyConstraint('scan_shards_pk', ['scan_id', 'shard'])
      .execute();
    await db.schema.createTable('shard_hosts')
      .addColumn('scan_id', 'integer', (c) => c.notNull())
      .addColumn('shard', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('shard_hosts_pk', ['scan_id', 'shard', 'address'])
      .execute();
  },
};
