/**
 * @module monitor/dashboard/finding-type — one kind of finding (a check id) across an organisation: what it is, how
 * to fix it, and every place it occurs with the lifecycle and the evidence bytes of the last scan that saw it
 * (escaped evidence text decoded back to bytes, base64, capped per exchange).
 */
import type { Exchange, Finding, HostResult } from '../../core/types.js';
import { unescapeBytes } from '../../core/escape.js';
import { catalogue } from '../../knowledge/catalogue.js';
import type { MonitorCtx } from '../context.js';
import { assertRead, notFound, type Principal } from '../principal.js';
import { toTracked } from '../repo/findings.js';

export const EVIDENCE_CAP = 4096;
export interface EvidencePart { readonly direction: 'sent' | 'received'; readonly base64: string; readonly truncated: boolean; readonly note?: string }
export interface Occurrence {
  readonly address: string; readonly port: number | null; readonly protocol: 'tcp' | 'udp' | null; readonly state: string;
  readonly firstSeen: string; readonly lastSeen: string; readonly fixedAt: string | null; readonly reopenCount: number;
  /** The one-sentence observation of the last scan that saw it. */
  readonly observed: string | null;
  readonly evidence: EvidencePart[];
}
export interface FindingType {
  readonly checkId: string; readonly title: string; readonly severity: string; readonly description: string;
  readonly remediation: string; readonly references: string[]; readonly total: number; readonly occurrences: Occurrence[];
}

function parts(xs: readonly Exchange[] | undefined): EvidencePart[] {
  const out: EvidencePart[] = [];
  for (const x of xs ?? []) {
    for (const [direction, text] of [['sent', x.sent], ['received', x.received]] as const) {
      if (text === null) { continue; }
      const bytes = unescapeBytes(text);
      const part: EvidencePart = { direction, base64: bytes.subarray(0, EVIDENCE_CAP).toString('base64'), truncated: bytes.length > EVIDENCE_CAP || (direction === 'received' && x.truncated === true) };
      out.push(x.note !== undefined && direction === 'received' ? { ...part, note: x.note } : part);
    }
  }
  return out;
}

function findIn(h: HostResult, port: number | null, protocol: string | null, id: string): Finding | undefined {
  if (protocol === null) { return h.findings?.find((f) => f.id === id); }
  return h.ports.find((p) => p.port === port && p.protocol === protocol)?.findings?.find((f) => f.id === id);
}

export async function findingType(ctx: MonitorCtx, p: Principal, orgId: number, checkId: string, opts: { limit?: number } = {}): Promise<FindingType> {
  assertRead(p, orgId);
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 1000);
  const rows = (await ctx.db.selectFrom('finding_states').selectAll().where('org_id', '=', orgId).where('finding_id', '=', checkId)
    .orderBy('last_seen', 'desc').orderBy('id').limit(limit).execute()).map(toTracked);
  if (rows.length === 0) { throw notFound('finding type'); }
  const total = Number((await ctx.db.selectFrom('finding_states').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('finding_id', '=', checkId).executeTakeFirst())?.n ?? 0);
  const runScans = new Map<number, number>();
  const runIds = [...new Set(rows.map((r) => r.lastRunId))];
  for (const r of await ctx.db.selectFrom('runs').select(['id', 'scan_id']).where('org_id', '=', orgId).where('id', 'in', runIds).execute()) {
    if (r.scan_id !== null) { runScans.set(Number(r.id), Number(r.scan_id)); }
  }
  const docs = new Map<string, HostResult>();
  const byScan = new Map<number, string[]>();
  for (const r of rows) { const s = runScans.get(r.lastRunId); if (s !== undefined) { byScan.set(s, [...new Set([...(byScan.get(s) ?? []), r.host])]); } }
  for (const [scanId, hosts] of byScan) {
    for (let i = 0; i < hosts.length; i += 500) {
      for (const d of await ctx.db.selectFrom('hosts').select(['address', 'document']).where('scan_id', '=', scanId).where('address', 'in', hosts.slice(i, i + 500)).execute()) {
        docs.set(`${scanId}|${d.address}`, JSON.parse(d.document) as HostResult);
      }
    }
  }
  let sample: Finding | undefined;
  const occurrences = rows.map((r): Occurrence => {
    const h = docs.get(`${runScans.get(r.lastRunId) ?? -1}|${r.host}`);
    const f = h === undefined ? undefined : findIn(h, r.port, r.protocol, checkId);
    sample ??= f;
    return {
      address: r.host, port: r.port, protocol: r.protocol, state: r.state, firstSeen: r.firstSeen, lastSeen: r.lastSeen, fixedAt: r.fixedAt,
      reopenCount: r.reopenCount, observed: f?.evidence ?? null, evidence: parts(f?.exchanges),
    };
  });
  const risk = catalogue().risks.find((k) => k.checks.includes(checkId));
  const first = rows[0]!;
  return {
    checkId, title: sample?.title ?? first.title, severity: sample?.severity ?? first.severity,
    description: risk?.why ?? sample?.evidence ?? first.title,
    remediation: sample?.remediation ?? risk?.secure.join(' ') ?? '', references: sample?.references ?? risk?.references ?? [],
    total, occurrences,
  };
}
