/**
 * @module server/resources/scans — an organisation's runs: list, one run, its grade, explain, plan, and report
 * downloads (html, md, pdf, sarif, csv, json) rendered from the stored scan by src/report.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import type { ScanDocument } from '../../core/types.js';
import type { Plan } from '../../score/plan.js';
import type { Grade } from '../../core/grade.js';
import type { RunDiff } from '../../monitor/run-diff.js';
import { apiError } from '../errors.js';
import { OrgParam, PageQuery, idParam, pageArgs, pageOf, toApiPage, who } from './common.js';
import type { PlatformDeps } from './deps.js';
import { RunCache, runKey } from './run-cache.js';
import { ArtifactRunner } from '../artifacts/runner.js';
import { explainPage, storedDiff, storedGrade, storedPlan, type ArtifactJob, type ArtifactSpec } from '../../monitor/dashboard/run-artifacts.js';
import { GatehouseError } from '../../errors/index.js';

export const RunZ = z.object({
  id: z.number().int(), orgId: z.number().int(), scanId: z.number().int().nullable(), scheduleId: z.number().int().nullable(),
  kind: z.enum(['active', 'passive', 'import']), status: z.enum(['running', 'finished', 'interrupted', 'failed']), basis: z.enum(['active', 'passive']),
  targets: z.array(z.string()), ports: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), ingestedAt: z.string().nullable(),
  error: z.string().nullable(), score: z.number().nullable(), letter: z.string().nullable(), resumedFrom: z.number().int().nullable(),
});
const RunParam = idParam('runId');
const FORMATS = ['html', 'md', 'pdf', 'sarif', 'csv', 'json'] as const;
const MIME: Record<typeof FORMATS[number], string> = {
  html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8', pdf: 'application/pdf',
  sarif: 'application/sarif+json', csv: 'text/csv; charset=utf-8', json: 'application/json',
};

export const publicRun = (r: m.Run): z.infer<typeof RunZ> => {
  const { request: _req, pid: _pid, ...rest } = r;
  return rest;
};

/** A run of the organisation (tenancy checked), or the latest ingested one when runId is 'latest'. */
export async function resolveRun(deps: PlatformDeps, p: m.Principal, orgId: number, runId: number | 'latest'): Promise<m.Run> {
  const run = runId === 'latest' ? await m.previousRun(deps.monitor, p, orgId) : await m.getRun(deps.monitor, p, orgId, runId);
  if (run === null) { throw apiError('GH_ERR_NOT_FOUND', `organisation ${orgId} has no ingested run yet`); }
  return run;
}

/** The stored scan behind a resolved run. */
async function documentOf(deps: PlatformDeps, run: m.Run): Promise<ScanDocument> {
  const doc = run.scanId === null ? null : await deps.store.getScan(run.scanId);
  if (doc === null) { throw apiError('GH_ERR_NOT_FOUND', `run ${run.id} has no stored scan`); }
  return doc;
}

/** The stored scan behind a run (or the latest ingested run when runId is 'latest'). */
export async function runDocument(deps: PlatformDeps, p: m.Principal, orgId: number, runId: number | 'latest'): Promise<{ run: m.Run; doc: ScanDocument }> {
  const run = await resolveRun(deps, p, orgId, runId);
  return { run, doc: await documentOf(deps, run) };
}

/** Plans are computed at least this deep and cut to the `top` asked. */
const PLAN_STEPS = 10;

/** The plan of `top` steps from a deeper one: the same steps, and the score and letter after the last one kept. */
function firstSteps(plan: Plan, top: number): Plan {
  if (plan.steps.length <= top) { return plan; }
  const steps = plan.steps.slice(0, top);
  const last = steps[steps.length - 1];
  return last === undefined ? { ...plan, steps, scoreAfter: plan.score, letterAfter: plan.letter } : { ...plan, steps, scoreAfter: last.scoreAfter, letterAfter: last.letterAfter };
}

const Proto = z.enum(['tcp', 'udp']).nullable();
const Sev = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const ContributionZ = z.object({
  host: z.string(), port: z.number().int().nullable(), protocol: Proto, findingId: z.string(), title: z.string(), severity: Sev,
  factor: z.string(), penalty: z.number(), repeat: z.number().int(), hostPoints: z.number(), orgPoints: z.number(), local: z.boolean(),
});
const FixZ = z.object({
  kind: z.enum(['close-port', 'fix-finding']), host: z.string(), locations: z.array(z.object({ port: z.number().int().nullable(), protocol: Proto })).readonly(),
  findingIds: z.array(z.string()).readonly(), action: z.string(), severity: Sev,
});
const CapZ = z.object({
  letter: z.string(), severity: z.enum(['critical', 'high']), findingIds: z.array(z.string()), uncappedLetter: z.string(), letterAfterLift: z.string(),
  holders: z.array(z.object({ host: z.string(), port: z.number().int().nullable(), protocol: Proto, findingId: z.string() })).readonly().describe('`capLimit` of the findings holding the cap, from `capOffset`'),
  holdersTotal: z.number().int().describe('findings holding the cap'),
  fixes: z.array(FixZ).readonly().describe('`capLimit` of the fixes that lift the cap, from `capOffset`'),
  fixesTotal: z.number().int().describe('fixes that lift the cap'),
  lift: z.string().describe('the listed fixes, in words'),
});
const ExplainQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(1000).describe('contributions in this page'),
  offset: z.coerce.number().int().min(0).default(0),
  capLimit: z.coerce.number().int().min(1).max(1000).default(100).describe('cap holders and cap fixes in this page'),
  capOffset: z.coerce.number().int().min(0).default(0),
});
const ExplainResponse = z.object({
  runId: z.number().int(),
  explanation: z.object({ grade: z.unknown(), contributions: z.array(ContributionZ).readonly(), cap: CapZ.optional() }),
  total: z.number().int().describe('contributions in the whole explanation'),
  offset: z.number().int(),
  capOffset: z.number().int(),
});

export { firstSteps, PLAN_STEPS };

export async function scanRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;
  const runRef = z.object({ run: z.union([z.literal('latest'), z.coerce.number().int().positive()]).default('latest') });
  const cache = deps.runCache ?? new RunCache();
  const artifacts = deps.artifacts ?? ownRunner(app, deps);

  r.get('/organizations/:orgId/scans', { schema: { tags: ['scans'], summary: 'Runs, newest first', params: OrgParam, querystring: PageQuery.extend({ status: z.enum(['running', 'finished', 'interrupted', 'failed']).optional() }), response: { 200: pageOf(RunZ) } } },
    async (req) => {
      const page = await m.listRuns(ctx, who(req), req.params.orgId, { ...pageArgs(req.query), ...(req.query.status ? { status: req.query.status } : {}) });
      return toApiPage({ items: page.items.map(publicRun), next: page.next });
    });
  r.get('/organizations/:orgId/scans/:runId', { schema: { tags: ['scans'], summary: 'One run', params: RunParam, response: { 200: RunZ } } },
    async (req) => publicRun(await m.getRun(ctx, who(req), req.params.orgId, req.params.runId)));
  r.get('/organizations/:orgId/scans/:runId/document', { schema: { tags: ['scans'], summary: 'The stored scan as a contract-v1 JSON document', params: RunParam, response: { 200: z.unknown() } } },
    async (req) => (await runDocument(deps, who(req), req.params.orgId, req.params.runId)).doc);

  r.get('/organizations/:orgId/grade', { schema: { tags: ['grades'], summary: "The grade after a run (default the latest), with factors and deductions", params: OrgParam, querystring: runRef, response: { 200: z.object({ runId: z.number().int(), grade: z.unknown() }) } } },
    async (req) => {
      const p = who(req);
      const run = await resolveRun(deps, p, req.params.orgId, req.query.run);
      const grade = await cache.get(req.params.orgId, `grade:${runKey(run)}`, async () => {
        return runGradeOf(deps, artifacts, p, run);
      });
      return { runId: run.id, grade };
    });
  r.get('/organizations/:orgId/explain', { schema: { tags: ['grades'], summary: 'Every finding with the points it costs the host and the organisation, most points first: `limit` contributions from `offset` (default the first 1,000) and their `total`; the letter cap with `capLimit` of its holders and of its fixes from `capOffset` (default 100) and their totals. Computed once per run off the main thread and stored', params: OrgParam, querystring: runRef.extend(ExplainQuery.shape), response: { 200: ExplainResponse } } },
    async (req) => {
      const run = await resolveRun(deps, who(req), req.params.orgId, req.query.run);
      const { limit, offset, capLimit, capOffset } = req.query;
      const q = { limit, offset, capLimit, capOffset };
      let page = await explainPage(ctx, run, q);
      if (page === null) {
        await artifacts.run(jobOf(run, { what: 'explain' }));
        page = await explainPage(ctx, run, q);
        if (page === null) { throw new GatehouseError('GH_ERR_INTERNAL', `run ${run.id}: explanation not stored after computing it`); }
      }
      const { total, ...explanation } = page;
      return { runId: run.id, explanation, total, offset, capOffset };
    });
  r.get('/organizations/:orgId/plan', { schema: { tags: ['grades'], summary: 'Fixes ranked by grade gained, with the grade after each', params: OrgParam, querystring: runRef.extend({ top: z.coerce.number().int().min(1).max(1000).default(10) }), response: { 200: z.object({ runId: z.number().int(), plan: z.unknown() }) } } },
    async (req) => {
      const run = await resolveRun(deps, who(req), req.params.orgId, req.query.run);
      // The greedy plan's first k steps do not depend on how many follow: one plan of at least PLAN_STEPS serves
      // every smaller top (the organisation page asks 5, the executive summary 3).
      const depth = Math.max(req.query.top, PLAN_STEPS);
      const plan = await cache.get(req.params.orgId, `plan:${runKey(run)}:${depth}`, () => runPlan(deps, artifacts, run, depth));
      return { runId: run.id, plan: firstSteps(plan, req.query.top) };
    });

  r.get('/organizations/:orgId/reports/:format', {
    schema: { tags: ['reports'], summary: 'Download a report of a run (default the latest): html, md, pdf, sarif, csv, json', params: OrgParam.extend({ format: z.enum(FORMATS) }), querystring: runRef },
  }, async (req, reply) => {
    const { run, doc } = await runDocument(deps, who(req), req.params.orgId, req.query.run);
    const format = req.params.format;
    let body: string | Buffer;
    if (format === 'json') {
      const { withGrades } = await import('../../score/document.js');
      body = JSON.stringify(withGrades(doc));
    } else {
      const { summarise } = await import('../../score/summary.js');
      const s = summarise(doc, { top: 5 });
      switch (format) {
        case 'html': body = (await import('../../report/html.js')).renderHtml(s); break;
        case 'md': body = (await import('../../report/md.js')).renderMarkdown(s); break;
        case 'csv': body = (await import('../../report/csv.js')).renderCsv(s); break;
        case 'sarif': body = (await import('../../report/sarif.js')).renderSarif(s); break;
        case 'pdf': body = await (await import('../../report/pdf.js')).htmlToPdf((await import('../../report/html.js')).renderHtml(s)); break;
      }
    }
    const ext = format === 'sarif' ? 'sarif.json' : format;
    return reply.type(MIME[format]).header('content-disposition', `attachment; filename="gatehouse-org${req.params.orgId}-run${run.id}.${ext}"`).send(body);
  });
}

/** The job computing `spec` for `run`. */
export function jobOf(run: m.Run, spec: ArtifactSpec): ArtifactJob {
  if (run.scanId === null) { throw apiError('GH_ERR_NOT_FOUND', `run ${run.id} has no stored scan`); }
  return { runId: run.id, orgId: run.orgId, scanId: run.scanId, ...spec };
}

/** The run's grade: stored at ingest, else computed from its document by `artifacts` (off the main thread) and stored. */
export async function runGradeOf(deps: PlatformDeps, artifacts: ArtifactRunner, p: m.Principal, run: m.Run): Promise<Grade> {
  const stored = (await m.runGrade(deps.monitor, p, run.orgId, run.id)) ?? await storedGrade(deps.monitor, run);
  if (stored !== null) { return stored; }
  await artifacts.run(jobOf(run, { what: 'explain' }));
  const computed = await storedGrade(deps.monitor, run);
  if (computed === null) { throw new GatehouseError('GH_ERR_INTERNAL', `run ${run.id}: grade not stored after computing it`); }
  return computed;
}

/** The run's plan at least `depth` steps deep: stored, else computed by `artifacts` (off the main thread) and stored. */
export async function runPlan(deps: PlatformDeps, artifacts: ArtifactRunner, run: m.Run, depth: number): Promise<Plan> {
  const stored = await storedPlan(deps.monitor, run, depth);
  if (stored !== null) { return stored; }
  await artifacts.run(jobOf(run, { what: 'plan', depth }));
  const computed = await storedPlan(deps.monitor, run, depth);
  if (computed === null) { throw new GatehouseError('GH_ERR_INTERNAL', `run ${run.id}: plan not stored after computing it`); }
  return computed;
}

/** The diff of run `from` → `to` (both resolved through tenancy): stored, else computed by `artifacts` (off the main thread) and stored. */
export async function runDiffOf(deps: PlatformDeps, artifacts: ArtifactRunner, from: m.Run, to: m.Run): Promise<RunDiff> {
  const stored = await storedDiff(deps.monitor, to, from.id);
  if (stored !== null) { return stored; }
  await artifacts.run(jobOf(to, { what: 'diff', from: from.id }));
  const computed = await storedDiff(deps.monitor, to, from.id);
  if (computed === null) { throw new GatehouseError('GH_ERR_INTERNAL', `run ${to.id}: diff from run ${from.id} not stored after computing it`); }
  return computed;
}

/** A runner for a server built without one (tests): closed with the app. */
export function ownRunner(app: FastifyInstance, deps: PlatformDeps): ArtifactRunner {
  const runner = new ArtifactRunner(deps.monitor, deps.store, app.log);
  app.addHook('onClose', async () => { await runner.close(); });
  return runner;
}
