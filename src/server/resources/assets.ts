/** @module server/resources/assets — an organisation's assets (CIDRs, addresses, hostnames, domains), groups, and discovered assets awaiting approval. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { NoContent, OrgParam, PageQuery, audit, idParam, pageArgs, pageOf, toApiPage, who } from './common.js';
import type { PlatformDeps } from './deps.js';

const Kind = z.enum(m.ASSET_KINDS);
const AssetZ = m.AssetZ;
const GroupZ = m.AssetGroupZ;
export const DiscoveredZ = m.DiscoveredAssetZ;
const AssetParam = idParam('assetId');
const GroupParam = idParam('groupId');
const DiscParam = idParam('discoveredId');

export async function assetRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;

  r.get('/organizations/:orgId/assets', { schema: { tags: ['assets'], summary: 'Assets, paged', params: OrgParam, querystring: PageQuery.extend({ kind: Kind.optional(), groupId: z.coerce.number().int().positive().optional() }), response: { 200: pageOf(AssetZ) } } },
    async (req) => toApiPage(await m.listAssets(ctx, who(req), req.params.orgId, { ...pageArgs(req.query), ...(req.query.kind ? { kind: req.query.kind } : {}), ...(req.query.groupId !== undefined ? { groupId: req.query.groupId } : {}) })));
  r.post('/organizations/:orgId/assets', { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Add an asset', params: OrgParam, body: z.object({ kind: Kind, value: z.string().min(1).max(300), groupId: z.number().int().positive().nullable().optional() }), response: { 201: AssetZ } } },
    async (req, reply) => {
      const a = await m.addAsset(ctx, who(req), req.params.orgId, req.body);
      await audit(deps, req, 'asset.create', `asset:${a.id}`, a.orgId, { kind: a.kind, value: a.value });
      return reply.status(201).send(a);
    });
  r.patch('/organizations/:orgId/assets/:assetId', { config: { access: 'write' }, schema: { tags: ['assets'], summary: "Move an asset to a group (null: none)", params: AssetParam, body: z.object({ groupId: z.number().int().positive().nullable() }), response: { 204: NoContent } } },
    async (req, reply) => {
      await m.setAssetGroup(ctx, who(req), req.params.orgId, req.params.assetId, req.body.groupId);
      await audit(deps, req, 'asset.update', `asset:${req.params.assetId}`, req.params.orgId, req.body);
      return reply.status(204).send(null);
    });
  r.delete('/organizations/:orgId/assets/:assetId', { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Remove an asset', params: AssetParam, response: { 204: NoContent } } },
    async (req, reply) => {
      await m.deleteAsset(ctx, who(req), req.params.orgId, req.params.assetId);
      await audit(deps, req, 'asset.delete', `asset:${req.params.assetId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/groups', { schema: { tags: ['assets'], summary: 'Asset groups', params: OrgParam, response: { 200: z.object({ items: z.array(GroupZ) }) } } },
    async (req) => ({ items: await m.listGroups(ctx, who(req), req.params.orgId) }));
  r.post('/organizations/:orgId/groups', { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Create an asset group', params: OrgParam, body: z.object({ name: z.string().min(1).max(100) }), response: { 201: GroupZ } } },
    async (req, reply) => {
      const g = await m.createGroup(ctx, who(req), req.params.orgId, req.body.name);
      await audit(deps, req, 'group.create', `group:${g.id}`, g.orgId, { name: g.name });
      return reply.status(201).send(g);
    });
  r.delete('/organizations/:orgId/groups/:groupId', { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Delete an asset group', params: GroupParam, response: { 204: NoContent } } },
    async (req, reply) => {
      await m.deleteGroup(ctx, who(req), req.params.orgId, req.params.groupId);
      await audit(deps, req, 'group.delete', `group:${req.params.groupId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/discovered', { schema: { tags: ['assets'], summary: 'Assets found by discovery (DNS, certificates); out-of-scope ones wait for approval', params: OrgParam, querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }), response: { 200: z.object({ items: z.array(DiscoveredZ) }) } } },
    async (req) => ({ items: await m.listDiscovered(ctx, who(req), req.params.orgId, req.query.status) }));
  r.post('/organizations/:orgId/discovered/:discoveredId', { config: { access: 'write' }, schema: { tags: ['assets'], summary: 'Approve (becomes an asset) or reject a discovered asset', params: DiscParam, body: z.object({ decision: z.enum(['approved', 'rejected']) }), response: { 200: z.object({ asset: AssetZ.nullable() }) } } },
    async (req) => {
      const asset = await m.decideDiscovered(ctx, who(req), req.params.orgId, req.params.discoveredId, req.body.decision);
      await audit(deps, req, `discovered.${req.body.decision}`, `discovered:${req.params.discoveredId}`, req.params.orgId);
      return { asset };
    });
}
