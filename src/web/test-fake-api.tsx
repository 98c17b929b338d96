/** @module web/test-fake-api — for component tests: a fake API behind the global fetch (routes by method + path) and a fresh QueryClient. */
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';

export interface FakeCall { method: string; path: string; body: unknown }
export type FakeHandler = (call: FakeCall) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

/** Replaces globalThis.fetch; `routes` keyed 'METHOD /path' (without /api/v1), the first matching prefix-free key wins. */
export function fakeApi(routes: Record<string, FakeHandler>): { calls: FakeCall[]; restore: () => void } {
  const calls: FakeCall[] = [];
  const real = globalThis.fetch;
  document.cookie = 'gh_csrf=test-csrf';
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    const call = { method, path, body };
    calls.push(call);
    const handler = routes[`${method} ${path}`];
    if (handler === undefined) { return new Response(JSON.stringify({ error: { code: 'GH_ERR_NOT_FOUND', message: `fake: no route ${method} ${path}` } }), { status: 404 }); }
    const r = await handler(call);
    return new Response(r.body === null ? null : JSON.stringify(r.body), { status: r.status });
  };
  return { calls, restore: () => { globalThis.fetch = real; } };
}

export function withQuery(children: ReactNode): ReactNode {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}
