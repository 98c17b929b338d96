/**
 * @module server/serve — a running server: opens and migrates the store, creates the first admin when there is
 * none, builds the app with every resource plugin, listens, and closes cleanly (HTTP first, then the store).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { openMonitor } from '../monitor/context.js';
import { buildApp } from './app.js';
import { AuthRepo, type Clock } from './auth/repo.js';
import type { AuthDatabase } from './auth/tables.js';
import { ensureFirstAdmin } from './bootstrap.js';
import type { ServerDeps } from './context.js';
import { RESOURCES, type PlatformDeps } from './resources/index.js';
import { dispatchAlerts } from '../monitor/alerts/dispatch.js';
import { Ticker } from './ticker.js';

export interface ServeOptions {
  readonly db: string;
  readonly host: string;
  readonly port: number;
  readonly logger: FastifyBaseLogger;
  readonly clock?: Clock;
  readonly secureCookies?: boolean | 'auto';
  /** How often due alerts are evaluated and delivered (default 15 s). */
  readonly alertIntervalMs?: number;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** The first admin's one-time password, when this start created it. */
  readonly firstAdminPassword: string | null;
  readonly deps: PlatformDeps;
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
    const alerts = new Ticker(opts.alertIntervalMs ?? 15_000, async () => { await dispatchAlerts(opened); }, opts.logger, 'alerts');
    const deps: PlatformDeps = {
      ...base, monitor: opened, store: opened.store, launcher: null,
      async resumeInterrupted() { alerts.start(); },
      async stop() { await alerts.stop(); },
    };
    const app = await buildApp(deps, RESOURCES);
    await app.listen({ host: opts.host, port: opts.port });
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    await deps.resumeInterrupted();
    return {
      app, url: `http://${host}:${addr.port}`, firstAdminPassword, deps,
      async close() { await deps.stop(); await app.close(); await opened.close(); },
    };
  } catch (err) {
    await opened.close();
    throw err;
  }
}
