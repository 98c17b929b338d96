/**
 * @module server/artifacts/runner — computes stored runs' grade, explanation and plan (monitor/dashboard/run-artifacts)
 * without blocking the server's one thread: jobs go to one worker thread (./worker.js) that opens the same database,
 * one at a time, cheapest kind first (diff, plan, explanation); a request for a job already queued or running shares it. When the worker cannot run — the
 * sources run untranspiled (tests) or the database is in memory — the job runs in this thread instead (`mode`).
 * Results are in the store (`run_artifacts`), so another server process, or this one after a restart, reads them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { MonitorCtx } from '../../monitor/context.js';
import { ScanDocuments, computeRunArtifacts, type ArtifactJob } from '../../monitor/dashboard/run-artifacts.js';
import type { Store } from '../../store/store.js';
import { GatehouseError } from '../../errors/index.js';
import { errorMessage } from '../../errors/record.js';

/** `keep`: another job of the same scan is queued (the worker keeps its document loaded; else it lets it go). */
export interface ArtifactRequest { readonly id: number; readonly job: ArtifactJob; readonly keep: boolean }
export type ArtifactReply =
  | { readonly id: number; readonly ok: true; readonly rows: number; readonly cpuMs: number }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };

// In the CLI bundle (scripts/bundle-cli.mjs) this module is in a chunk of dist/bundle/, where ./worker.js is the
// engine's scan worker (it would exit without answering): the bundle has this worker as ./artifacts-worker.js.
const WORKER_URL = [new URL('./artifacts-worker.js', import.meta.url), new URL('./worker.js', import.meta.url)]
  .find((u) => existsSync(fileURLToPath(u))) ?? new URL('./worker.js', import.meta.url);

/** Cheapest first: a diff (~1 s at 10,000 hosts) never waits behind a plan, a plan never behind an explanation. */
const PRIORITY: Record<ArtifactJob['what'], number> = { diff: 0, plan: 1, explain: 2 };

const keyOf = (job: ArtifactJob): string =>
  `${job.runId}:${job.what}:${job.what === 'plan' ? job.depth : job.what === 'diff' ? job.from : ''}`;

interface Queued { readonly job: ArtifactJob; readonly resolve: () => void; readonly reject: (e: unknown) => void }

export class ArtifactRunner {
  /** 'worker': jobs run in a worker thread; 'inline': in this thread (no compiled worker, or an in-memory database). */
  readonly mode: 'worker' | 'inline';
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ArtifactReply) => void; reject: (e: Error) => void }>();
  private readonly jobs = new Map<string, Promise<void>>();
  private readonly queue: Queued[] = [];
  private busy = false;
  private closed = false;
  private readonly docs = new ScanDocuments();
  /** Jobs run (not shared), for tests and the bench. */
  computed = 0;

  constructor(private readonly ctx: MonitorCtx, private readonly store: Store, private readonly log: FastifyBaseLogger, private readonly workerUrl: URL | null = WORKER_URL) {
    const usable = workerUrl !== null && workerUrl.pathname.endsWith('.js') && existsSync(fileURLToPath(workerUrl)) && ctx.dbUrl !== '' && !/^(:memory:|file::memory:)/.test(ctx.dbUrl);
    this.mode = usable ? 'worker' : 'inline';
  }

  /** Computes what `job` asks (unless stored: the job checks first); concurrent callers of the same job share it. */
  run(job: ArtifactJob): Promise<void> {
    const key = keyOf(job);
    const running = this.jobs.get(key);
    if (running !== undefined) { return running; }
    const p = new Promise<void>((resolve, reject) => {
      const at = this.queue.findIndex((q) => PRIORITY[q.job.what] > PRIORITY[job.what]);
      this.queue.splice(at < 0 ? this.queue.length : at, 0, { job, resolve, reject });
    });
    this.jobs.set(key, p);
    const forget = (): void => { if (this.jobs.get(key) === p) { this.jobs.delete(key); } };
    p.then(forget, forget);
    this.pump();
    return p;
  }

  private pump(): void {
    if (this.busy) { return; }
    const next = this.queue.shift();
    if (next === undefined) { this.docs.clear(); return; }
    this.busy = true;
    this.execute(next.job).then(next.resolve, next.reject).finally(() => { this.busy = false; this.pump(); });
  }

  private async execute(job: ArtifactJob): Promise<void> {
    if (this.closed) { throw new GatehouseError('GH_ERR_INTERNAL', 'the server is closing'); }
    this.computed++;
    const t0 = Date.now();
    if (this.mode === 'inline') {
      await computeRunArtifacts(this.ctx, this.store, job, this.docs);
      this.log.info({ run: job.runId, what: job.what, ms: Date.now() - t0, mode: this.mode }, 'run artifacts computed');
      return;
    }
    const reply = await this.post(job);
    if (!reply.ok) {
      // A missing run or scan stays what it is (the change timeline shows a run without its diff); anything else is ours.
      const code = reply.code === 'GH_ERR_NOT_FOUND' ? 'GH_ERR_NOT_FOUND' : 'GH_ERR_INTERNAL';
      throw new GatehouseError(code, `computing the ${job.what} of run ${job.runId}: ${reply.code}: ${reply.message}`);
    }
    this.log.info({ run: job.runId, what: job.what, ms: Date.now() - t0, cpuMs: reply.cpuMs, rows: reply.rows, mode: this.mode }, 'run artifacts computed');
  }

  private post(job: ArtifactJob): Promise<ArtifactReply> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, job, keep: this.queue.some((q) => q.job.scanId === job.scanId) } satisfies ArtifactRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) { return this.worker; }
    if (this.workerUrl === null) { throw new GatehouseError('GH_ERR_INTERNAL', 'no worker to compute run artifacts'); }
    const w = new Worker(this.workerUrl, { workerData: { dbUrl: this.ctx.dbUrl } });
    w.unref(); // an idle worker never keeps the process alive
    w.on('message', (r: ArtifactReply) => {
      const p = this.pending.get(r.id);
      if (p !== undefined) { this.pending.delete(r.id); p.resolve(r); }
    });
    const fail = (err: Error): void => {
      if (this.worker === w) { this.worker = null; }
      for (const p of this.pending.values()) { p.reject(err); }
      this.pending.clear();
    };
    w.on('error', (err) => {
      this.log.error({ err }, 'run-artifacts worker failed');
      fail(new GatehouseError('GH_ERR_INTERNAL', `the run-artifacts worker failed: ${errorMessage(err)}`, { cause: err }));
    });
    w.on('exit', (code) => { fail(new GatehouseError('GH_ERR_INTERNAL', `the run-artifacts worker exited (${code})`)); });
    this.worker = w;
    return w;
  }

  /** Stops the worker; jobs still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) { q.reject(new GatehouseError('GH_ERR_INTERNAL', 'the server is closing')); }
    const w = this.worker;
    this.worker = null;
    if (w !== null) { await w.terminate(); }
  }
}
