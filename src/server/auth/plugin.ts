/**
 * @module server/auth/plugin — authentication and tenancy in one place: every request resolves its principal
 * (session cookie or bearer token), every route declares its access (public/read/write/admin, default read),
 * every `:orgId` in a path is checked against the principal's organisations (404 when not a member), and every
 * cookie-authenticated write must carry the double-submit CSRF header.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../monitor/principal.js';
import { apiError } from '../errors.js';
import type { ServerDeps } from '../context.js';
import { safeEqual } from './secrets.js';

export const SESSION_COOKIE = 'gh_session';
export const CSRF_COOKIE = 'gh_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function canSeeOrg(p: Principal, orgId: number): boolean {
  return p.orgIds === 'all' || p.orgIds.includes(orgId);
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') { return null; }
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

async function authenticate(deps: ServerDeps, req: FastifyRequest): Promise<void> {
  const token = bearer(req);
  if (token !== null) {
    const t = await deps.auth.tokenPrincipal(token);
    if (!t) { throw apiError('GH_ERR_API_UNAUTHENTICATED', 'the API token is unknown, expired or revoked'); }
    req.principal = t.principal;
    req.actorName = t.name;
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (cookie === undefined || cookie === '') { return; }
  const s = await deps.auth.sessionPrincipal(cookie);
  if (!s) { return; }
  req.principal = s.principal;
  req.actorName = s.name;
  req.viaCookie = true;
  if (!SAFE_METHODS.has(req.method)) {
    const header = req.headers[CSRF_HEADER];
    const fromCookie = req.cookies[CSRF_COOKIE];
    if (typeof header !== 'string' || fromCookie === undefined || !safeEqual(header, fromCookie) || !safeEqual(header, s.csrf)) {
      throw apiError('GH_ERR_API_CSRF', `a write with the session cookie needs the ${CSRF_HEADER} header (the ${CSRF_COOKIE} cookie's value)`);
    }
  }
}

function authorise(req: FastifyRequest): void {
  const access = req.routeOptions.config.access ?? 'read';
  if (access === 'public') { return; }
  const p = req.principal;
  if (p === null) { throw apiError('GH_ERR_API_UNAUTHENTICATED', 'log in or send Authorization: Bearer <token>'); }
  if (access === 'admin' && !(p.kind === 'user' && p.role === 'admin')) { throw apiError('GH_ERR_FORBIDDEN', 'this needs an admin user'); }
  if ((access === 'write' || !SAFE_METHODS.has(req.method)) && !p.canWrite) {
    throw apiError('GH_ERR_FORBIDDEN', p.kind === 'token' ? 'this token is read-only' : 'viewers cannot change anything');
  }
  const params = req.params as Record<string, unknown> | undefined;
  const raw = params?.orgId;
  if (raw !== undefined) {
    const orgId = Number(raw);
    if (!Number.isInteger(orgId) || !canSeeOrg(p, orgId)) { throw apiError('GH_ERR_NOT_FOUND', `no organisation ${typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '?'}`); }
  }
}

async function authPlugin(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.decorateRequest('principal', null);
  app.decorateRequest('actorName', '');
  app.decorateRequest('viaCookie', false);
  // onRequest: after routing (so `:orgId` is known) and before the body is read or validated, so a caller
  // without access learns nothing from validation messages.
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.access === 'public') { return; }
    await authenticate(deps, req);
    authorise(req);
  });
}

export default fp(authPlugin, { name: 'gatehouse-auth', fastify: '5.x' });

/** The principal of a request that passed authorise() on a non-public route. */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === null) { throw apiError('GH_ERR_API_UNAUTHENTICATED', 'not authenticated'); }
  return req.principal;
}
