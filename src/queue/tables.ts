/** @module queue/tables — row types of the shard tables (migration 006, src/store/migrations/006-shards.ts). */
import type { Database } from '../store/schema.js';

export type ShardStatus = 'queued' | 'done' | 'failed';

export interface ScanShardsTable {
  scan_id: number;
  shard: string;
  host_block: number;
  port_block: number;
  hosts: number;
  probes: number;
  status: ShardStatus;
  attempts: number;
  worker: string | null;
  error: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  scan_ms: number | null;
  write_ms: number | null;
  /** Down hosts the shard found and did not write to shard_hosts (migration 010; null: every host was written). */
  down_hosts: number | null;
}

export interface ShardHostsTable {
  scan_id: number;
  shard: string;
  address: string;
  document: string;               // JSON of the HostResult as the shard found it
}

/** The scan history's tables plus the shard tables. */
export interface ShardDatabase extends Database {
  scan_shards: ScanShardsTable;
  shard_hosts: ShardHostsTable;
}
