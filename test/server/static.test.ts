/**
 * @module test/server/static — `gatehouse serve` serves the built dashboard itself: index.html at / and at every
 * client route (SPA fallback), /assets/* with immutable cache headers, the strict CSP on every page, nothing
 * outside the web root (path traversal), /api/v1 untouched, and a page that says how to build when dist/web is missing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { AuthRepo } from '../../src/server/auth/repo.js';
import type { AuthDatabase } from '../../src/server/auth/tables.js';
import { openMonitor, type OpenedMonitor } from '../../src/monitor/context.js';
import { RESOURCES, type PlatformDeps } from '../../src/server/resources/index.js';
import { IMMUTABLE, resolveInside } from '../../src/server/static.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-web-'));
const root = join(dir, 'web');
let opened: OpenedMonitor;
let app: FastifyInstance;
let bare: FastifyInstance;

async function build(webRoot: string): Promise<FastifyInstance> {
  const auth = new AuthRepo(opened.db as unknown as Kysely<AuthDatabase>, () => new Date());
  const deps: PlatformDeps = {
    auth, clock: () => new Date(), logger: pino({ level: 'silent' }), secureCookies: 'auto', bodyLimit: 65536, loginRateLimit: 10,
    monitor: opened, store: opened.store, launcher: null, liveEvents: () => null,
  };
  return buildApp(deps, RESOURCES, { webRoot });
}

beforeAll(async () => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the root');
  opened = await openMonitor(':memory:');
  app = await build(root);
  bare = await build(join(dir, 'missing'));
});
afterAll(async () => { await app.close(); await bare.close(); await opened.close(); rmSync(dir, { recursive: true, force: true }); });

describe('static dashboard', () => {
  it('serves index.html at / and at client routes, with a strict CSP and no-cache', async () => {
    for (const url of ['/', '/orgs/1', '/orgs/1/hosts/10.0.0.1', '/login?next=%2F']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|https?:/);
    }
  });

  it('serves hashed assets as immutable and root files as they are', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toBe(IMMUTABLE);
    expect(js.body).toBe('console.log(1)');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect((await app.inject({ method: 'HEAD', url: '/assets/index-abc.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/nope.js' })).statusCode).toBe(404);
  });

  it('never serves a file outside the root', async () => {
    for (const url of ['/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/assets/%00x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside the root');
    }
    expect(resolveInside('/srv/web', '/../etc/passwd')).toBe(null);
    expect(resolveInside('/srv/web', '/%2e%2e/etc/passwd')).toBe(null);
    expect(resolveInside('/srv/web', '/%E0%A4%A')).toBe(null);
    expect(resolveInside('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js');
  });

  it('leaves the API alone: JSON 404 under /api/v1, and the static routes are not in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'GH_ERR_NOT_FOUND' } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ ok: true });
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it('says how to build when dist/web is missing', async () => {
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});
