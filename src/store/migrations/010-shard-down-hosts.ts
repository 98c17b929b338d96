/**
 * @module store/migrations/010-shard-down-hosts — a distributed scan's worker writes `shard_hosts` rows for the
 * hosts that answered only (unless the scan keeps all states): each shard row counts the down hosts it did not write
 * (`down_hosts`), and the producer lists them as down from the shard's host block (src/queue, docs/scale.md).
 * Null on shards written before this migration (they wrote every host).
 */
import type { Migration } from './types.js';

export const m010ShardDownHosts: Migration = {
  version: 10,
  name: 'shard-down-hosts',
  async up(db) {
    await db.schema.alterTable('scan_shards').addColumn('down_hosts', 'integer').execute();
  },
};
