/** @module server/resources/findings — an organisation's findings with their lifecycle; cursor pages, filters; grade history. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { OrgParam, PageQuery, TrendPoints, pageArgs, pageOf, toApiPage, who } from './common.js';
import { downsample } from '../../monitor/dashboard/downsample.js';
import type { PlatformDeps } from './deps.js';
import { ownRunner, runDiffOf } from './scans.js';
import { RunCache, runKey } from './run-cache.js';
import { apiError } from '../errors.js';
import { GradePointZ } from './organizations.js';

const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export const FindingZ = z.object({
  id: z.number().int(), orgId: z.number().int(), host: z.string(), port: z.number().int().nullable(), protocol: z.enum(['tcp', 'udp']).nullable(),
  findingId: z.string(), severity: z.string(), title: z.string(), state: z.enum(['open', 'stale', 'fixed']),
  firstSeen: z.string(), firstRunId: z.number().int(), lastSeen: z.string(), lastRunId: z.number().int(),
  fixedAt: z.string().nullable(), fixedRunId: z.number().int().nullable(), fixedReason: z.string().nullable(),
  reopenedAt: z.string().nullable(), reopenCount: z.number().int(), staleSince: z.string().nullable(),
});
const FindingQuery = PageQuery.extend({
  state: z.enum(['open', 'stale', 'fixed', 'current']).optional(),
  severity: Severity.optional(),
  host: z.string().max(100).optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  findingId: z.string().max(200).optional(),
  service: z.string().max(100).optional(),
});

export async function findingRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;
  const runCache = deps.runCache ?? new RunCache();
  const artifacts = deps.artifacts ?? ownRunner(app, deps);

  r.get('/organizations/:orgId/findings', {
    schema: { tags: ['findings'], summary: 'Findings (first/last seen, fixed, reopened), filtered; cursor pagination', params: OrgParam, querystring: FindingQuery, response: { 200: pageOf(FindingZ) } },
  }, async (req) => {
    const q = req.query;
    const f: m.FindingFilter = {
      ...pageArgs(q), ...(q.state ? { state: q.state } : {}), ...(q.severity ? { severity: q.severity } : {}), ...(q.host !== undefined ? { host: q.host } : {}),
      ...(q.port !== undefined ? { port: q.port } : {}), ...(q.findingId !== undefined ? { findingId: q.findingId } : {}), ...(q.service !== undefined ? { service: q.service } : {}),
    };
    return toApiPage(await m.listFindings(ctx, who(req), req.params.orgId, f));
  });

  r.get('/organizations/:orgId/diff', {
    schema: { tags: ['findings'], summary: 'What changed between two runs (default: the last against the one before): hosts, ports opened/closed, services changed, findings new/fixed/reopened, the grade change and the deductions that moved it', params: OrgParam, querystring: z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ diff: z.unknown().nullable() }) } },
  }, async (req) => {
    const p = who(req);
    const { from, to } = req.query;
    const orgId = req.params.orgId;
    if ((from === undefined) !== (to === undefined)) { throw apiError('GH_ERR_INVALID', 'give both from and to (run ids), or neither'); }
    let a: m.Run | null;
    let b: m.Run | null;
    if (from === undefined || to === undefined) { // the last run against the one before it (monitor/run-diff latestRunDiff)
      b = await m.previousRun(ctx, p, orgId);
      a = b === null ? null : await m.previousRun(ctx, p, orgId, b.id);
      if (a === null || b === null) { return { diff: null }; }
    } else {
      [a, b] = [await m.getRun(ctx, p, orgId, from), await m.getRun(ctx, p, orgId, to)];
    }
    const [fromRun, toRun] = [a, b];
    // Computed once per pair in the worker thread and stored (a 10,000-host diff takes the main thread ~1 s).
    return { diff: await runCache.get(orgId, `diff:${runKey(fromRun)}:${runKey(toRun)}`, () => runDiffOf(deps, artifacts, fromRun, toRun)) };
  });

  r.get('/organizations/:orgId/grade/history', {
    schema: { tags: ['grades'], summary: 'Grade over time (oldest first) for the organisation, a group or a host', params: OrgParam, querystring: z.object({ scope: z.enum(['org', 'group', 'host']).default('org'), key: z.string().max(200).optional(), since: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(10000).default(1000), points: TrendPoints.optional() }), response: { 200: z.object({ items: z.array(GradePointZ) }) } },
  }, async (req) => {
    const q = req.query;
    const items = await m.gradeHistory(ctx, who(req), req.params.orgId, { scope: q.scope, limit: q.limit, ...(q.key !== undefined ? { key: q.key } : {}), ...(q.since !== undefined ? { since: q.since } : {}) });
    return { items: q.points === undefined ? items : downsample(items, q.points) };
  });
}
