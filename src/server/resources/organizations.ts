/** @module server/resources/organizations — the portfolio: organisations (own, vendors…) with relationship, criticality, and a summary. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { NoContent, OrgParam, PageQuery, audit, pageArgs, pageOf, toApiPage, who } from './common.js';
import type { PlatformDeps } from './deps.js';
import { SummaryCache } from './summary-cache.js';

const Relationship = z.enum(m.RELATIONSHIPS);
const Criticality = z.enum(m.CRITICALITIES);
export const OrganizationZ = z.object({
  id: z.number().int(), name: z.string(), relationship: Relationship, criticality: Criticality,
  parentId: z.number().int().nullable(), tags: z.array(z.string()), createdAt: z.string(),
});
const Input = z.object({
  name: z.string().min(1).max(200), relationship: Relationship.optional(), criticality: Criticality.optional(),
  parentId: z.number().int().positive().nullable().optional(), tags: z.array(z.string().max(64)).max(50).optional(),
});
export const GradePointZ = z.object({ runId: z.number().int(), at: z.string(), score: z.number(), letter: z.string(), basis: z.enum(['active', 'passive']), staleHosts: z.number().int() });
const SummaryZ = z.object({
  organization: OrganizationZ, grade: GradePointZ.nullable(), weekAgo: GradePointZ.nullable(), findings: z.record(z.string(), z.number()),
  hosts: z.object({ up: z.number().int(), stale: z.number().int() }), authorised: z.boolean(), lastRunId: z.number().int().nullable(),
});

export async function organizationRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;
  const summaries = new SummaryCache();

  r.get('/organizations', {
    schema: { tags: ['organizations'], summary: 'Organisations the caller may see (the portfolio)', querystring: PageQuery.extend({ relationship: Relationship.optional(), criticality: Criticality.optional(), parentId: z.coerce.number().int().positive().optional(), tag: z.string().max(64).optional() }), response: { 200: pageOf(OrganizationZ) } },
  }, async (req) => {
    const { relationship, criticality, parentId, tag } = req.query;
    return toApiPage(await m.listOrganizations(ctx, who(req), { ...pageArgs(req.query), ...(relationship ? { relationship } : {}), ...(criticality ? { criticality } : {}), ...(parentId !== undefined ? { parentId } : {}), ...(tag !== undefined ? { tag } : {}) }));
  });

  r.post('/organizations', { config: { access: 'write' }, schema: { tags: ['organizations'], summary: 'Create an organisation (admin)', body: Input, response: { 201: OrganizationZ } } },
    async (req, reply) => {
      const o = await m.createOrganization(ctx, who(req), req.body);
      await audit(deps, req, 'organization.create', `organization:${o.id}`, o.id, { name: o.name });
      return reply.status(201).send(o);
    });

  r.get('/organizations/:orgId', { schema: { tags: ['organizations'], summary: 'One organisation', params: OrgParam, response: { 200: OrganizationZ } } },
    async (req) => m.getOrganization(ctx, who(req), req.params.orgId));

  r.patch('/organizations/:orgId', { config: { access: 'write' }, schema: { tags: ['organizations'], summary: 'Change an organisation', params: OrgParam, body: Input.partial(), response: { 200: OrganizationZ } } },
    async (req) => {
      const o = await m.updateOrganization(ctx, who(req), req.params.orgId, req.body);
      await audit(deps, req, 'organization.update', `organization:${o.id}`, o.id, req.body);
      return o;
    });

  r.delete('/organizations/:orgId', { config: { access: 'write' }, schema: { tags: ['organizations'], summary: 'Delete an organisation and what it owns (admin)', params: OrgParam, response: { 204: NoContent } } },
    async (req, reply) => {
      await m.deleteOrganization(ctx, who(req), req.params.orgId);
      await audit(deps, req, 'organization.delete', `organization:${req.params.orgId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/summary', { schema: { tags: ['organizations'], summary: 'Grade, change since last week, open findings by severity, hosts', params: OrgParam, response: { 200: SummaryZ } } },
    async (req) => summaries.summary(ctx, who(req), req.params.orgId));
}
