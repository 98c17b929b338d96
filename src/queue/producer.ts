/**
 * @module queue/producer — the `gatehouse scan --queue` side: cuts the scan into shards (queue/shards.ts), records
 * them in PostgreSQL (status `queued`), enqueues one BullMQ job per shard, then follows the scan until every shard
 * is done or failed. PostgreSQL is the truth (a shard is done when its transaction committed); QueueEvents only
 * wake the follower early, so a Redis restart or lost events cost latency, never results. A host block is handed
 * to `onHost` once all its port blocks are in (merged, queue/merge.ts). Shards that BullMQ gave up on (attempts
 * spent, stalled too often) are marked failed and returned, never dropped.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Kysely } from 'kysely';
import type { HostResult } from '../core/types.js';
import { errorMessage } from '../errors/record.js';
import { bullConnection, QUEUE_NAME, type QueueConfig } from './connection.js';
import { jobId, SHARD_ATTEMPTS, SHARD_BACKOFF_MS, type ShardJob, type ShardScanOptions } from './jobs.js';
import { mergeHosts } from './merge.js';
import { markShardFailed, withPgRetry } from './results.js';
import { hostRanges, planShards, portList, type Shard } from './shards.js';
import type { ShardDatabase } from './tables.js';

export interface DistributedScan {
  readonly scanId: number;
  readonly hosts: readonly string[];
  readonly ports: readonly number[];
  readonly ratePps: number;
  readonly probesPerShard: number;
  readonly options: ShardScanOptions;
}

export interface FailedShard { readonly shard: string; readonly hosts: readonly string[]; readonly ports: string; readonly error: string }

export interface ShardTimings {
  readonly shards: number;
  readonly probesPerShard: number;
  /** Mean time a shard waited in the queue before a worker started it (ms). */
  readonly meanWaitMs: number;
  /** Mean time a worker spent scanning a shard (ms). */
  readonly meanScanMs: number;
  /** Mean time of a shard's PostgreSQL transaction (ms). */
  readonly meanWriteMs: number;
}

export interface ProducerResult { readonly failed: readonly FailedShard[]; readonly interrupted: boolean; readonly timings: ShardTimings }

export interface ProducerProgress { probesDone: number; probesTotal: number; shardsDone: number; shardsTotal: number }

type ShardQueue = Queue<ShardJob, unknown, string, ShardJob, unknown, string>;

interface ShardJobSpec {
  readonly name: string;
  readonly data: ShardJob;
  readonly opts: { jobId: string; attempts: number; backoff: { type: 'exponential'; delay: number }; removeOnComplete: boolean; removeOnFail: { age: number } };
}

const POLL_MS = 250;
/** Pending shards whose job is looked up in Redis per check (bounds the check's cost on huge scans). */
const LOST_CHECK = 200;
const FAILED_CHECK_MS = 2000;

export class ShardProducer {
  private readonly counts: ProducerProgress = { probesDone: 0, probesTotal: 0, shardsDone: 0, shardsTotal: 0 };
  constructor(private readonly cfg: QueueConfig, private readonly db: Kysely<ShardDatabase>, private readonly log: (line: string) => void) {}

  progress(): Readonly<ProducerProgress> { return this.counts; }

  async run(scan: DistributedScan, onHost: (h: HostResult) => void, signal: AbortSignal): Promise<ProducerResult> {
    const plan = planShards(scan.hosts, scan.ports, scan.probesPerShard);
    const byId = new Map(plan.shards.map((s) => [s.id, s]));
    this.counts.shardsTotal = plan.shards.length;
    this.counts.probesTotal = scan.hosts.length * scan.ports.length;
    await this.record(scan.scanId, plan.shards);
    const queue = new Queue<ShardJob, unknown, string, ShardJob, unknown, string>(QUEUE_NAME, { connection: bullConnection(this.cfg) });
    const events = new QueueEvents(QUEUE_NAME, { connection: bullConnection(this.cfg), blockingTimeout: 1000 });
    queue.on('error', (err) => this.log(`queue: ${errorMessage(err)}`));
    events.on('error', (err) => this.log(`queue events: ${errorMessage(err)}`));
    let wake: () => void = () => undefined;
    const onAbort = (): void => wake();
    signal.addEventListener('abort', onAbort, { once: true });
    const prefix = jobId(scan.scanId, '');
    const nudge = ({ jobId: id }: { jobId: string }): void => { if (id.startsWith(prefix)) { wake(); } };
    events.on('completed', nudge);
    events.on('failed', nudge);
    try {
      const enqueuedAt = Date.now();
      const specs = new Map(plan.shards.map((s): [string, ShardJobSpec] => [s.id, {
        name: 'shard',
        data: {
          scanId: scan.scanId, shard: s.id, hostBlock: s.hostBlock, portBlock: s.portBlock, portBlocks: plan.portBlocks,
          hostRanges: hostRanges(s.hosts), ports: portList(s.ports), probes: s.hosts.length * s.ports.length, ratePps: scan.ratePps, options: scan.options, enqueuedAt,
        },
        opts: { jobId: jobId(scan.scanId, s.id), attempts: SHARD_ATTEMPTS, backoff: { type: 'exponential', delay: SHARD_BACKOFF_MS }, removeOnComplete: true, removeOnFail: { age: 86_400 } },
      }]));
      await queue.addBulk([...specs.values()]);
      const pendingBlocks = new Map<number, number>(); // host block → port blocks not yet finished
      for (const s of plan.shards) { pendingBlocks.set(s.hostBlock, (pendingBlocks.get(s.hostBlock) ?? 0) + 1); }
      const seen = new Set<string>();
      const failed: FailedShard[] = [];
      let lastFailedCheck = 0;
      while (seen.size < plan.shards.length && !signal.aborted) {
        const finished = await withPgRetry(() => this.db.selectFrom('scan_shards').select(['shard', 'status', 'error'])
          .where('scan_id', '=', scan.scanId).where('status', '<>', 'queued').execute(), { onRetry: (err) => this.log(`PostgreSQL connection lost (${errorMessage(err)}); retrying`) });
        const fresh = finished.filter((r) => !seen.has(r.shard));
        const ready: Shard[] = [];
        for (const r of fresh) {
          seen.add(r.shard);
          const s = byId.get(r.shard);
          if (s === undefined) { continue; }
          this.counts.shardsDone++;
          this.counts.probesDone += s.hosts.length * s.ports.length;
          if (r.status === 'failed') { failed.push({ shard: s.id, hosts: s.hosts, ports: portList(s.ports), error: r.error ?? 'failed' }); }
          const left = (pendingBlocks.get(s.hostBlock) ?? 1) - 1;
          pendingBlocks.set(s.hostBlock, left);
          if (left === 0) { ready.push(...plan.shards.filter((x) => x.hostBlock === s.hostBlock)); }
        }
        if (ready.length > 0) { await this.emit(scan.scanId, ready, new Set(failed.map((f) => f.shard)), onHost); }
        if (Date.now() - lastFailedCheck >= FAILED_CHECK_MS) { lastFailedCheck = Date.now(); await this.collectGivenUp(queue, scan.scanId, seen, specs); }
        if (seen.size < plan.shards.length) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, POLL_MS);
            wake = () => { clearTimeout(t); resolve(); };
          });
        }
      }
      if (signal.aborted) { await this.withdraw(queue, scan.scanId, plan.shards.filter((s) => !seen.has(s.id))); }
      return { failed, interrupted: signal.aborted, timings: await this.timings(scan.scanId, plan.probesPerShard) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      await events.close();
      await queue.close();
    }
  }

  /** The shard rows, `queued` (a re-run of the same scan id keeps the rows it has). */
  private async record(scanId: number, shards: readonly Shard[]): Promise<void> {
    const now = new Date().toISOString();
    const rows = shards.map((s) => ({
      scan_id: scanId, shard: s.id, host_block: s.hostBlock, port_block: s.portBlock, hosts: s.hosts.length,
      probes: s.hosts.length * s.ports.length, status: 'queued' as const, attempts: 0, queued_at: now,
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await withPgRetry(() => this.db.insertInto('scan_shards').values(chunk).onConflict((oc) => oc.columns(['scan_id', 'shard']).doNothing()).execute());
    }
  }

  /**
   * Reads the hosts of finished host blocks, merges each host's port blocks, hands them on. A host of a done shard
   * with no row was down (workers write up hosts only): it is listed as down, as the single-process scan lists it.
   */
  private async emit(scanId: number, shards: readonly Shard[], failedShards: ReadonlySet<string>, onHost: (h: HostResult) => void): Promise<void> {
    const rows = await withPgRetry(() => this.db.selectFrom('shard_hosts').select(['address', 'document'])
      .where('scan_id', '=', scanId).where('shard', 'in', shards.map((s) => s.id)).execute());
    const byAddress = new Map<string, HostResult[]>();
    for (const r of rows) {
      const list = byAddress.get(r.address) ?? [];
      list.push(JSON.parse(r.document) as HostResult);
      byAddress.set(r.address, list);
    }
    for (const parts of byAddress.values()) { onHost(mergeHosts(parts)); }
    const down = new Set<string>();
    for (const s of shards) {
      if (failedShards.has(s.id)) { continue; }
      for (const address of s.hosts) { if (!byAddress.has(address)) { down.add(address); } }
    }
    for (const address of down) { onHost(downHost(address)); }
  }

  /**
   * Jobs BullMQ moved to `failed` (attempts spent, or stalled too often) whose shard is still `queued`: marked failed.
   * Shards still `queued` whose job Redis no longer knows (a Redis that lost writes in a crash) are enqueued again.
   */
  private async collectGivenUp(queue: ShardQueue, scanId: number, seen: ReadonlySet<string>, jobs: ReadonlyMap<string, ShardJobSpec>): Promise<void> {
    for (const j of await queue.getFailed(0, 999)) {
      if (j.data.scanId !== scanId || seen.has(j.data.shard)) { continue; }
      await withPgRetry(() => markShardFailed(this.db, scanId, j.data.shard, j.attemptsMade, new Error(j.failedReason || 'failed')));
    }
    let checked = 0;
    for (const [shard, spec] of jobs) {
      if (seen.has(shard) || checked++ >= LOST_CHECK) { continue; }
      if (await queue.getJobState(spec.opts.jobId) === 'unknown' && await this.stillQueued(scanId, shard)) {
        this.log(`shard ${shard}: its job is gone from Redis; enqueued again`);
        await queue.add(spec.name, spec.data, spec.opts);
      }
    }
  }

  /** Completed jobs are removed from Redis: only a shard PostgreSQL still has `queued` lost its job. */
  private async stillQueued(scanId: number, shard: string): Promise<boolean> {
    const row = await withPgRetry(() => this.db.selectFrom('scan_shards').select('status').where('scan_id', '=', scanId).where('shard', '=', shard).executeTakeFirst());
    return row?.status === 'queued';
  }

  /** Interrupted: shards not yet started are taken back out of the queue. */
  private async withdraw(queue: ShardQueue, scanId: number, shards: readonly Shard[]): Promise<void> {
    for (const s of shards) {
      await queue.remove(jobId(scanId, s.id)).catch((err: unknown) => this.log(`cannot withdraw shard ${s.id}: ${errorMessage(err)}`));
    }
  }

  private async timings(scanId: number, probesPerShard: number): Promise<ShardTimings> {
    const rows = await withPgRetry(() => this.db.selectFrom('scan_shards').select(['queued_at', 'started_at', 'scan_ms', 'write_ms'])
      .where('scan_id', '=', scanId).where('status', '=', 'done').execute());
    const mean = (xs: number[]): number => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      shards: rows.length,
      probesPerShard,
      meanWaitMs: mean(rows.filter((r) => r.started_at !== null).map((r) => Date.parse(r.started_at ?? '') - Date.parse(r.queued_at))),
      meanScanMs: mean(rows.map((r) => r.scan_ms ?? 0)),
      meanWriteMs: mean(rows.map((r) => r.write_ms ?? 0)),
    };
  }
}

/** A host a worker found down and did not write: what the engine reports for it (reason: no answer to discovery). */
export function downHost(address: string): HostResult {
  return { address, hostnames: [], state: 'down', reason: 'no-response', ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 } };
}
