/** @module server/resources/scope — scope (the only targets the platform may scan), authorisations (who allowed active scans, until when) and schedules. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { NoContent, OrgParam, audit, idParam, who } from './common.js';
import type { PlatformDeps } from './deps.js';

const ScopeZ = m.ScopeEntryZ;
const AuthZ = m.AuthorisationZ;
const ScheduleZ = m.ScheduleZ;
const ScheduleIn = m.ScheduleInputZ;

export async function scopeRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;

  r.get('/organizations/:orgId/scope', { schema: { tags: ['scope'], summary: 'The scope: addresses, ranges and CIDRs the platform may scan', params: OrgParam, response: { 200: z.object({ items: z.array(ScopeZ) }) } } },
    async (req) => ({ items: await m.listScope(ctx, who(req), req.params.orgId) }));
  r.post('/organizations/:orgId/scope', { config: { access: 'write' }, schema: { tags: ['scope'], summary: 'Add a scope entry', params: OrgParam, body: z.object({ target: z.string().min(1).max(200), note: z.string().max(500).optional() }), response: { 201: ScopeZ } } },
    async (req, reply) => {
      const e = await m.addScopeEntry(ctx, who(req), req.params.orgId, req.body.target, req.body.note);
      await audit(deps, req, 'scope.add', `scope:${e.id}`, e.orgId, { target: e.target });
      return reply.status(201).send(e);
    });
  r.delete('/organizations/:orgId/scope/:entryId', { config: { access: 'write' }, schema: { tags: ['scope'], summary: 'Remove a scope entry', params: idParam('entryId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await m.removeScopeEntry(ctx, who(req), req.params.orgId, req.params.entryId);
      await audit(deps, req, 'scope.remove', `scope:${req.params.entryId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/authorizations', { schema: { tags: ['authorizations'], summary: 'Recorded authorisations for active scans', params: OrgParam, response: { 200: z.object({ items: z.array(AuthZ) }) } } },
    async (req) => ({ items: await m.listAuthorisations(ctx, who(req), req.params.orgId) }));
  r.post('/organizations/:orgId/authorizations', { config: { access: 'write' }, schema: { tags: ['authorizations'], summary: 'Record an authorisation (admin)', params: OrgParam, body: z.object({ grantedBy: z.string().min(1).max(200), grantedAt: z.string().max(40), reference: z.string().min(1).max(500), expiresAt: z.string().max(40) }), response: { 201: AuthZ } } },
    async (req, reply) => {
      const a = await m.recordAuthorisation(ctx, who(req), req.params.orgId, req.body);
      await audit(deps, req, 'authorization.record', `authorization:${a.id}`, a.orgId, { reference: a.reference, expiresAt: a.expiresAt });
      return reply.status(201).send(a);
    });
  r.delete('/organizations/:orgId/authorizations/:authId', { config: { access: 'write' }, schema: { tags: ['authorizations'], summary: 'Revoke an authorisation (admin)', params: idParam('authId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await m.revokeAuthorisation(ctx, who(req), req.params.orgId, req.params.authId);
      await audit(deps, req, 'authorization.revoke', `authorization:${req.params.authId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/schedules', { schema: { tags: ['schedules'], summary: 'Monitoring schedules', params: OrgParam, response: { 200: z.object({ items: z.array(ScheduleZ) }) } } },
    async (req) => ({ items: await m.listSchedules(ctx, who(req), req.params.orgId) }));
  r.post('/organizations/:orgId/schedules', { config: { access: 'write' }, schema: { tags: ['schedules'], summary: 'Create a schedule (cron or interval, quiet hours, rate)', params: OrgParam, body: ScheduleIn, response: { 201: ScheduleZ } } },
    async (req, reply) => {
      const s = await m.createSchedule(ctx, who(req), req.params.orgId, req.body);
      await audit(deps, req, 'schedule.create', `schedule:${s.id}`, s.orgId, req.body);
      return reply.status(201).send(s);
    });
  r.put('/organizations/:orgId/schedules/:scheduleId', { config: { access: 'write' }, schema: { tags: ['schedules'], summary: 'Replace a schedule', params: idParam('scheduleId'), body: ScheduleIn, response: { 200: ScheduleZ } } },
    async (req) => {
      const s = await m.updateSchedule(ctx, who(req), req.params.orgId, req.params.scheduleId, req.body);
      await audit(deps, req, 'schedule.update', `schedule:${s.id}`, s.orgId, req.body);
      return s;
    });
  r.delete('/organizations/:orgId/schedules/:scheduleId', { config: { access: 'write' }, schema: { tags: ['schedules'], summary: 'Delete a schedule', params: idParam('scheduleId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await m.deleteSchedule(ctx, who(req), req.params.orgId, req.params.scheduleId);
      await audit(deps, req, 'schedule.delete', `schedule:${req.params.scheduleId}`, req.params.orgId);
      return reply.status(204).send(null);
    });
}
