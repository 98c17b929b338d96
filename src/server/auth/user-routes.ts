/** @module server/auth/user-routes — /users (admin only): create, list, change role/organisations, disable, delete. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from '../context.js';
import { apiError } from '../errors.js';
import { hashPassword } from './passwords.js';
import { principalOf } from './plugin.js';
import { RoleZ, UserZ } from './schemas.js';

const NewUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/), password: z.string().min(12).max(1024), role: RoleZ,
  orgIds: z.array(z.number().int().positive()).max(1000).default([]),
});
const UserChange = z.object({ role: RoleZ.optional(), disabled: z.boolean().optional(), orgIds: z.array(z.number().int().positive()).max(1000).optional(), password: z.string().min(12).max(1024).optional() });
const IdParam = z.object({ userId: z.coerce.number().int().positive() });

export async function userRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const actor = (req: Parameters<typeof principalOf>[0]) => ({ principal: principalOf(req), name: req.actorName });

  r.get('/users', { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'List users', response: { 200: z.object({ items: z.array(UserZ) }) } } },
    async () => ({ items: await deps.auth.listUsers() }));

  r.post('/users', { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'Create a user', body: NewUser, response: { 201: UserZ } } },
    async (req, reply) => {
      if (await deps.auth.findLogin(req.body.username)) { throw apiError('GH_ERR_CONFLICT', `user "${req.body.username}" exists`); }
      const id = await deps.auth.createUser(req.body.username, await hashPassword(req.body.password), req.body.role, req.body.orgIds);
      await deps.auth.audit(actor(req), 'user.create', `user:${id}`, null, { username: req.body.username, role: req.body.role, orgIds: req.body.orgIds });
      const u = await deps.auth.getUser(id);
      if (!u) { throw apiError('GH_ERR_INTERNAL', 'user vanished'); }
      return reply.status(201).send(u);
    });

  r.get('/users/:userId', { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'One user', params: IdParam, response: { 200: UserZ } } },
    async (req) => {
      const u = await deps.auth.getUser(req.params.userId);
      if (!u) { throw apiError('GH_ERR_NOT_FOUND', `no user ${req.params.userId}`); }
      return u;
    });

  r.patch('/users/:userId', { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'Change a user', params: IdParam, body: UserChange, response: { 200: UserZ } } },
    async (req) => {
      const id = req.params.userId;
      if (!(await deps.auth.getUser(id))) { throw apiError('GH_ERR_NOT_FOUND', `no user ${id}`); }
      const { password, ...change } = req.body;
      await deps.auth.updateUser(id, change);
      if (password !== undefined) { await deps.auth.setPassword(id, await hashPassword(password)); }
      await deps.auth.audit(actor(req), 'user.update', `user:${id}`, null, { ...change, password: password === undefined ? undefined : 'changed' });
      const u = await deps.auth.getUser(id);
      if (!u) { throw apiError('GH_ERR_NOT_FOUND', `no user ${id}`); }
      return u;
    });

  r.delete('/users/:userId', { config: { access: 'admin' }, schema: { tags: ['users'], summary: 'Delete a user (revokes their tokens)', params: IdParam, response: { 204: z.null() } } },
    async (req, reply) => {
      if (req.params.userId === principalOf(req).id) { throw apiError('GH_ERR_CONFLICT', 'you cannot delete yourself'); }
      if (!(await deps.auth.deleteUser(req.params.userId))) { throw apiError('GH_ERR_NOT_FOUND', `no user ${req.params.userId}`); }
      await deps.auth.audit(actor(req), 'user.delete', `user:${req.params.userId}`, null);
      return reply.status(204).send(null);
    });
}
