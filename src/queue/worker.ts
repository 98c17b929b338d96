/**
 * @module queue/worker — `gatehouse worker`: takes shard jobs from the BullMQ queue and runs each with the
 * single-process engine (`runShard`, injected by the CLI: the same scan pipeline `gatehouse scan` runs), drawing
 * probes from the scan's shared rate bucket, then writes the shard's hosts that are not down (all of them with
 * --all-states), its down-host count and its `done` mark in one PostgreSQL transaction (queue/results.ts). Crash safety is BullMQ's: a worker killed mid-shard stops renewing the job's lock,
 * the stalled-job check moves the job back to wait, another worker runs it; the write is idempotent, so a shard
 * run twice is stored once. A shard that throws is retried (SHARD_ATTEMPTS, exponential backoff); on its last
 * attempt it is marked failed in PostgreSQL, where the producer reports it.
 */
import { hostname } from 'node:os';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { HostResult } from '../core/types.js';
import type { RateGate } from '../engine/rate.js';
import { errorMessage } from '../errors/record.js';
import { SharedRate } from './bucket.js';
import { bucketKey, bullConnection, hostLockKey, QUEUE_NAME, redisClient, type QueueConfig } from './connection.js';
import { acquireHostLock } from './host-lock.js';
import type { ShardJob } from './jobs.js';
import { markShardFailed, withPgRetry, writeShard } from './results.js';
import type { ShardDatabase } from './tables.js';

/** Runs one shard with the single-process engine; `gate` caps its probes (the shared bucket) when the scan has a rate. */
export type RunShard = (job: ShardJob, gate: RateGate | undefined) => Promise<HostResult[]>;

export interface ShardWorkerOptions {
  readonly queue: QueueConfig;
  readonly db: Kysely<ShardDatabase>;
  readonly runShard: RunShard;
  /** Shards run at once by this worker (default 1). */
  readonly concurrency?: number;
  /** BullMQ job lock: a worker silent this long is presumed dead and its shard re-run (default 10 s). */
  readonly lockMs?: number;
  /** How often workers look for stalled shards (default 5 s). */
  readonly stalledMs?: number;
  readonly log: (line: string) => void;
}

export interface ShardOutcome { readonly result: 'written' | 'already'; readonly hosts: number; readonly scanMs: number; readonly queueMs: number }

export interface ShardWorker {
  readonly name: string;
  /** Stops taking shards, lets running ones finish, disconnects. */
  close(): Promise<void>;
}

export function startShardWorker(o: ShardWorkerOptions): ShardWorker {
  const name = `${hostname()}:${process.pid}`;
  const redis = redisClient(o.queue);
  const lockMs = o.lockMs ?? 10_000;
  const warn = (what: string) => (err: unknown): void => { o.log(`${what}: ${errorMessage(err)}`); };
  redis.on('error', warn('redis'));

  const processShard = async (job: Job<ShardJob>, token?: string): Promise<ShardOutcome> => {
    const d = job.data;
    const started = new Date();
    const lock = d.portBlocks > 1 ? await acquireHostLock(redis, hostLockKey(d.scanId, d.hostBlock), token ?? name, lockMs, warn('host lock')) : null;
    if (d.portBlocks > 1 && lock === null) {
      // Another worker is on these hosts: come back shortly (not a failed attempt).
      await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 300), token);
      throw new DelayedError();
    }
    const gate = d.ratePps > 0 ? new SharedRate(redis, bucketKey(d.scanId), d.ratePps, warn('rate bucket'), d.probes) : undefined;
    try {
      const t0 = performance.now();
      const found = await o.runShard(d, gate);
      const scanMs = performance.now() - t0;
      // Down hosts are not written (the producer knows the shard's hosts and lists the missing ones as down) unless the scan keeps all states.
      const hosts = d.options.allStates ? found : found.filter((h) => h.state !== 'down');
      const result = await withPgRetry(() => writeShard(o.db, {
        scanId: d.scanId, shard: d.shard, hosts, downHosts: found.length - hosts.length, worker: name, attempts: job.attemptsMade + 1, startedAt: started.toISOString(), scanMs,
      }), { onRetry: (err, i) => o.log(`shard ${d.shard}: PostgreSQL connection lost (${errorMessage(err)}); retry ${i}`) });
      if (result === 'already') { o.log(`shard ${d.shard} of scan ${d.scanId} was already stored: nothing written`); }
      return { result, hosts: hosts.length, scanMs, queueMs: started.getTime() - d.enqueuedAt };
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await withPgRetry(() => markShardFailed(o.db, d.scanId, d.shard, job.attemptsMade + 1, err)).catch(warn(`shard ${d.shard}: cannot record its failure`));
      }
      throw err;
    } finally {
      await gate?.release().catch(warn('rate bucket release'));
      await lock?.release().catch(warn('host lock release'));
    }
  };

  const worker = new Worker<ShardJob, ShardOutcome>(QUEUE_NAME, processShard, {
    connection: bullConnection(o.queue),
    concurrency: Math.max(1, o.concurrency ?? 1),
    lockDuration: lockMs,
    stalledInterval: o.stalledMs ?? Math.max(1000, Math.floor(lockMs / 2)),
    maxStalledCount: 2,
    name,
  });
  worker.on('error', warn('queue'));
  worker.on('failed', (job, err) => { o.log(`shard ${job?.data.shard ?? '?'} of scan ${job?.data.scanId ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${errorMessage(err)}`); });
  return {
    name,
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
