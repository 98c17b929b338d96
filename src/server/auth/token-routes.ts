/**
 * @module server/auth/token-routes — API tokens of an organisation: created by a user who can write there (the
 * secret is in the creation answer only), listed without secrets, revoked. Tokens cannot mint tokens.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from '../context.js';
import { apiError } from '../errors.js';
import { principalOf } from './plugin.js';
import { TokenScopeZ, TokenZ } from './schemas.js';

const NewToken = z.object({
  name: z.string().min(1).max(100), scope: TokenScopeZ.default('read'),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});
const OrgParam = z.object({ orgId: z.coerce.number().int().positive() });
const TokenParam = OrgParam.extend({ tokenId: z.coerce.number().int().positive() });

export async function tokenRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/organizations/:orgId/tokens', { config: { access: 'read' }, schema: { tags: ['tokens'], summary: "The organisation's API tokens (never their secrets)", params: OrgParam, response: { 200: z.object({ items: z.array(TokenZ) }) } } },
    async (req) => ({ items: await deps.auth.listTokens([req.params.orgId]) }));

  r.post('/organizations/:orgId/tokens', { config: { access: 'write' }, schema: { tags: ['tokens'], summary: 'Create an API token; the secret is shown once', params: OrgParam, body: NewToken, response: { 201: TokenZ.extend({ token: z.string() }) } } },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'user') { throw apiError('GH_ERR_FORBIDDEN', 'tokens cannot create tokens'); }
      const { orgId } = req.params;
      const days = req.body.expiresInDays;
      const expires = days === null ? null : new Date(deps.clock().getTime() + days * 86_400_000).toISOString();
      const t = await deps.auth.createToken({ name: req.body.name, orgId, scope: req.body.scope, createdBy: p.id, expires });
      await deps.auth.audit({ principal: p, name: req.actorName }, 'token.create', `token:${t.id}`, orgId, { name: req.body.name, scope: req.body.scope, expires });
      const row = await deps.auth.getToken(t.id);
      if (!row) { throw apiError('GH_ERR_INTERNAL', 'token vanished'); }
      return reply.status(201).send({ ...row, token: t.secret });
    });

  r.delete('/organizations/:orgId/tokens/:tokenId', { config: { access: 'write' }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: TokenParam, response: { 204: z.null() } } },
    async (req, reply) => {
      const p = principalOf(req);
      const t = await deps.auth.getToken(req.params.tokenId);
      if (!t || t.orgId !== req.params.orgId) { throw apiError('GH_ERR_NOT_FOUND', `no token ${req.params.tokenId}`); }
      if (p.kind !== 'user') { throw apiError('GH_ERR_FORBIDDEN', 'tokens cannot revoke tokens'); }
      await deps.auth.revokeToken(t.id);
      await deps.auth.audit({ principal: p, name: req.actorName }, 'token.revoke', `token:${t.id}`, t.orgId);
      return reply.status(204).send(null);
    });
}
