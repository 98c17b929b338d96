/** @module monitor/ingest-write — the set-based writes of one lifecycle step (chunked, the same SQL on SQLite and PostgreSQL). */
import type { Transaction } from 'kysely';
import type { PlatformDatabase } from '../store/platform/schema.js';
import type { LifecyclePlan } from './lifecycle.js';

type Tx = Transaction<PlatformDatabase>;
const CHUNK = 2000;

function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) { out.push(xs.slice(i, i + n)); }
  return out;
}

export interface StepIds { readonly orgId: number; readonly runId: number; readonly scanId: number; readonly at: string }

/**
 * `narrowSeen` (SQLite): rows seen again that are open already are updated without naming `state`, which spares
 * SQLite the (org_id, state, severity) index entry of each (measured: −10 % CPU of a 100,000-finding ingest).
 * PostgreSQL decides index maintenance by value, not by the SET list, and plans the extra predicate worse (its
 * backend CPU doubled in the same bench), so it keeps the one statement.
 */
export async function writeLifecycle(tx: Tx, s: StepIds, plan: LifecyclePlan, narrowSeen = false): Promise<void> {
  for (const part of chunks(plan.inserts, 500)) {
    await tx.insertInto('finding_states').values(part.map((f) => ({
      org_id: s.orgId, host: f.host, port: f.port ?? 0, protocol: f.protocol ?? '', finding_id: f.id, severity: f.severity, title: f.title,
      state: 'open', first_seen: s.at, first_run_id: s.runId, last_seen: s.at, last_run_id: s.runId, fixed_at: null, fixed_run_id: null,
      fixed_reason: null, reopened_at: null, reopen_count: 0, stale_since: null,
    }))).execute();
  }
  for (const ids of chunks(plan.seen)) {
    if (!narrowSeen) {
      await tx.updateTable('finding_states').set({ state: 'open', last_seen: s.at, last_run_id: s.runId, stale_since: null })
        .where('org_id', '=', s.orgId).where('id', 'in', ids).execute();
      continue;
    }
    // Together these two equal the statement above.
    await tx.updateTable('finding_states').set({ last_seen: s.at, last_run_id: s.runId })
      .where('org_id', '=', s.orgId).where('id', 'in', ids).where('state', '=', 'open').where('stale_since', 'is', null).execute();
    await tx.updateTable('finding_states').set({ state: 'open', last_seen: s.at, last_run_id: s.runId, stale_since: null })
      .where('org_id', '=', s.orgId).where('id', 'in', ids)
      .where((eb) => eb.or([eb('state', '<>', 'open'), eb('stale_since', 'is not', null)])).execute();
  }
  for (const ids of chunks(plan.reopened)) {
    await tx.updateTable('finding_states').set((eb) => ({
      state: 'open', last_seen: s.at, last_run_id: s.runId, stale_since: null, fixed_at: null, fixed_run_id: null, fixed_reason: null,
      reopened_at: s.at, reopen_count: eb('reopen_count', '+', 1),
    })).where('org_id', '=', s.orgId).where('id', 'in', ids).execute();
  }
  for (const r of plan.relabel) {
    await tx.updateTable('finding_states').set({ severity: r.severity, title: r.title }).where('id', '=', r.id).execute();
  }
  for (const [ids, reason] of [[plan.fixedNotObserved, 'not-observed'], [plan.fixedHostGone, 'host-gone']] as const) {
    for (const part of chunks(ids)) {
      await tx.updateTable('finding_states').set({ state: 'fixed', fixed_at: s.at, fixed_run_id: s.runId, fixed_reason: reason, stale_since: null })
        .where('org_id', '=', s.orgId).where('id', 'in', part).execute();
    }
  }
  for (const ids of chunks(plan.stale)) {
    await tx.updateTable('finding_states').set((eb) => ({ state: 'stale', stale_since: eb.fn.coalesce('stale_since', eb.val(s.at)) }))
      .where('org_id', '=', s.orgId).where('id', 'in', ids).execute();
  }
}

export async function writeHostStates(tx: Tx, s: StepIds, plan: LifecyclePlan): Promise<void> {
  for (const part of chunks(plan.hostUp, 1000)) {
    await tx.insertInto('host_states').values(part.map((host) => ({
      org_id: s.orgId, host, state: 'up', last_up_at: s.at, last_up_run_id: s.runId, last_up_scan_id: s.scanId, stale_since: null,
    }))).onConflict((oc) => oc.columns(['org_id', 'host']).doUpdateSet((eb) => ({
      state: eb.ref('excluded.state'), last_up_at: eb.ref('excluded.last_up_at'), last_up_run_id: eb.ref('excluded.last_up_run_id'),
      last_up_scan_id: eb.ref('excluded.last_up_scan_id'), stale_since: null,
    }))).execute();
  }
  for (const part of chunks(plan.hostStale)) {
    await tx.updateTable('host_states').set((eb) => ({ state: 'stale', stale_since: eb.fn.coalesce('stale_since', eb.val(s.at)) }))
      .where('org_id', '=', s.orgId).where('host', 'in', part).execute();
  }
  for (const part of chunks(plan.hostGone)) {
    await tx.updateTable('host_states').set({ state: 'gone' }).where('org_id', '=', s.orgId).where('host', 'in', part).execute();
  }
}

export interface GradeRow { readonly scope: 'org' | 'group' | 'host'; readonly key: string; readonly score: number; readonly letter: string }

export async function writeGradeHistory(tx: Tx, s: StepIds, basis: string, staleHosts: number, rows: readonly GradeRow[]): Promise<void> {
  for (const part of chunks(rows, 1000)) {
    await tx.insertInto('grade_history').values(part.map((r) => ({
      org_id: s.orgId, run_id: s.runId, scope: r.scope, scope_key: r.key, at: s.at, score: r.score, letter: r.letter, basis,
      stale_hosts: r.scope === 'org' ? staleHosts : 0,
    }))).execute();
  }
}
