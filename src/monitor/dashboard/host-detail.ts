/**
 * @module monitor/dashboard/host-detail — one host of an organisation: its row, its ports (service, version, a TLS
 * summary) from its last answering scan, every finding it has had with the lifecycle, and its grade history.
 */
import type { HostResult, PortResult } from '../../core/types.js';
import { factorOf } from '../../score/factors.js';
import type { MonitorCtx } from '../context.js';
import { notFound, type Principal } from '../principal.js';
import { toTracked, type TrackedFinding } from '../repo/findings.js';
import { gradeHistory } from '../repo/grades.js';
import { listHosts, type HostRow } from './hosts.js';

export interface TlsView { readonly versions: string[]; readonly certificateSubject: string | null; readonly notAfter: string | null; readonly findings: string[] }
export interface PortView {
  readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly state: string; readonly service: string;
  readonly product: string | null; readonly version: string | null; readonly tls: TlsView | null;
}
export interface HostDetail {
  readonly host: HostRow;
  readonly ports: PortView[];
  readonly findings: TrackedFinding[];
  readonly history: Array<{ runId: number; at: string; score: number; letter: string }>;
}

function tlsOf(p: PortResult): TlsView | null {
  if (p.tls === undefined) { return null; }
  const cert = (p.tls as { certificate?: { subject?: unknown; notAfter?: unknown } | null }).certificate ?? null;
  return {
    versions: p.tls.protocols,
    certificateSubject: typeof cert?.subject === 'string' ? cert.subject : null,
    notAfter: typeof cert?.notAfter === 'string' ? cert.notAfter : null,
    findings: (p.findings ?? []).filter((f) => factorOf(f.id) === 'encryption').map((f) => f.id),
  };
}

export const portView = (p: PortResult): PortView => ({
  port: p.port, protocol: p.protocol, state: p.state, service: p.service.name,
  product: p.service.product ?? null, version: p.service.version ?? null, tls: tlsOf(p),
});

export async function hostDetail(ctx: MonitorCtx, p: Principal, orgId: number, address: string): Promise<HostDetail> {
  const host = (await listHosts(ctx, p, orgId, { address, limit: 1 })).items[0];
  if (host === undefined) { throw notFound('host'); }
  const doc = await ctx.db.selectFrom('hosts').select('document').where('scan_id', '=', host.scanId).where('address', '=', address).executeTakeFirst();
  const h = doc === undefined ? null : JSON.parse(doc.document) as HostResult;
  const ports = (h?.ports ?? []).map(portView).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  const rows = await ctx.db.selectFrom('finding_states').selectAll().where('org_id', '=', orgId).where('host', '=', address).orderBy('id').limit(5000).execute();
  const history = (await gradeHistory(ctx, p, orgId, { scope: 'host', key: address, limit: 1000 })).map((g) => ({ runId: g.runId, at: g.at, score: g.score, letter: g.letter }));
  return { host, ports, findings: rows.map(toTracked), history };
}
