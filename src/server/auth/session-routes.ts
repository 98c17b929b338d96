/** @module server/auth/session-routes — POST /auth/login (rate-limited, lock-out), POST /auth/logout, GET /auth/me. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from '../context.js';
import { apiError } from '../errors.js';
import { CSRF_COOKIE, SESSION_COOKIE, principalOf } from './plugin.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { RoleZ } from './schemas.js';

const Login = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const Me = z.object({
  kind: z.enum(['user', 'token', 'system']), id: z.number().int().nullable(), name: z.string(),
  role: RoleZ, orgIds: z.union([z.array(z.number().int()), z.literal('all')]), canWrite: z.boolean(),
});
const LoginOk = z.object({ user: Me, csrfToken: z.string(), expires: z.string() });

function secure(deps: ServerDeps, req: FastifyRequest): boolean {
  return deps.secureCookies === 'auto' ? req.protocol === 'https' : deps.secureCookies;
}

function setCookies(deps: ServerDeps, req: FastifyRequest, reply: FastifyReply, session: string, csrf: string, expires: Date): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: secure(deps, req), expires };
  void reply.setCookie(SESSION_COOKIE, session, { ...common, httpOnly: true });
  // Readable by the page's script, which echoes it in x-csrf-token (double submit); useless to another origin.
  void reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
}

export async function sessionRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/auth/login', {
    config: { access: 'public', rateLimit: { max: deps.loginRateLimit, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Log in with a user name and password; sets the session and CSRF cookies', security: [], body: Login, response: { 200: LoginOk } },
  }, async (req, reply) => {
    const u = await deps.auth.findLogin(req.body.username);
    const now = deps.clock().toISOString();
    if (u && u.lockedUntil !== null && u.lockedUntil > now) {
      throw apiError('GH_ERR_API_LOCKED', `account locked after repeated failed logins until ${u.lockedUntil}`);
    }
    const ok = await verifyPassword(req.body.password, u?.passwordHash ?? DUMMY_HASH);
    if (!u || !ok || u.disabled) {
      if (u && !ok) {
        const locked = await deps.auth.loginFailed(u.id, u.failed);
        if (locked) {
          await deps.auth.audit({ principal: { kind: 'system', id: null, role: 'admin', orgIds: 'all', canWrite: true }, name: 'system' }, 'user.lock', `user:${u.id}`, null, { ip: req.ip });
        }
      }
      throw apiError('GH_ERR_API_LOGIN', 'wrong user name or password');
    }
    await deps.auth.loginSucceeded(u.id);
    const s = await deps.auth.createSession(u.id);
    setCookies(deps, req, reply, s.cookie, s.csrf, s.expires);
    const p = await deps.auth.sessionPrincipal(s.cookie);
    if (!p) { throw apiError('GH_ERR_INTERNAL', 'session vanished'); }
    await deps.auth.audit({ principal: p.principal, name: p.name }, 'auth.login', `user:${u.id}`, null, { ip: req.ip });
    return { user: { ...p.principal, name: p.name, orgIds: p.principal.orgIds === 'all' ? 'all' as const : [...p.principal.orgIds] }, csrfToken: s.csrf, expires: s.expires.toISOString() };
  });

  r.post('/auth/logout', {
    config: { access: 'read' },
    schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } },
  }, async (req, reply) => {
    const c = req.cookies[SESSION_COOKIE];
    if (c !== undefined) { await deps.auth.deleteSession(c); }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  r.get('/auth/me', {
    config: { access: 'read' },
    schema: { tags: ['auth'], summary: 'Who the caller is', response: { 200: Me } },
  }, async (req) => {
    const p = principalOf(req);
    return { ...p, name: req.actorName, orgIds: p.orgIds === 'all' ? 'all' as const : [...p.orgIds] };
  });
}
