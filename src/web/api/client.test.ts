/** @module web/api/client.test — the fetch wrapper: CSRF header from the gh_csrf cookie on writes only, paths, queries, errors. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createClient, fillPath, queryString, readCookie } from './client';

interface Call { url: string; init: RequestInit }

function fake(status: number, body: unknown, cookies = 'theme=dark; gh_csrf=tok%2Fen; other=1') {
  const calls: Call[] = [];
  const onUnauthenticated = vi.fn();
  const client = createClient({
    fetch: async (url, init) => { calls.push({ url: typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, init: init ?? {} }); return new Response(body === null ? null : JSON.stringify(body), { status }); },
    cookies: () => cookies,
    onUnauthenticated,
  });
  return { client, calls, onUnauthenticated };
}

const headers = (c: Call | undefined): Record<string, string> => (c?.init.headers ?? {}) as Record<string, string>;

describe('CSRF (docs/api.md § Authentication: double submit)', () => {
  it('a write sends x-csrf-token equal to the gh_csrf cookie, and the JSON body', async () => {
    const { client, calls } = fake(201, { id: 3, name: 'n', createdAt: '', orgId: 1 });
    await client.post('/organizations/{orgId}/groups', { path: { orgId: 1 }, body: { name: 'dmz' } });
    expect(calls[0]?.url).toBe('/api/v1/organizations/1/groups');
    expect(calls[0]?.init.method).toBe('POST');
    expect(headers(calls[0])['x-csrf-token']).toBe('tok/en');
    expect(headers(calls[0])['content-type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"name":"dmz"}');
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('every write method sends it; a read never does', async () => {
    const { client, calls } = fake(200, { ok: true });
    await client.get('/health');
    await client.del('/organizations/{orgId}/groups/{groupId}', { path: { orgId: 1, groupId: 2 } });
    await client.patch('/organizations/{orgId}', { path: { orgId: 1 }, body: { name: 'x' } });
    expect(headers(calls[0])['x-csrf-token']).toBeUndefined();
    expect(headers(calls[1])['x-csrf-token']).toBe('tok/en');
    expect(calls[1]?.init.method).toBe('DELETE');
    expect(headers(calls[2])['x-csrf-token']).toBe('tok/en');
  });

  it('no cookie (not logged in): no header rather than an empty one', async () => {
    const { client, calls } = fake(200, { user: {}, csrfToken: 'x', expires: '' }, '');
    await client.post('/auth/login', { body: { username: 'a', password: 'b' } });
    expect(headers(calls[0])['x-csrf-token']).toBeUndefined();
  });
});

describe('errors', () => {
  it('an API refusal becomes ApiError with status and code', async () => {
    const { client } = fake(403, { error: { code: 'GH_ERR_API_CSRF', message: 'needs the header' } });
    const err = await client.post('/auth/logout').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'GH_ERR_API_CSRF', message: 'needs the header' });
  });

  it('401 tells the app (to show the login page), except for the login itself', async () => {
    const a = fake(401, { error: { code: 'GH_ERR_API_UNAUTHENTICATED', message: 'log in' } });
    await expect(a.client.get('/auth/me')).rejects.toMatchObject({ code: 'GH_ERR_API_UNAUTHENTICATED' });
    expect(a.onUnauthenticated).toHaveBeenCalledTimes(1);
    const b = fake(401, { error: { code: 'GH_ERR_API_LOGIN', message: 'wrong' } });
    await expect(b.client.post('/auth/login', { body: { username: 'a', password: 'b' } })).rejects.toMatchObject({ code: 'GH_ERR_API_LOGIN' });
    expect(b.onUnauthenticated).not.toHaveBeenCalled();
  });

  it('a network failure is GH_ERR_NETWORK; a non-JSON answer is reported, not thrown raw', async () => {
    const down = createClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')), cookies: () => '' });
    await expect(down.get('/health')).rejects.toMatchObject({ status: 0, code: 'GH_ERR_NETWORK' });
    const html = createClient({ fetch: async () => new Response('<html>', { status: 502 }), cookies: () => '' });
    await expect(html.get('/health')).rejects.toMatchObject({ status: 502 });
  });
});

describe('paths, queries, cookies', () => {
  it('fills and encodes path parameters, refuses a missing one', () => {
    expect(fillPath('/organizations/{orgId}/hosts/{address}', { orgId: 4, address: 'fe80::1/x' })).toBe('/organizations/4/hosts/fe80%3A%3A1%2Fx');
    expect(() => fillPath('/organizations/{orgId}', {})).toThrow(ApiError);
  });
  it('drops empty query values', () => {
    expect(queryString({ a: 1, b: undefined, c: '', d: 'x y', e: false })).toBe('?a=1&d=x+y&e=false');
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
  it('reads one cookie among many', () => {
    expect(readCookie('a=1; gh_csrf=abc; b=2', 'gh_csrf')).toBe('abc');
    expect(readCookie('xgh_csrf=1', 'gh_csrf')).toBe(null);
    expect(readCookie('', 'gh_csrf')).toBe(null);
  });
});
