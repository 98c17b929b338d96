/**
 * @module server/resources/discovery — run asset discovery for an organisation now (DNS of its domain assets through
 * the server's configured resolver, certificate SANs of its latest scan). Results land in the discovered assets
 * (GET …/discovered), out-of-scope ones awaiting approval; nothing is scanned. Write access; audited.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { DiscoveredZ } from './assets.js';
import { OrgParam, audit, who } from './common.js';
import type { PlatformDeps } from './deps.js';

const ReportZ = z.object({
  domains: z.array(z.string()), discovered: z.array(DiscoveredZ), notes: z.array(z.string()), queries: z.number().int(),
  cutShort: z.boolean().describe('the overall discovery deadline stopped the DNS walks; `discovered` holds what was found before it (a note says so)'),
});

export async function discoveryRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/organizations/:orgId/discovery', { config: { access: 'write' }, schema: { tags: ['assets'], summary: "Discover assets now from the organisation's domains (DNS through the server's resolver) and certificate SANs; out-of-scope results wait for approval and are never scanned", params: OrgParam, response: { 200: ReportZ } } },
    async (req) => {
      const report = await m.discoverOrganization(deps.monitor, who(req), req.params.orgId, { resolver: deps.resolver ?? null });
      await audit(deps, req, 'discovery.run', `organization:${req.params.orgId}`, req.params.orgId,
        { domains: report.domains, discovered: report.discovered.length, outOfScope: report.discovered.filter((d) => !d.inScope).length, queries: report.queries, cutShort: report.cutShort });
      return { ...report, domains: [...report.domains], discovered: [...report.discovered], notes: [...report.notes] };
    });
}
