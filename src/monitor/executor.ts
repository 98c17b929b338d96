/**
 * @module monitor/executor — runs an organisation's active scan as a child process of the server (the CLI:
 * `scan … --ndjson --db <same db> --scope <org scope> --append-to-scan <id> --exit-with-parent`), so the server
 * never shares fate with a scan. Before anything is started: write access, every target inside the
 * organisation's scope (else GH_ERR_OUT_OF_SCOPE naming it), a valid authorisation (else GH_ERR_NO_AUTHORISATION),
 * no other run of the organisation in progress. The child's ndjson becomes RunEvents; when it exits, the stored
 * scan is ingested (monitor/ingest). Restart recovery is in monitor/recover.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { GatehouseError } from '../errors/index.js';
import { KyselyStore } from '../store/store.js';
import type { Database } from '../store/schema.js';
import type { MonitorCtx } from './context.js';
import { assertWrite, type Principal } from './principal.js';
import { assertInScope, scopeOf } from './repo/scope.js';
import { requireAuthorisation } from './repo/authorisations.js';
import { createRun, updateRun, type Run } from './repo/runs.js';
import { ingestScan, type IngestResult } from './ingest.js';
import { RunEvents } from './run-events.js';

export interface ExecutorOptions {
  /** The CLI entry point (default: dist/cli/main.js of this installation). */
  readonly cliPath?: string;
  /** Stale grace period handed to ingest. */
  readonly graceMs?: number;
  /** Extra `gatehouse scan` options for every run (e.g. timeouts in tests). */
  readonly scanArgs?: readonly string[];
  /**
   * The DNS resolver (`ADDR[:PORT]`) asset discovery asks at the start of each scheduled run; absent: scheduled runs
   * do no discovery (there is no default resolver, and never an outside one).
   */
  readonly resolver?: string | null;
  /** Overall deadline (ms) of that discovery (default 30 s, monitor/discovery/run DEFAULT_DISCOVERY_DEADLINE_MS). */
  readonly discoveryDeadlineMs?: number;
  /** redis:// URL: runs go through the queue as shards on `gatehouse worker`s (the child is `scan --queue`, src/queue). */
  readonly queue?: string;
}

export interface RunContext extends MonitorCtx {
  readonly executor: ExecutorOptions;
  /** Runs this process is executing, by run id. */
  readonly active: Map<number, RunHandle>;
}

/** What a run is asked to do; stored with the run (runs.request, JSON) and read back with this schema to resume it. */
export const RunRequestZ = z.object({
  targets: z.array(z.string()).readonly(),
  /** nmap-style port expression; default the top 1000 TCP ports. */
  ports: z.string().optional(),
  /** Packets per second for this organisation (the schedule's rate). */
  ratePps: z.number().positive().optional(),
  scheduleId: z.number().int().nullable().optional(),
  /** Service detection, TLS and checks (default true). */
  serviceDetection: z.boolean().optional(),
});
export type RunRequest = z.infer<typeof RunRequestZ>;

export interface RunOutcome { readonly run: Run; readonly ingest: IngestResult | null; readonly error: GatehouseError | null }

export interface RunHandle {
  readonly run: Run;
  readonly scanId: number;
  readonly events: RunEvents;
  /** Hosts already stored that this child skips (a resumed run), else 0. */
  readonly skipped: number;
  readonly done: Promise<RunOutcome>;
  /** Stops the scan (it is stored and ingested as interrupted). */
  cancel(): void;
}

export function runContext(m: MonitorCtx, executor: ExecutorOptions = {}): RunContext {
  return { ...m, executor, active: new Map() };
}

/** The CLI next to this module: dist/cli/main.js (also when running from src/ under a test runner). */
export function defaultCliPath(): string {
  const near = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return existsSync(near) ? near : fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
}

/** Validates and starts an active run; resolves once the child is spawned (follow `events`, await `done`). */
export async function startRun(ctx: RunContext, p: Principal, orgId: number, req: RunRequest): Promise<RunHandle> {
  assertWrite(p, orgId);
  const scope = await scopeOf(ctx, p, orgId);
  assertInScope(orgId, scope, req.targets);
  await requireAuthorisation(ctx, p, orgId);
  const running = await ctx.db.selectFrom('runs').select('id').where('org_id', '=', orgId).where('status', '=', 'running').executeTakeFirst();
  if (running) { throw new GatehouseError('GH_ERR_CONFLICT', `organisation ${orgId} already has run ${running.id} in progress`); }
  const ports = req.ports ?? 'top-1000';
  const store = new KyselyStore(ctx.db as unknown as Kysely<Database>);
  const scanId = await store.beginScan({ started: ctx.now().toISOString(), finished: null, targets: [...req.targets], ports });
  const run = await createRun(ctx, p, orgId, {
    kind: 'active', basis: 'active', targets: req.targets, ports, scanId, scheduleId: req.scheduleId ?? null,
    request: { ...req, targets: [...req.targets] },
  });
  return launch(ctx, p, run, scope, req, scanId, []);
}

/** Spawns the scan child for `run` (also used to resume a run for the hosts not yet stored). */
export async function launch(ctx: RunContext, p: Principal, run: Run, scope: readonly string[], req: RunRequest, scanId: number, skipHosts: readonly string[]): Promise<RunHandle> {
  const tmp = mkdtempSync(join(tmpdir(), 'gh-run-'));
  const args = [ctx.executor.cliPath ?? defaultCliPath(), 'scan', ...req.targets, '--ndjson', '--no-progress', '-q',
    '--db', ctx.dbUrl, '--scope', scope.join(','), '--append-to-scan', String(scanId), '--exit-with-parent',
    ...(req.ports !== undefined && req.ports !== 'top-1000' ? ['-p', req.ports] : []),
    ...(req.ratePps !== undefined ? ['--rate', String(req.ratePps)] : []),
    ...(req.serviceDetection === false ? ['--no-service-detection'] : []),
    ...(ctx.executor.queue !== undefined ? ['--queue', ctx.executor.queue] : []),
    ...(ctx.executor.scanArgs ?? [])];
  if (skipHosts.length > 0) {
    writeFileSync(join(tmp, 'done.txt'), skipHosts.join('\n') + '\n');
    args.push('--exclude-file', join(tmp, 'done.txt'));
  }
  const events = new RunEvents();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GATEHOUSE_DB: ctx.dbUrl } });
  await updateRun(ctx, p, run.orgId, run.id, { pid: child.pid ?? null, scan_id: scanId });
  events.emit({ type: 'started', runId: run.id, scanId, pid: child.pid ?? null, targets: req.targets });
  let hostsDone = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = parseLine(line);
    if (e?.type === 'port') { events.emit({ type: 'port', runId: run.id, host: e.address, port: e.port, protocol: e.protocol, state: e.state, service: e.service?.name ?? 'unknown' }); }
    if (e?.type === 'host') { hostsDone++; events.emit({ type: 'host', runId: run.id, host: e.address, state: e.state, openPorts: e.counts?.open ?? 0, hostsDone }); }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const done = new Promise<RunOutcome>((resolve) => {
    child.on('close', (code, signal) => {
      rmSync(tmp, { recursive: true, force: true });
      void finish(ctx, p, run, scanId, code, signal, stderr, hostsDone, events).then(resolve);
    });
  });
  const handle: RunHandle = { run, scanId, events, skipped: skipHosts.length, done, cancel: () => { child.kill('SIGTERM'); } };
  ctx.active.set(run.id, handle);
  void done.then(() => ctx.active.delete(run.id));
  return handle;
}

interface NdjsonLine { type?: string; address: string; port: number; protocol: string; state: string; service?: { name?: string }; counts?: { open?: number } }

function parseLine(line: string): NdjsonLine | null {
  try { return JSON.parse(line) as NdjsonLine; } catch (err) {
    if (err instanceof SyntaxError) { return null; } // a non-JSON line on stdout is not an event
    throw err;
  }
}

/** Exit 0 (done) or 130 (interrupted), or killed by a signal: ingest what was stored. Anything else: the run failed. */
async function finish(ctx: RunContext, p: Principal, run: Run, scanId: number, code: number | null, signal: NodeJS.Signals | null,
  stderr: string, hostsDone: number, events: RunEvents): Promise<RunOutcome> {
  try {
    if (code === 0 || code === 130 || signal !== null) {
      const ingest = await ingestScan(ctx, p, run.orgId, scanId, { runId: run.id, kind: 'active', ...(ctx.executor.graceMs !== undefined ? { graceMs: ctx.executor.graceMs } : {}) });
      events.emit({ type: 'finished', runId: run.id, status: ingest.run.status === 'finished' ? 'finished' : 'interrupted', score: ingest.grade.score, letter: ingest.grade.letter, hostsDone });
      return { run: ingest.run, ingest, error: null };
    }
    const last = stderr.trim().split('\n').at(-1) ?? '';
    // eslint-disable-next-line no-control-regex
    const message = (last || `scan exited with code ${code}`).replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 300);
    throw new GatehouseError('GH_ERR_RUN_FAILED', message);
  } catch (err) {
    const e = err instanceof GatehouseError ? err : new GatehouseError('GH_ERR_RUN_FAILED', (err as Error).message.slice(0, 300), { cause: err });
    await updateRun(ctx, p, run.orgId, run.id, { status: 'failed', error: `${e.code}: ${e.message}`, finished_at: ctx.now().toISOString() });
    events.emit({ type: 'failed', runId: run.id, code: e.code, message: e.message });
    return { run: { ...run, status: 'failed', error: e.message }, ingest: null, error: e };
  }
}
