/** @module server/auth/audit-routes — the audit log: all of it for admins (/audit), an organisation's part for its members. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from '../context.js';
import { AuditZ } from './schemas.js';

const Page = z.object({ items: z.array(AuditZ), next: z.string().nullable() });
const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().regex(/^\d+$/).optional() });

export async function auditRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const page = async (orgs: readonly number[] | 'all', q: z.infer<typeof Query>) => {
    const items = await deps.auth.listAudit(orgs, q.limit, q.cursor === undefined ? undefined : Number(q.cursor));
    const last = items.at(-1);
    return { items, next: items.length === q.limit && last ? String(last.id) : null };
  };
  r.get('/audit', { config: { access: 'admin' }, schema: { tags: ['audit'], summary: 'The whole audit log, newest first', querystring: Query, response: { 200: Page } } },
    async (req) => page('all', req.query));
  r.get('/organizations/:orgId/audit', {
    config: { access: 'read' },
    schema: { tags: ['audit'], summary: "The organisation's audit log, newest first", params: z.object({ orgId: z.coerce.number().int().positive() }), querystring: Query, response: { 200: Page } },
  }, async (req) => page([req.params.orgId], req.query));
}
