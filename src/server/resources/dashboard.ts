/**
 * @module server/resources/dashboard — the dashboard's read models: the portfolio (one row per organisation),
 * an organisation's hosts and one host, one finding type with its evidence, and the change timeline. Thin: the
 * queries live in monitor/dashboard, tenancy inside them.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as m from '../../monitor/index.js';
import { portfolio } from '../../monitor/dashboard/portfolio.js';
import { DEFAULT_TREND_POINTS } from '../../monitor/dashboard/downsample.js';
import { FindingCountCache } from '../../monitor/dashboard/finding-counts.js';
import { FactsGate, listHosts } from '../../monitor/dashboard/hosts.js';
import { hostDetail } from '../../monitor/dashboard/host-detail.js';
import { findingType } from '../../monitor/dashboard/finding-type.js';
import { listChanges } from '../../monitor/dashboard/changes.js';
import { OrgParam, PageQuery, TrendPoints, pageArgs, pageOf, toApiPage, who } from './common.js';
import type { PlatformDeps } from './deps.js';
import { ownRunner, runDiffOf } from './scans.js';
import { GradePointZ, OrganizationZ } from './organizations.js';
import { FindingZ } from './findings.js';

const Counts = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), info: z.number().int() });
const PortfolioRowZ = z.object({
  organization: OrganizationZ, grade: GradePointZ.nullable(),
  trend: z.array(z.object({ at: z.string(), score: z.number(), letter: z.string() })),
  weekDelta: z.number().nullable(),
  weakestFactor: z.object({ factor: z.string(), label: z.string(), points: z.number() }).nullable(),
  findings: Counts,
});
const OsZ = z.object({ family: z.string(), name: z.string(), version: z.string().optional(), confidence: z.number() });
export const HostRowZ = z.object({
  address: z.string(), hostname: z.string().nullable(), score: z.number().nullable(), letter: z.string().nullable(),
  openPorts: z.number().int(), ports: z.array(z.number().int()), os: OsZ.nullable(), lastSeen: z.string(), stale: z.boolean(), findings: Counts,
});
const HostQuery = z.object({
  cursor: z.string().max(200).optional().describe('the `next` of the previous page (opaque)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  q: z.string().max(200).optional().describe('substring of the address or hostname'),
  letter: z.enum(['A', 'B', 'C', 'D', 'F']).optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  service: z.string().max(100).optional(),
  os: z.enum(['linux', 'windows', 'macos', 'bsd']).optional(),
  stale: z.enum(['true', 'false']).optional(),
});
const AddressParam = OrgParam.extend({ address: z.string().min(1).max(100) });
const TlsZ = z.object({ versions: z.array(z.string()), certificateSubject: z.string().nullable(), notAfter: z.string().nullable(), findings: z.array(z.string()) });
const PortViewZ = z.object({ port: z.number().int(), protocol: z.enum(['tcp', 'udp']), state: z.string(), service: z.string(), product: z.string().nullable(), version: z.string().nullable(), tls: TlsZ.nullable() });
const HostDetailZ = z.object({
  host: HostRowZ, ports: z.array(PortViewZ), findings: z.array(FindingZ),
  history: z.array(z.object({ runId: z.number().int(), at: z.string(), score: z.number(), letter: z.string() })),
});
const EvidenceZ = z.object({ direction: z.enum(['sent', 'received']), base64: z.string(), truncated: z.boolean(), note: z.string().optional() });
const FindingTypeZ = z.object({
  checkId: z.string(), title: z.string(), severity: z.string(), description: z.string(), remediation: z.string(), references: z.array(z.string()),
  total: z.number().int().describe('occurrences in the organisation (the list is capped by limit)'),
  occurrences: z.array(z.object({
    address: z.string(), port: z.number().int().nullable(), protocol: z.enum(['tcp', 'udp']).nullable(), state: z.string(),
    firstSeen: z.string(), lastSeen: z.string(), fixedAt: z.string().nullable(), reopenCount: z.number().int(), observed: z.string().nullable(), evidence: z.array(EvidenceZ),
  })),
});
const capped = <T extends z.ZodType>(t: T) => z.object({ count: z.number().int(), items: z.array(t) });
const PortRefZ = z.object({ host: z.string(), port: z.number().int(), protocol: z.enum(['tcp', 'udp']), service: z.string() });
const SvcZ = z.object({ name: z.string(), product: z.string().nullable(), version: z.string().nullable() });
const FindingRefZ = z.object({ host: z.string(), port: z.number().int().nullable(), protocol: z.enum(['tcp', 'udp']).nullable(), id: z.string(), severity: z.string(), title: z.string() });
const ChangeZ = z.object({
  runId: z.number().int(), previousRunId: z.number().int().nullable(), at: z.string(),
  grade: z.object({ from: z.number().nullable(), to: z.number().nullable(), delta: z.number().nullable(), fromLetter: z.string().nullable(), toLetter: z.string().nullable() }),
  hostsAppeared: capped(z.string()), hostsDisappeared: capped(z.string()),
  portsOpened: capped(PortRefZ), portsClosed: capped(PortRefZ),
  servicesChanged: capped(z.object({ host: z.string(), port: z.number().int(), protocol: z.enum(['tcp', 'udp']), before: SvcZ, after: SvcZ })),
  findingsNew: capped(FindingRefZ), findingsFixed: capped(FindingRefZ), findingsReopened: capped(FindingRefZ),
  detailed: z.boolean(),
});

export async function dashboardRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;
  const facts = new FactsGate();
  const findingCounts = new FindingCountCache();
  const artifacts = deps.artifacts ?? ownRunner(app, deps);

  r.get('/portfolio', {
    schema: { tags: ['dashboard'], summary: 'Every organisation the caller may see with its grade, 90-day trend, change since a week before, weakest factor and current findings by severity', querystring: z.object({ relationship: z.enum(m.RELATIONSHIPS).optional(), criticality: z.enum(m.CRITICALITIES).optional(), points: TrendPoints.default(DEFAULT_TREND_POINTS) }), response: { 200: z.object({ items: z.array(PortfolioRowZ) }) } },
  }, async (req) => {
    const { relationship, criticality, points } = req.query;
    return { items: await portfolio(ctx, who(req), { ...(relationship ? { relationship } : {}), ...(criticality ? { criticality } : {}), trendPoints: points }, findingCounts) };
  });

  r.get('/organizations/:orgId/hosts', {
    schema: { tags: ['dashboard'], summary: 'Current hosts (up, or stale within the grace period) with grade, open ports, OS, last seen and findings; filters; cursor pagination by address', params: OrgParam, querystring: HostQuery, response: { 200: pageOf(HostRowZ) } },
  }, async (req) => {
    const q = req.query;
    await facts.ensure(ctx, who(req), req.params.orgId);
    const page = await listHosts(ctx, who(req), req.params.orgId, {
      ensure: false, limit: q.limit, ...(q.cursor !== undefined ? { after: Buffer.from(q.cursor, 'base64url').toString('utf8') } : {}),
      ...(q.q !== undefined ? { q: q.q } : {}), ...(q.letter ? { letter: q.letter } : {}), ...(q.port !== undefined ? { port: q.port } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}), ...(q.os ? { os: q.os } : {}), ...(q.stale ? { stale: q.stale === 'true' } : {}),
    });
    return { items: page.items.map(({ scanId: _s, ...row }) => row), next: page.next === null ? null : Buffer.from(page.next, 'utf8').toString('base64url') };
  });

  r.get('/organizations/:orgId/hosts/:address', {
    schema: { tags: ['dashboard'], summary: 'One host: ports with service, version and TLS, its findings with their lifecycle, its grade history', params: AddressParam, response: { 200: HostDetailZ } },
  }, async (req) => {
    const d = await hostDetail(ctx, who(req), req.params.orgId, req.params.address);
    const { scanId: _s, ...host } = d.host;
    return { ...d, host };
  });

  r.get('/organizations/:orgId/finding-types/:checkId', {
    schema: { tags: ['dashboard'], summary: 'One kind of finding: description, remediation, references, and every occurrence with first/last seen and the evidence bytes (base64)', params: OrgParam.extend({ checkId: z.string().min(1).max(200) }), querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }), response: { 200: FindingTypeZ } },
  }, async (req) => findingType(ctx, who(req), req.params.orgId, req.params.checkId, { limit: req.query.limit }));

  r.get('/organizations/:orgId/changes', {
    schema: { tags: ['dashboard'], summary: 'The change timeline, newest first: each ingested run against the one before (grade change, ports, services, findings; lists capped at 50 with counts); cursor pagination', params: OrgParam, querystring: PageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: pageOf(ChangeZ) } },
  }, async (req) => toApiPage(await listChanges(ctx, who(req), req.params.orgId, pageArgs(req.query), (a, b) => runDiffOf(deps, artifacts, a, b))));
}
