/**
 * @module cli/worker — `gatehouse worker --queue redis://… --db postgres://… [--concurrency N]`: a shard worker
 * (src/queue/worker.ts) whose shards run through the very pipeline `gatehouse scan` runs (runScan, in-process, its
 * --json output captured), one engine thread per shard, its probes drawn from the scan's shared rate bucket.
 * Stops on SIGTERM/SIGINT after the shards it holds are finished or handed back.
 */
import { Writable } from 'node:stream';
import type { HostResult } from '../core/types.js';
import type { RateGate } from '../engine/rate.js';
import { GatehouseError } from '../errors/index.js';
import { errorMessage } from '../errors/record.js';
import { safeLine } from '../core/quote.js';
import type { ShardJob } from '../queue/jobs.js';
import { expandHostRanges } from '../queue/shards.js';
import type { ShardDatabase } from '../queue/tables.js';
import { intOption } from './argv.js';
import type { CliIO } from './commands/io.js';
import type { RawScanOptions } from './scan.js';
import { queueDbUrl } from './queued-scan.js';

export interface RawWorkerOptions {
  queue: string;
  db?: string;
  concurrency?: string;
  lockMs?: string;      // hidden: BullMQ job lock (tests shorten it so a killed worker's shard is re-run sooner)
}

/** Runs a worker until SIGTERM/SIGINT; returns the exit code. */
export async function runWorker(raw: RawWorkerOptions, io: CliIO): Promise<number> {
  const { parseQueueUrl } = await import('../queue/connection.js');
  const cfg = parseQueueUrl(raw.queue);
  const url = queueDbUrl(raw.db, io.env);
  const concurrency = raw.concurrency !== undefined ? intOption('--concurrency', raw.concurrency, 1, 256) : 1;
  const log = (line: string): void => { io.stderr.write(`gatehouse worker: ${safeLine(line)}\n`); };
  const { openPostgresDb } = await import('../store/postgres.js');
  const db = await openPostgresDb(url, { poolSize: Math.max(2, concurrency + 1), onPoolError: (err) => log(`PostgreSQL connection lost (idle): ${errorMessage(err)}`) });
  const { startShardWorker } = await import('../queue/worker.js');
  const worker = startShardWorker({
    queue: cfg, db: db as unknown as import('kysely').Kysely<ShardDatabase>, concurrency, log,
    runShard: (job, gate) => runShard(job, gate, io.env, log),
    ...(raw.lockMs !== undefined ? { lockMs: intOption('--lock-ms', raw.lockMs, 500, 600_000) } : {}),
  });
  log(`ready: ${worker.name}, ${concurrency} shard(s) at a time`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log('stopping: finishing the shards in hand');
  await worker.close();
  await db.destroy();
  return 0;
}

/** One shard through `gatehouse scan`'s pipeline, in this process, its --json document captured. */
export async function runShard(job: ShardJob, gate: RateGate | undefined, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<HostResult[]> {
  const { runScan } = await import('./scan.js');
  const o = job.options;
  const raw: RawScanOptions = {
    ports: job.ports, ping: o.ping, progress: false, quiet: true, json: true, store: false,
    serviceDetection: o.serviceDetection, tls: o.tls, checks: o.checks, selfScan: o.selfScan, allStates: o.allStates,
    threads: '1', // one engine thread per shard: the shared rate gate lives in this thread
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(o.minRttTimeout !== undefined ? { minRttTimeout: o.minRttTimeout } : {}),
    ...(o.maxConcurrency !== undefined ? { maxConcurrency: o.maxConcurrency } : {}),
    ...(o.serviceTimeout !== undefined ? { serviceTimeout: o.serviceTimeout } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
    ...(job.ratePps > 0 ? { rate: String(job.ratePps) } : {}),
    ...(gate !== undefined ? { rateGate: gate } : {}),
  };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]): Writable => new Writable({ write(chunk: Buffer, _enc, cb) { into.push(Buffer.from(chunk)); cb(); } });
  const { GATEHOUSE_DB: _db, ...rest } = env;
  const code = await runScan(expandHostRanges(job.hostRanges), raw, { stdout: sink(out), stderr: sink(err), env: rest, argv: [] });
  const stderr = Buffer.concat(err).toString('utf8').trim();
  if (stderr !== '') { log(`shard ${job.shard}: ${stderr.split('\n').slice(-3).join(' | ')}`); }
  if (code !== 0) { throw new GatehouseError('GH_ERR_QUEUE', `shard ${job.shard} of scan ${job.scanId}: the scan exited with ${code}${stderr !== '' ? ` (${stderr.split('\n').at(-1) ?? ''})` : ''}`); }
  const doc = JSON.parse(Buffer.concat(out).toString('utf8')) as { hosts: HostResult[] };
  return doc.hosts;
}
