/**
 * @module test/server/harness — a real Gatehouse API server on 127.0.0.1:0 over a fresh store (a SQLite temp
 * file, or a PostgreSQL database the harness creates and drops), and a small fetch client with cookies/CSRF.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { AuthRepo } from '../../src/server/auth/repo.js';
import type { AuthDatabase } from '../../src/server/auth/tables.js';
import { openMonitor, type OpenedMonitor } from '../../src/monitor/context.js';
import { RESOURCES, type PlatformDeps } from '../../src/server/resources/index.js';
import { createTestDatabase } from '../support/pg.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import type { ServerDeps } from '../../src/server/context.js';

export interface Harness {
  readonly base: string;
  readonly app: FastifyInstance;
  readonly auth: AuthRepo;
  readonly monitor: OpenedMonitor;
  /** Mutable clock: tests move time forward. */
  readonly clock: { now: Date };
  close(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';

/** `opts.resolver`: the DNS resolver discovery asks (POST …/discovery); absent, discovery is refused. */
export async function startHarness(kind: StoreKind = 'sqlite', opts: { resolver?: string } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-api-'));
  const pgdb = kind === 'postgres' ? await createTestDatabase('gh_api') : null;
  const clock = { now: new Date('2026-12-01T12:00:00.000Z') };
  const opened = await openMonitor(pgdb?.url ?? join(dir, 'g.db'), { now: () => clock.now });
  const auth = new AuthRepo(opened.db as unknown as Kysely<AuthDatabase>, () => clock.now);
  const base: ServerDeps = { auth, clock: () => clock.now, logger: pino({ level: 'silent' }), secureCookies: 'auto', bodyLimit: 256 * 1024, loginRateLimit: 20 };
  const deps: PlatformDeps = { ...base, monitor: opened, store: opened.store, launcher: null, liveEvents: () => null, resolver: opts.resolver ?? null };
  const app = await buildApp(deps, RESOURCES);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api/v1`, app, auth, monitor: opened, clock,
    async close() { await app.close(); await opened.close(); await pgdb?.drop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function addUser(h: Harness, username: string, role: 'admin' | 'analyst' | 'viewer', orgIds: number[], password = 'correct horse battery'): Promise<number> {
  return h.auth.createUser(username, await hashPassword(password), role, orgIds);
}

/** A cookie-keeping client, like a browser on the dashboard: logs in, then echoes the CSRF cookie on writes. */
export class Client {
  private cookies = new Map<string, string>();
  bearer: string | null = null;
  csrfHeader = true;
  constructor(private readonly base: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) { headers['content-type'] = 'application/json'; }
    if (this.bearer !== null) { headers.authorization = `Bearer ${this.bearer}`; }
    if (this.cookies.size > 0) { headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
    const csrf = this.cookies.get('gh_csrf');
    if (this.csrfHeader && csrf !== undefined) { headers['x-csrf-token'] = csrf; }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) {
        const v = pair.slice(eq + 1);
        if (v === '') { this.cookies.delete(pair.slice(0, eq)); } else { this.cookies.set(pair.slice(0, eq), v); }
      }
    }
    const text = await res.text();
    let json: unknown = null;
    try { json = text === '' ? null : JSON.parse(text); } catch (err) { json = { unparsed: String(err) }; }
    return { status: res.status, json, text, headers: res.headers };
  }

  async login(username: string, password = 'correct horse battery'): Promise<number> {
    return (await this.request('POST', '/auth/login', { username, password })).status;
  }
}
