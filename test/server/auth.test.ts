import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, addUser, startHarness, type Harness, type StoreKind } from './harness.js';
import { pgUnavailable } from '../support/pg.js';
import { ensureFirstAdmin } from '../../src/server/bootstrap.js';
import { hashPassword, verifyPassword } from '../../src/server/auth/passwords.js';
import { LOCK_AFTER } from '../../src/server/auth/repo.js';

const pgSkip = await pgUnavailable();

const code = (j: unknown): unknown => (j as { error?: { code?: string } }).error?.code;

describe.each<[StoreKind, string | false]>([['sqlite', false], ['postgres', pgSkip]])('auth on %s', (kind, skip) => {
  let h: Harness;
  let open: Harness | null = null;
  beforeEach(async (ctx) => { if (skip !== false) { ctx.skip(); return; } h = await startHarness(kind); open = h; });
  afterEach(async () => { await open?.close(); open = null; });

  it('scrypt hashes verify only the right password and never contain it', async () => {
    const hash = await hashPassword('s3cret-passphrase');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('s3cret');
    expect(await verifyPassword('s3cret-passphrase', hash)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', hash)).toBe(false);
  });

  it('creates the first admin once, with a one-time password that logs in', async () => {
    const pw = await ensureFirstAdmin(h.auth);
    expect(pw).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await ensureFirstAdmin(h.auth)).toBeNull();
    const c = new Client(h.base);
    expect(await c.login('admin', pw ?? '')).toBe(200);
    const me = await c.request('GET', '/auth/me');
    expect(me.json).toMatchObject({ kind: 'user', role: 'admin', orgIds: 'all', name: 'admin' });
  });

  it('sets an httpOnly SameSite=Strict session cookie, and a readable CSRF cookie', async () => {
    await addUser(h, 'ana', 'analyst', [1]);
    const res = await fetch(`${h.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password: 'correct horse battery' }) });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('gh_session='));
    const csrf = cookies.find((c) => c.startsWith('gh_csrf='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).not.toMatch(/Secure/i); // plain http on loopback; https sets Secure
    expect(csrf).not.toMatch(/HttpOnly/i);
  });

  it('refuses cookie-authenticated writes without the CSRF header, accepts them with it', async () => {
    await addUser(h, 'ana', 'analyst', [1]);
    const c = new Client(h.base);
    await c.login('ana');
    c.csrfHeader = false;
    const bad = await c.request('POST', '/organizations/1/tokens', { name: 'ci', scope: 'read' });
    expect(bad.status).toBe(403);
    expect(code(bad.json)).toBe('GH_ERR_API_CSRF');
    c.csrfHeader = true;
    const ok = await c.request('POST', '/organizations/1/tokens', { name: 'ci', scope: 'read' });
    expect(ok.status).toBe(201);
  });

  it('locks an account after repeated wrong passwords, and tells a wrong name and a wrong password apart nowhere', async () => {
    await addUser(h, 'ana', 'analyst', [1]);
    const c = new Client(h.base);
    const unknown = await c.request('POST', '/auth/login', { username: 'nobody', password: 'x' });
    const wrong = await c.request('POST', '/auth/login', { username: 'ana', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    for (let i = 1; i < LOCK_AFTER; i++) { await c.request('POST', '/auth/login', { username: 'ana', password: 'x' }); }
    const locked = await c.request('POST', '/auth/login', { username: 'ana', password: 'correct horse battery' });
    expect(locked.status).toBe(423);
    expect(code(locked.json)).toBe('GH_ERR_API_LOCKED');
    h.clock.now = new Date(h.clock.now.getTime() + 16 * 60_000);
    expect(await c.login('ana')).toBe(200);
  });

  it('rate-limits login attempts per address with 429', async () => {
    const c = new Client(h.base);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) { statuses.push((await c.request('POST', '/auth/login', { username: `u${i}`, password: 'x' })).status); }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[21]).toBe(429);
  });

  it('API tokens: secret shown once, stored hashed, scoped, expiring, revocable', async () => {
    await addUser(h, 'ana', 'analyst', [1]);
    const c = new Client(h.base);
    await c.login('ana');
    const created = await c.request('POST', '/organizations/1/tokens', { name: 'ci', scope: 'read', expiresInDays: 1 });
    const secret = (created.json as { token: string }).token;
    expect(secret).toMatch(/^ghp_[A-Za-z0-9_-]{43}$/);
    const list = await c.request('GET', '/organizations/1/tokens');
    expect(list.text).not.toContain(secret);
    const t = new Client(h.base);
    t.bearer = secret;
    expect((await t.request('GET', '/auth/me')).json).toMatchObject({ kind: 'token', role: 'viewer', orgIds: [1], canWrite: false });
    const w = await t.request('POST', '/organizations/1/tokens', { name: 'x' });
    expect(w.status).toBe(403);
    expect((await t.request('GET', '/organizations/2/tokens')).status).toBe(404);
    h.clock.now = new Date(h.clock.now.getTime() + 2 * 86_400_000);
    expect((await t.request('GET', '/auth/me')).status).toBe(401);
    expect((await c.request('GET', '/auth/me')).status).toBe(401); // the 12-hour session expired too
    await c.login('ana');
    const second = await c.request('POST', '/organizations/1/tokens', { name: 'ci2', scope: 'write' });
    t.bearer = (second.json as { token: string }).token;
    expect((await t.request('GET', '/auth/me')).status).toBe(200);
    expect((await c.request('DELETE', `/organizations/1/tokens/${(second.json as { id: number }).id}`)).status).toBe(204);
    const revoked = await t.request('GET', '/auth/me');
    expect(revoked.status).toBe(401);
    expect(code(revoked.json)).toBe('GH_ERR_API_UNAUTHENTICATED');
  });

  it('keeps an audit log of who did what, readable by admins', async () => {
    await addUser(h, 'root', 'admin', []);
    const c = new Client(h.base);
    await c.login('root');
    await c.request('POST', '/users', { username: 'vic', password: 'long enough password', role: 'viewer', orgIds: [3] });
    const audit = await c.request('GET', '/audit');
    const actions = (audit.json as { items: Array<{ action: string; actorName: string }> }).items;
    expect(actions[0]).toMatchObject({ action: 'user.create', actorName: 'root' });
    const v = new Client(h.base);
    await v.login('vic', 'long enough password');
    expect((await v.request('GET', '/audit')).status).toBe(403);
    expect((await v.request('GET', '/organizations/3/audit')).status).toBe(200);
    expect((await v.request('GET', '/organizations/4/audit')).status).toBe(404);
  });

  it('answers every error as JSON {error:{code,message}} without a stack; oversized bodies 413; security headers set', async () => {
    const c = new Client(h.base);
    const bad = await fetch(`${h.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    const body = await bad.json() as { error: { code: string; message: string } };
    expect(bad.status).toBe(400);
    expect(body.error.code).toBe('GH_ERR_INVALID');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
    const big = await c.request('POST', '/auth/login', { username: 'a', password: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    expect(code(big.json)).toBe('GH_ERR_API_BODY_TOO_LARGE');
    const unauth = await c.request('GET', '/users');
    expect(unauth.status).toBe(401);
    expect(code(unauth.json)).toBe('GH_ERR_API_UNAUTHENTICATED');
    expect(unauth.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unauth.headers.get('content-security-policy')).toContain("default-src 'self'");
    const missing = await c.request('GET', '/no/such/route');
    expect([401, 404]).toContain(missing.status);
  });
});
