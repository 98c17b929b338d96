/**
 * @module queue/results — a shard's effect on PostgreSQL, exactly once: its hosts and its `done` mark in ONE
 * transaction, after locking the shard's row; a shard already done (a re-run after a crash, a stalled job run
 * twice) writes nothing. A dropped connection (server restart, pg_terminate_backend) aborts the transaction on the
 * server, so the whole write is simply retried on a fresh connection (withPgRetry).
 */
import type { Kysely } from 'kysely';
import type { HostResult } from '../core/types.js';
import { GatehouseError } from '../errors/index.js';
import { errorMessage } from '../errors/record.js';
import type { ShardDatabase } from './tables.js';

/** SQLSTATEs and socket codes of a lost connection (not of a bad statement): worth a retry on a new connection. */
const LOST = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (e === null || typeof e !== 'object') { return false; }
  if (typeof e.code === 'string' && LOST.has(e.code)) { return true; }
  if (typeof e.message === 'string' && /connection terminated|terminating connection|connection (?:lost|closed|error)|not queryable/i.test(e.message)) { return true; }
  return e.cause !== undefined && e.cause !== err && isConnectionLoss(e.cause);
}

export interface RetryOptions {
  readonly attempts?: number;
  readonly baseMs?: number;
  readonly onRetry?: (err: unknown, attempt: number) => void;
}

/** Runs `fn`; on a lost connection, again after a short backoff (100 ms, 200 ms, … ; 8 attempts by default). */
export async function withPgRetry<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = o.attempts ?? 8;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isConnectionLoss(err)) { throw err; }
      o.onRetry?.(err, i);
      await new Promise((r) => setTimeout(r, (o.baseMs ?? 100) * 2 ** (i - 1)));
    }
  }
}

export interface ShardWrite {
  readonly scanId: number;
  readonly shard: string;
  /** The hosts to store (a worker leaves out down hosts unless the scan keeps all states). */
  readonly hosts: readonly HostResult[];
  /** Down hosts found and not in `hosts`. */
  readonly downHosts: number;
  readonly worker: string;
  readonly attempts: number;
  readonly startedAt: string;
  readonly scanMs: number;
}

const ROWS_PER_INSERT = 2000;

/** Writes the shard's hosts and marks it done, in one transaction; 'already' when it was done before (nothing written). */
export async function writeShard(db: Kysely<ShardDatabase>, w: ShardWrite): Promise<'written' | 'already'> {
  const t0 = performance.now();
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('scan_shards').select('status')
      .where('scan_id', '=', w.scanId).where('shard', '=', w.shard).forUpdate().executeTakeFirst();
    if (row === undefined) { throw new GatehouseError('GH_ERR_QUEUE', `shard ${w.shard} of scan ${w.scanId} is not in the database (was the scan deleted?)`); }
    if (row.status === 'done') { return 'already'; }
    const rows = w.hosts.map((h) => ({ scan_id: w.scanId, shard: w.shard, address: h.address, document: JSON.stringify(h) }));
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await tx.insertInto('shard_hosts').values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflict((oc) => oc.columns(['scan_id', 'shard', 'address']).doNothing()).execute();
    }
    await tx.updateTable('scan_shards').set({
      status: 'done', worker: w.worker, attempts: w.attempts, error: null, started_at: w.startedAt,
      finished_at: new Date().toISOString(), scan_ms: Math.round(w.scanMs), down_hosts: w.downHosts, write_ms: Math.round(performance.now() - t0),
    }).where('scan_id', '=', w.scanId).where('shard', '=', w.shard).execute();
    return 'written';
  });
}

/** Marks a shard failed (all attempts spent) with its last error, unless it is already done. */
export async function markShardFailed(db: Kysely<ShardDatabase>, scanId: number, shard: string, attempts: number, err: unknown): Promise<void> {
  await db.updateTable('scan_shards').set({ status: 'failed', attempts, error: errorMessage(err).slice(0, 500), finished_at: new Date().toISOString() })
    .where('scan_id', '=', scanId).where('shard', '=', shard).where('status', '<>', 'done').execute();
}
