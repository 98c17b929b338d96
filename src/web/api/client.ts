/**
 * @module web/api/client — the one way the dashboard talks to the API: typed by the generated `paths`
 * (schema.d.ts), same origin, the session cookie sent by the browser, and on every write the `x-csrf-token`
 * header echoing the `gh_csrf` cookie (docs/api.md § Authentication). Errors surface as ApiError with the API's code.
 */
import type { paths } from './schema';

export type Paths = paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** API paths without the /api/v1 prefix, e.g. '/organizations/{orgId}/summary'. */
type Strip<P> = P extends `/api/v1${infer R}` ? R : never;
export type ApiPath = Strip<keyof paths>;
type Full<P extends ApiPath> = `/api/v1${P}` & keyof paths;
type Op<P extends ApiPath, M extends Method> = paths[Full<P>][M];
export type PathsWith<M extends Method> = { [P in ApiPath]: [Op<P, M>] extends [undefined] ? never : P }[ApiPath];

type Params<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Params<O> extends { path: infer Pp } ? Pp : Params<O> extends { path?: infer Pp } ? Pp : never;
type QueryParams<O> = Params<O> extends { query?: infer Q } ? Q : never;
type Body<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : null;
type Ok<O> = O extends { responses: infer R }
  ? (R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : R extends { 202: infer A } ? Json<A> : null)
  : never;

/** The answer type of an operation. */
export type ApiResponse<P extends ApiPath, M extends Method = 'get'> = Ok<Op<P, M>>;

export interface RequestOptions<P extends ApiPath, M extends Method> {
  readonly path?: PathParams<Op<P, M>>;
  readonly query?: QueryParams<Op<P, M>>;
  readonly body?: Body<Op<P, M>>;
  readonly signal?: AbortSignal;
}

export const API_BASE = '/api/v1';
export const CSRF_COOKIE = 'gh_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** An API refusal or failure: the HTTP status and the catalogue code (GH_ERR_…), or GH_ERR_NETWORK. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** The value of a cookie in a `document.cookie` string. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) { return decodeURIComponent(part.slice(eq + 1).trim()); }
  }
  return null;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** '/organizations/{orgId}/scans/{runId}' + {orgId: 1, runId: 2} → '/organizations/1/scans/2' (each value encoded). */
export function fillPath(template: string, params: Readonly<Record<string, unknown>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = params?.[k];
    if (v === undefined || v === null) { throw new ApiError(0, 'GH_ERR_INVALID', `missing path parameter ${k}`); }
    return encodeURIComponent(scalar(v));
  });
}

export function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) { return ''; }
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') { q.set(k, scalar(v)); }
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** The URL of an API path (for links: downloads, event streams). */
export function apiUrl<P extends ApiPath>(path: P, params?: PathParams<Op<P, 'get'>>, query?: QueryParams<Op<P, 'get'>>): string {
  return API_BASE + fillPath(path, params as Record<string, unknown> | undefined) + queryString(query as Record<string, unknown> | undefined);
}

export interface ClientEnv {
  readonly fetch: typeof fetch;
  /** The page's cookies (document.cookie). */
  readonly cookies: () => string;
  /** Called on 401 (the session ended): the app goes to the login page. */
  readonly onUnauthenticated?: () => void;
}

export function createClient(env: ClientEnv) {
  async function request<P extends ApiPath, M extends Method>(method: M, path: P, opts: RequestOptions<P, M> = {}): Promise<ApiResponse<P, M>> {
    const url = API_BASE + fillPath(path, opts.path as Record<string, unknown> | undefined) + queryString(opts.query as Record<string, unknown> | undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) { headers['content-type'] = 'application/json'; }
    if (method !== 'get') {
      const csrf = readCookie(env.cookies(), CSRF_COOKIE);
      if (csrf !== null) { headers[CSRF_HEADER] = csrf; }
    }
    let res: Response;
    try {
      res = await env.fetch(url, {
        method: method.toUpperCase(), headers, credentials: 'same-origin',
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') { throw err; }
      throw new ApiError(0, 'GH_ERR_NETWORK', `the server did not answer (${err instanceof Error ? err.message : String(err)})`);
    }
    const text = await res.text();
    let json: unknown = null;
    if (text !== '') {
      try { json = JSON.parse(text); } catch (err) {
        throw new ApiError(res.status, 'GH_ERR_INVALID', `the server answered ${res.status} with something that is not JSON (${String(err)})`);
      }
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
      if (res.status === 401 && path !== '/auth/login') { env.onUnauthenticated?.(); }
      throw new ApiError(res.status, e?.code ?? 'GH_ERR_INTERNAL', e?.message ?? `HTTP ${res.status}`);
    }
    return json as ApiResponse<P, M>;
  }
  return {
    request,
    get: <P extends PathsWith<'get'>>(path: P, opts?: RequestOptions<P, 'get'>) => request('get', path, opts),
    post: <P extends PathsWith<'post'>>(path: P, opts?: RequestOptions<P, 'post'>) => request('post', path, opts),
    put: <P extends PathsWith<'put'>>(path: P, opts?: RequestOptions<P, 'put'>) => request('put', path, opts),
    patch: <P extends PathsWith<'patch'>>(path: P, opts?: RequestOptions<P, 'patch'>) => request('patch', path, opts),
    del: <P extends PathsWith<'delete'>>(path: P, opts?: RequestOptions<P, 'delete'>) => request('delete', path, opts),
  };
}

export type ApiClient = ReturnType<typeof createClient>;
