/** @module queue/jobs — what one shard job carries through Redis (JSON), and its BullMQ job id. */

/** The scan options a worker applies to every shard: the subset of `gatehouse scan`'s that shapes the results. */
export interface ShardScanOptions {
  readonly ping: boolean;
  readonly serviceDetection: boolean;
  readonly tls: boolean;
  readonly checks: boolean;
  readonly selfScan: boolean;
  readonly allStates: boolean;
  readonly retries?: string;
  readonly timeout?: string;
  readonly minRttTimeout?: string;
  readonly maxConcurrency?: string;
  readonly serviceTimeout?: string;
  readonly seed?: string;
  readonly scope?: string;
}

export interface ShardJob {
  readonly scanId: number;
  readonly shard: string;
  readonly hostBlock: number;
  readonly portBlock: number;
  /** Port blocks of the scan: more than one → the worker takes the host block's politeness lock. */
  readonly portBlocks: number;
  /** The shard's hosts as ranges (queue/shards.ts hostRanges: `first-last` runs of IPv4 addresses), expanded by the worker. */
  readonly hostRanges: readonly string[];
  /** `-p` form (queue/shards.ts portList). */
  readonly ports: string;
  readonly probes: number;
  /** The scan's global rate (probes/s across all workers); 0: uncapped. */
  readonly ratePps: number;
  readonly options: ShardScanOptions;
  /** When the producer enqueued it (ms since the epoch): queue latency = start − this. */
  readonly enqueuedAt: number;
}

/** Attempts per shard (with exponential backoff from 1 s) before it is reported failed. */
export const SHARD_ATTEMPTS = 3;
export const SHARD_BACKOFF_MS = 1000;

/** BullMQ job id of a shard: deterministic, so enqueueing a shard twice adds it once (no ':' allowed in custom ids). */
export function jobId(scanId: number, shard: string): string {
  return `scan${scanId}-${shard}`;
}
