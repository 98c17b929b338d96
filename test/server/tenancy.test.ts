/**
 * The tenancy walk: every operation in the served OpenAPI document is called with another organisation's write
 * token and with a read-only (viewer) token of the organisation itself. A route added later is walked too; a new
 * path parameter without a sample id fails the test until one is added to SAMPLE below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness, type StoreKind } from './harness.js';
import { ALPHA_ADDR, MARK, seed, type Seeded } from './seed.js';
import { pgUnavailable } from '../support/pg.js';

interface Op { method: string; path: string; public: boolean; params: string[] }

function operations(doc: { paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ in: string; name: string }> }>> }): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      ops.push({ method: method.toUpperCase(), path, public: Array.isArray(op.security) && op.security.length === 0, params });
    }
  }
  return ops;
}

/** A body valid enough to get past validation where a route has no :orgId to refuse on first. */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/organizations': { name: 'intruder org' },
  'POST /api/v1/users': { username: 'intruder', password: 'long enough password', role: 'admin', orgIds: [] },
  'POST /api/v1/auth/login': { username: 'nobody', password: 'nothing-at-all' },
};

const leaks = (text: string): boolean => text.includes(MARK) || text.includes(ALPHA_ADDR);

const pgSkip = await pgUnavailable();

describe.each<[StoreKind, string | false]>([['sqlite', false], ['postgres', pgSkip]])('tenancy walk on %s', (kind, skip) => {
  let h: Harness;
  let s: Seeded;
  let ops: Op[];
  beforeAll(async () => {
    if (skip !== false) { return; }
    h = await startHarness(kind);
    s = await seed(h);
    const doc = await (await fetch(`${h.base}/openapi.json`)).json() as Parameters<typeof operations>[0];
    ops = operations(doc);
  }, 60_000);
  afterAll(async () => { if (skip === false) { await h.close(); } });

  const SAMPLE = (name: string): string => {
    if (name === 'format') { return 'csv'; }
    if (name === 'discoveredId') { return '1'; }
    if (name === 'address') { return ALPHA_ADDR; }
    if (name === 'checkId') { return 'redis-no-auth'; }
    const v = s.ids[name];
    if (v === undefined) { throw new Error(`the tenancy walk has no sample for path parameter {${name}}: add one to seed.ts`); }
    return String(v);
  };
  const urlOf = (op: Op): string => op.path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, (_m, n: string) => SAMPLE(n));
  const call = async (c: Client, op: Op) => c.request(op.method, urlOf(op), ['POST', 'PUT', 'PATCH'].includes(op.method) ? (BODIES[`${op.method} ${op.path}`] ?? {}) : undefined);

  it.skipIf(skip !== false)('walks a document that has the resources in it', () => {
    const paths = new Set(ops.map((o) => o.path));
    for (const p of ['/api/v1/portfolio', '/api/v1/organizations/{orgId}/hosts/{address}', '/api/v1/organizations/{orgId}/finding-types/{checkId}', '/api/v1/organizations/{orgId}/changes', '/api/v1/organizations/{orgId}/findings', '/api/v1/organizations/{orgId}/scans', '/api/v1/organizations/{orgId}/tokens', '/api/v1/users', '/api/v1/audit']) {
      expect(paths, p).toContain(p);
    }
    expect(ops.length).toBeGreaterThan(30);
  });

  it.skipIf(skip !== false)("another organisation's write token: 403/404 on every route of alpha, and no alpha data anywhere", async () => {
    const c = new Client(h.base);
    c.bearer = s.bravoWrite;
    const failures: string[] = [];
    for (const op of ops) {
      const r = await call(c, op);
      const scoped = op.params.includes('orgId');
      if (leaks(r.text)) { failures.push(`${op.method} ${op.path}: leaked alpha data (${r.status})`); }
      if (scoped && ![403, 404].includes(r.status)) { failures.push(`${op.method} ${op.path}: ${r.status}, want 403/404`); }
      if (!scoped && !op.public && r.status >= 500) { failures.push(`${op.method} ${op.path}: ${r.status}`); }
      if (r.status >= 400 && typeof (r.json as { error?: { code?: unknown } })?.error?.code !== 'string') { failures.push(`${op.method} ${op.path}: error without {error:{code}}`); }
    }
    expect(failures).toEqual([]);
  });

  it.skipIf(skip !== false)("alpha's read-only token: every write and admin route refused with 403/404", async () => {
    const c = new Client(h.base);
    c.bearer = s.alphaRead;
    const failures: string[] = [];
    for (const op of ops) {
      if (op.public) { continue; }
      const r = await call(c, op);
      const adminOnly = !op.params.includes('orgId') && ['/api/v1/users', '/api/v1/users/{userId}', '/api/v1/audit'].includes(op.path);
      if ((op.method !== 'GET' || adminOnly) && ![403, 404].includes(r.status)) { failures.push(`${op.method} ${op.path}: ${r.status}, want 403/404`); }
      if (op.method === 'GET' && !adminOnly && r.status >= 500) { failures.push(`${op.method} ${op.path}: ${r.status}`); }
    }
    expect(failures).toEqual([]);
  });

  it.skipIf(skip !== false)('nothing of alpha changed, and its own tokens still read it', async () => {
    const c = new Client(h.base);
    c.bearer = s.alphaWrite;
    const org = await c.request('GET', `/organizations/${s.alpha}`);
    expect(org.status).toBe(200);
    expect((org.json as { name: string }).name).toBe(`${MARK} corp`);
    const assets = await c.request('GET', `/organizations/${s.alpha}/assets`);
    expect((assets.json as { items: unknown[] }).items).toHaveLength(1);
    const scope = await c.request('GET', `/organizations/${s.alpha}/scope`);
    expect(scope.text).toContain(ALPHA_ADDR);
    const users = await s.admin.request('GET', '/users');
    expect(users.text).not.toContain('intruder');
    const orgs = await s.admin.request('GET', '/organizations');
    expect((orgs.json as { items: unknown[] }).items).toHaveLength(2);
  });
});
