/**
 * @module server/serve — a running server: opens and migrates the store, creates the first admin when there is
 * none, recovers runs a previous process left running (marked interrupted, resumed for the hosts not yet stored),
 * builds the app with every resource plugin, listens, ticks the scheduler and the alert dispatcher, and closes
 * cleanly (background jobs, running scans — stored and ingested as interrupted —, HTTP, then the store).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { openMonitor } from '../monitor/context.js';
import { runContext, startRun, type ExecutorOptions, type RunHandle, type RunOutcome } from '../monitor/executor.js';
import { recoverRuns } from '../monitor/recover.js';
import { runDueSchedules } from '../monitor/scheduler.js';
import { dispatchAlerts } from '../monitor/alerts/dispatch.js';
import { buildApp } from './app.js';
import { DEFAULT_WEB_ROOT, isBuilt } from './static.js';
import { AuthRepo, type Clock } from './auth/repo.js';
import type { AuthDatabase } from './auth/tables.js';
import { ensureFirstAdmin } from './bootstrap.js';
import type { ServerDeps } from './context.js';
import { RESOURCES, type PlatformDeps } from './resources/index.js';
import { Ticker } from './ticker.js';
import { RunCache } from './resources/run-cache.js';
import { ArtifactRunner } from './artifacts/runner.js';
import type { ArtifactSpec } from '../monitor/dashboard/run-artifacts.js';
import { previousRun } from '../monitor/repo/runs.js';
import { SYSTEM_PRINCIPAL } from '../monitor/principal.js';
import { PLAN_STEPS } from './resources/scans.js';

export interface ServeOptions {
  readonly db: string;
  readonly host: string;
  readonly port: number;
  readonly logger: FastifyBaseLogger;
  readonly clock?: Clock;
  readonly secureCookies?: boolean | 'auto';
  /** How often due alerts are evaluated and delivered (default 15 s). */
  readonly alertIntervalMs?: number;
  /** How often due schedules are started (default 30 s). */
  readonly scheduleIntervalMs?: number;
  readonly executor?: ExecutorOptions;
  /** DNS resolver `ADDR[:PORT]` for asset discovery (API and scheduled runs); absent: discovery is refused. */
  readonly resolver?: string | null;
  /** The built dashboard to serve at / (default dist/web; null: the API only). */
  readonly webRoot?: string | null;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** The first admin's one-time password, when this start created it. */
  readonly firstAdminPassword: string | null;
  readonly deps: PlatformDeps;
  /** Whether the built dashboard is served at / (false: not built, or webRoot null). */
  readonly dashboard: boolean;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const clock = opts.clock ?? (() => new Date());
  const opened = await openMonitor(opts.db, { poolSize: 10, now: clock });
  try {
    const auth = new AuthRepo(opened.db as unknown as Kysely<AuthDatabase>, clock);
    const firstAdminPassword = await ensureFirstAdmin(auth);
    const base: ServerDeps = {
      auth, clock, logger: opts.logger, secureCookies: opts.secureCookies ?? 'auto', bodyLimit: 1024 * 1024, loginRateLimit: 10,
    };
    const resolver = opts.resolver ?? opts.executor?.resolver ?? null;
    const rc = runContext(opened, { ...opts.executor, resolver });
    const log = opts.logger;
    const recovery = await recoverRuns(rc);
    if (recovery.interrupted.length > 0) {
      log.warn({ interrupted: recovery.interrupted.map((r) => r.id), resumed: recovery.resumed.map((h) => h.run.id), closed: recovery.closed.map((c) => ({ run: c.run.id, reason: c.reason })) }, 'runs left running by a previous process recovered');
    }
    const artifacts = new ArtifactRunner(opened, opened.store, log);
    // A run this server executes: once ingested, its grade, explanation and plan are computed in the worker thread
    // before anyone asks (the dashboard's first load after the scan finds them stored).
    const afterIngest = (h: RunHandle): void => {
      // A run that fails is recorded and logged by the executor (its outcome carries no ingest): nothing to compute.
      void h.done.then((o) => precompute(o).catch((err: unknown) => { log.error({ err, run: h.run.id }, 'computing the run artifacts after ingest failed'); }), () => undefined);
    };
    const precompute = async (outcome: RunOutcome): Promise<void> => {
      const run = outcome.ingest?.run;
      if (run === undefined || run.scanId === null) { return; }
      const base = { runId: run.id, orgId: run.orgId, scanId: run.scanId };
      const previous = await previousRun(opened, SYSTEM_PRINCIPAL, run.orgId, run.id);
      const specs: ArtifactSpec[] = [{ what: 'plan', depth: PLAN_STEPS }, { what: 'explain' }, ...(previous !== null ? [{ what: 'diff' as const, from: previous.id }] : [])];
      await Promise.all(specs.map((spec) => artifacts.run({ ...base, ...spec })));
    };
    const alerts = new Ticker(opts.alertIntervalMs ?? 15_000, async () => { await dispatchAlerts(opened); }, log, 'alerts');
    const schedules = new Ticker(opts.scheduleIntervalMs ?? 30_000, async () => {
      const tick = await runDueSchedules(rc);
      for (const h of tick.started) { afterIngest(h); }
      for (const s of tick.skipped) { log.warn(s, 'scheduled run not started'); }
      for (const d of tick.discovery) {
        if (d.report === null) { log.warn({ orgId: d.orgId, code: d.code, message: d.message }, 'discovery before a scheduled run failed'); }
        else { log.info({ orgId: d.orgId, discovered: d.report.discovered.length, notes: d.report.notes.length, queries: d.report.queries, cutShort: d.report.cutShort }, 'discovery before a scheduled run'); }
      }
    }, log, 'schedules');
    const deps: PlatformDeps = {
      ...base, monitor: opened, store: opened.store, resolver,
      launcher: {
        start: async (p, orgId, req) => {
          const h = await startRun(rc, p, orgId, { targets: req.targets, ports: req.ports, ...(req.ratePps !== undefined ? { ratePps: req.ratePps } : {}) });
          afterIngest(h);
          return h.run;
        },
      },
      liveEvents: (runId) => rc.active.get(runId)?.events ?? null, runCache: new RunCache(), artifacts,
    };
    const webRoot = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
    const app = await buildApp(deps, RESOURCES, { webRoot });
    await app.listen({ host: opts.host, port: opts.port });
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    alerts.start();
    schedules.start();
    return {
      app, url: `http://${host}:${addr.port}`, firstAdminPassword, deps, dashboard: webRoot !== null && isBuilt(webRoot),
      async close() {
        await schedules.stop();
        await alerts.stop();
        const running = [...rc.active.values()];
        for (const h of running) { h.cancel(); }
        await Promise.all(running.map((h) => h.done.catch((err: unknown) => { log.error({ err, run: h.run.id }, 'run did not close cleanly'); })));
        await app.close();
        await artifacts.close();
        await opened.close();
      },
    };
  } catch (err) {
    await opened.close();
    throw err;
  }
}
