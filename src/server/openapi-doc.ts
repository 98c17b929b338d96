/**
 * @module server/openapi-doc — the served OpenAPI 3.1 document, built in memory (an in-memory SQLite store, no
 * listening socket): what scripts/gen-api-types.mjs turns into the dashboard's API types, and what the staleness
 * test compares them against.
 */
import type { Kysely } from 'kysely';
import pino from 'pino';
import { openMonitor } from '../monitor/context.js';
import { buildApp } from './app.js';
import { AuthRepo } from './auth/repo.js';
import type { AuthDatabase } from './auth/tables.js';
import { RESOURCES, type PlatformDeps } from './resources/index.js';

export async function openApiDocument(): Promise<unknown> {
  const opened = await openMonitor(':memory:');
  try {
    const clock = (): Date => new Date(0);
    const auth = new AuthRepo(opened.db as unknown as Kysely<AuthDatabase>, clock);
    const deps: PlatformDeps = {
      auth, clock, logger: pino({ level: 'silent' }), secureCookies: 'auto', bodyLimit: 1024 * 1024, loginRateLimit: 10,
      monitor: opened, store: opened.store, launcher: null, liveEvents: () => null,
    };
    const app = await buildApp(deps, RESOURCES);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      return res.json<unknown>();
    } finally {
      await app.close();
    }
  } finally {
    await opened.close();
  }
}
