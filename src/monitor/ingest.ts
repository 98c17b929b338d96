/**
 * @module monitor/ingest — folds a stored scan into an organisation: its run, the finding lifecycle, host
 * liveness (stale grace), and the grade history per organisation, asset group and host, in one transaction.
 * The organisation's grade after a run is computed over its *current* hosts: those that answered in this run,
 * plus those that did not but are still within the grace period (stale; graded from their last answer), plus
 * those this run did not cover. docs/watch.md § Ingest, docs/scoring.md § 9.
 */
import { sql, type Kysely } from 'kysely';
import type { Grade } from '../core/grade.js';
import type { HostResult, ScanDocument } from '../core/types.js';
import { addressSetOf, canonicalAddress, parseTargetSpec, type AddressSpec } from '../core/targets.js';
import { isGatehouseError } from '../errors/index.js';
import { gradeHost, gradeHosts, parseGroups } from '../score/index.js';
import { KyselyStore } from '../store/store.js';
import type { Database } from '../store/schema.js';
import type { MonitorCtx } from './context.js';
import { assertWrite, notFound, type Principal } from './principal.js';
import { hostFindings, type FindingRef } from './keys.js';
import { planLifecycle, type HostLiveness, type LifecyclePlan, type TrackedRow } from './lifecycle.js';
import { writeGradeHistory, writeHostStates, writeLifecycle, type GradeRow } from './ingest-write.js';
import { groupMembers } from './repo/assets.js';
import { loadHosts, loadScanFacts } from './scan-facts.js';
import { phaseClock } from './ingest-phases.js';
import { createRun, getRun, type GradeBasis, type Run, type RunKind } from './repo/runs.js';

/** Default stale grace period: a host silent for less than this keeps its findings (72 hours). */
export const DEFAULT_GRACE_MS = 72 * 3600 * 1000;

export interface IngestOptions {
  /** The run this scan belongs to (executor); otherwise a new finished run of `kind` is created. */
  readonly runId?: number;
  readonly kind?: RunKind;
  readonly graceMs?: number;
}

export interface IngestResult {
  readonly run: Run;
  readonly grade: Grade;
  readonly basis: GradeBasis;
  /** Hosts graded from their last answer because they did not answer in this run (within the grace period). */
  readonly staleHosts: string[];
  readonly counts: { new: number; seen: number; reopened: number; fixed: number; stale: number; hostsGone: number };
}

/** Whether a run covered a host: listed in its document, or (for a complete run) inside its address targets. */
export function coverage(doc: ScanDocument): (host: string) => boolean {
  const listed = new Set(doc.hosts.map((h) => h.address));
  if (doc.scan.interrupted === true || doc.scan.finished === null) { return (h) => listed.has(h); }
  const specs = doc.scan.targets.map((t) => {
    try { return parseTargetSpec(t); } catch (err) { if (isGatehouseError(err)) { return null; } throw err; } // stored targets parsed once already
  })
    .filter((s): s is AddressSpec => s !== null && s.kind !== 'hostname');
  const set = addressSetOf([]);
  for (const s of specs) { set.add(s); }
  return (h) => listed.has(h) || set.has(h);
}

export async function ingestScan(ctx: MonitorCtx, p: Principal, orgId: number, scanId: number, opts: IngestOptions = {}): Promise<IngestResult> {
  assertWrite(p, orgId);
  const span = phaseClock();
  const db = ctx.db as unknown as Kysely<Database>;
  const members = await groupMembers(ctx, p, orgId);
  // Groups that name hostnames need the hosts' full documents (hostnames are not in the narrow columns).
  const byName = [...members.values()].some((vs) => vs.some((v) => canonicalAddress(v) === null && !v.includes('/')));
  // Ingest reads no ports table: the ports that carry findings are all the lifecycle and the grades use (scan-facts).
  const doc = byName ? await new KyselyStore(db).getScan(scanId) : await loadScanFacts(db, scanId, false);
  if (doc === null) { throw notFound(`scan ${scanId}`); }
  span('read-scan');
  const kind: RunKind = opts.kind ?? 'import';
  const run = opts.runId !== undefined ? await getRun(ctx, p, orgId, opts.runId)
    : await createRun(ctx, p, orgId, { kind, basis: kind === 'active' ? 'active' : 'passive', targets: doc.scan.targets, ports: doc.scan.ports, scanId });
  const at = doc.scan.finished ?? ctx.now().toISOString();
  const groups = members.size > 0 ? parseGroups(Object.fromEntries(members), 'asset groups') : [];
  const answeredHosts = doc.hosts.filter((h) => h.state === 'up');
  const observed = new Map<string, FindingRef>();
  for (const h of answeredHosts) { hostFindings(h, observed); }
  const ids = { orgId, runId: run.id, scanId, at };
  span('run+observed', run.id);

  const result = await ctx.db.transaction().execute(async (tx) => {
    const existing = new Map<string, TrackedRow>();
    // The key (monitor/keys findingKey) is built by the database: 100,000 rows arrive as 6 columns, not 8 + a concat each.
    const key = sql<string>`host || '|' || (case when protocol = '' then 0 else port end) || '|' || protocol || '|' || finding_id`;
    for (const r of await tx.selectFrom('finding_states').select(['id', key.as('key'), 'host', 'state', 'severity', 'title'])
      .where('org_id', '=', orgId).execute()) {
      existing.set(r.key, { id: Number(r.id), key: r.key, host: r.host, state: r.state as TrackedRow['state'], severity: r.severity, title: r.title });
    }
    const hosts = new Map<string, HostLiveness & { scanId: number }>();
    for (const r of await tx.selectFrom('host_states').select(['host', 'state', 'last_up_at', 'last_up_scan_id']).where('org_id', '=', orgId).execute()) {
      hosts.set(r.host, { host: r.host, state: r.state as HostLiveness['state'], lastUpAt: r.last_up_at, scanId: Number(r.last_up_scan_id) });
    }
    span('load-existing', run.id);
    const plan = planLifecycle({
      existing, observed, answered: new Set(answeredHosts.map((h) => h.address)), covered: coverage(doc), hosts, now: at,
      graceMs: opts.graceMs ?? DEFAULT_GRACE_MS,
    });
    span('plan', run.id);
    await writeLifecycle(tx, ids, plan, ctx.dialect);
    await writeHostStates(tx, ids, plan, ctx.dialect);
    span('write-lifecycle', run.id);
    // Current hosts: answered now, plus the still-current ones that did not answer (stale or not covered).
    const answered = new Set(plan.hostUp);
    const gone = new Set(plan.hostGone);
    const carried = [...hosts.values()].filter((h) => !answered.has(h.host) && !gone.has(h.host) && h.state !== 'gone');
    const previous = await previousHosts(tx as unknown as Kysely<Database>, carried, byName);
    const current: HostResult[] = [...answeredHosts, ...previous];
    span('read-carried', run.id);
    const grade = gradeHosts(current, groups.length > 0 ? { groups } : {});
    const basis: GradeBasis = run.basis;
    const rows: GradeRow[] = [
      { scope: 'org', key: '', score: grade.score, letter: grade.letter },
      ...(grade.groups ?? []).map((g) => ({ scope: 'group' as const, key: g.name, score: g.score, letter: g.letter })),
      // A host's grade depends only on its own findings: reuse the one the scan stored with it.
      ...current.filter((h) => h.state === 'up').map((h) => { const g = h.grade ?? gradeHost(h); return { scope: 'host' as const, key: h.address, score: g.score, letter: g.letter }; }),
    ];
    span('grade', run.id);
    await writeGradeHistory(tx, ids, basis, plan.hostStale.length, rows, ctx.dialect);
    await tx.updateTable('runs').set({
      scan_id: scanId, status: doc.scan.interrupted === true || doc.scan.finished === null ? 'interrupted' : 'finished',
      finished_at: doc.scan.finished, ingested_at: ctx.now().toISOString(), score: grade.score, letter: grade.letter, grade: JSON.stringify(grade),
    }).where('id', '=', run.id).execute();
    span('write-grades', run.id);
    return { grade, basis, plan };
  });
  span('commit', run.id);
  if (ctx.dialect === 'postgres' && result.plan.inserts.length >= BULK_ROWS) {
    // A bulk change (an organisation's first scan, a new range) leaves PostgreSQL's planner statistics describing
    // near-empty tables until autovacuum's next pass: measured on 10,000 hosts, the hosts page's severity counts
    // then took 30 ms by a bitmap scan of every current finding instead of 1.2 ms by the host index. Refresh them now.
    await sql`analyze finding_states, host_states, grade_history`.execute(ctx.db);
    span('analyze', run.id);
  }
  return { run: await getRun(ctx, p, orgId, run.id), grade: result.grade, basis: result.basis, staleHosts: result.plan.hostStale, counts: countsOf(result.plan) };
}

/** New finding rows from which an ingest refreshes PostgreSQL's planner statistics (see ingestScan). */
const BULK_ROWS = 1000;

/** The last stored answer of each carried host (grouped by the scan it came from). */
async function previousHosts(db: Kysely<Database>, carried: ReadonlyArray<{ host: string; scanId: number }>, full: boolean): Promise<HostResult[]> {
  const byScan = new Map<number, string[]>();
  for (const c of carried) {
    const list = byScan.get(c.scanId);
    if (list === undefined) { byScan.set(c.scanId, [c.host]); } else { list.push(c.host); }
  }
  const out: HostResult[] = [];
  for (const [scanId, hs] of byScan) {
    if (!full) { out.push(...await loadHosts(db, scanId, hs, false)); continue; }
    for (let i = 0; i < hs.length; i += 1000) {
      const rows = await db.selectFrom('hosts').select('document').where('scan_id', '=', scanId).where('address', 'in', hs.slice(i, i + 1000)).execute();
      for (const r of rows) { out.push(JSON.parse(r.document) as HostResult); }
    }
  }
  return out;
}

function countsOf(p: LifecyclePlan): IngestResult['counts'] {
  return {
    new: p.inserts.length, seen: p.seen.length, reopened: p.reopened.length, fixed: p.fixedNotObserved.length + p.fixedHostGone.length,
    stale: p.stale.length, hostsGone: p.hostGone.length,
  };
}
