/**
 * @module server/resources/executive — the executive summary of an organisation (report/executive) as HTML or PDF
 * (report/pdf, headless Chromium): the latest grade and what it means, the three fixes that gain most (score/plan),
 * the 90-day trend and the change against a week before.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { OrgParam, who } from './common.js';
import type { PlatformDeps } from './deps.js';
import { PLAN_STEPS, firstSteps, ownRunner, resolveRun, runGradeOf, runPlan } from './scans.js';

export async function executiveRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;
  const artifacts = deps.artifacts ?? ownRunner(app, deps);

  r.get('/organizations/:orgId/reports/executive', {
    schema: { tags: ['reports'], summary: 'Executive summary (one plain-language page: what the grade means, the three fixes that gain most, the trend) as HTML or PDF', params: OrgParam, querystring: z.object({ format: z.enum(['html', 'pdf']).default('html') }) },
  }, async (req, reply) => {
    const p = who(req);
    const orgId = req.params.orgId;
    const summary = await m.organizationSummary(ctx, p, orgId);
    const run = await resolveRun(deps, p, orgId, 'latest');
    // The plan (and, for a run ingested without one, the grade) from the run's stored artifacts, computed off the main thread once.
    const plan = firstSteps(await runPlan(deps, artifacts, run, PLAN_STEPS), 3);
    const grade = await runGradeOf(deps, artifacts, p, run);
    const since = new Date(ctx.now().getTime() - 90 * 86_400_000).toISOString();
    const trend = (await m.gradeHistory(ctx, p, orgId, { since, limit: 2000 })).map((g) => ({ at: g.at, score: g.score, letter: g.letter }));
    const { renderExecutive } = await import('../../report/executive.js');
    const html = renderExecutive({
      organization: summary.organization.name, grade, weekAgo: summary.weekAgo, fixes: plan.steps, trend,
      hosts: summary.hosts.up + summary.hosts.stale, findings: summary.findings, generated: ctx.now().toISOString(), basis: summary.grade?.basis ?? run.basis,
    });
    const name = `gatehouse-org${orgId}-run${run.id}-executive`;
    if (req.query.format === 'html') { return reply.type('text/html; charset=utf-8').header('content-disposition', `inline; filename="${name}.html"`).send(html); }
    const pdf = await (await import('../../report/pdf.js')).htmlToPdf(html);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(pdf);
  });
}
