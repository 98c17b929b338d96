/**
 * @module monitor/recover — restart safety: runs a previous server process left `running` are marked interrupted
 * and resumed, in a new run (`resumed_from`), for the hosts their scan has not stored yet: the resumed child
 * appends to the same scan record and excludes the stored hosts, so nothing is lost and nothing is stored twice.
 * The old child (which exits by itself once its parent is gone, storing what it had) is waited for first.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { isGatehouseError } from '../errors/index.js';
import { SYSTEM_PRINCIPAL } from './principal.js';
import { assertInScope, scopeOf } from './repo/scope.js';
import { validAuthorisation } from './repo/authorisations.js';
import { createRun, runningRuns, updateRun, type Run } from './repo/runs.js';
import { ingestScan } from './ingest.js';
import { launch, RunRequestZ, type RunContext, type RunHandle } from './executor.js';

/** Whether `pid` is still our scan child for `scanId` (checked through /proc so a reused pid is never waited on). */
export function isScanChild(pid: number, scanId: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const i = argv.indexOf('--append-to-scan');
    return i >= 0 && argv[i + 1] === String(scanId);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') { return false; }
    throw err;
  }
}

async function waitForExit(pid: number, scanId: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (isScanChild(pid, scanId)) {
    if (Date.now() > until) { process.kill(pid, 'SIGKILL'); return; }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RecoveryReport {
  readonly interrupted: Run[];
  readonly resumed: RunHandle[];
  /** Runs not resumed (authorisation expired, scope changed, nothing left): their stored hosts were ingested. */
  readonly closed: Array<{ run: Run; reason: string }>;
}

/** Call once when the server starts, before accepting requests. */
export async function recoverRuns(ctx: RunContext, opts: { waitMs?: number } = {}): Promise<RecoveryReport> {
  const p = SYSTEM_PRINCIPAL;
  const report: RecoveryReport = { interrupted: [], resumed: [], closed: [] };
  for (const run of await runningRuns(ctx, p)) {
    if (ctx.active.has(run.id)) { continue; }
    if (run.pid !== null && run.scanId !== null) { await waitForExit(run.pid, run.scanId, opts.waitMs ?? 15_000); }
    await updateRun(ctx, p, run.orgId, run.id, { status: 'interrupted', error: 'the server stopped during the run; resumed', finished_at: ctx.now().toISOString() });
    report.interrupted.push(run);
    if (run.scanId === null) { continue; }
    const db = ctx.db as unknown as Kysely<Database>;
    const scan = await db.selectFrom('scans').select(['finished', 'interrupted']).where('id', '=', run.scanId).executeTakeFirst();
    if (scan !== undefined && scan.finished !== null && Number(scan.interrupted) === 0) {
      // The scan completed; only the ingest was lost with the server.
      const done = await ingestScan(ctx, p, run.orgId, run.scanId, { runId: run.id, kind: 'active', ...(ctx.executor.graceMs !== undefined ? { graceMs: ctx.executor.graceMs } : {}) });
      await updateRun(ctx, p, run.orgId, run.id, { error: null });
      report.closed.push({ run: done.run, reason: 'scan had completed; ingested' });
      continue;
    }
    const stored = await keepCompleteHosts(db, run.scanId);
    const parsed = RunRequestZ.partial({ targets: true }).safeParse(run.request);
    const req = parsed.success ? parsed.data : {};
    const scope = await scopeOf(ctx, p, run.orgId);
    let reason: string | null = null;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reason = `the stored request is unreadable (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`;
    } else {
      try { assertInScope(run.orgId, scope, req.targets ?? run.targets); } catch (err) {
        if (!isGatehouseError(err)) { throw err; }
        reason = err.message;
      }
    }
    if (reason === null && (await validAuthorisation(ctx, p, run.orgId)) === null) { reason = 'no valid authorisation any more'; }
    if (reason !== null) {
      await ingestScan(ctx, p, run.orgId, run.scanId, { runId: run.id, kind: 'active', ...(ctx.executor.graceMs !== undefined ? { graceMs: ctx.executor.graceMs } : {}) });
      await updateRun(ctx, p, run.orgId, run.id, { status: 'interrupted', error: `not resumed: ${reason}` });
      report.closed.push({ run, reason });
      continue;
    }
    const next = await createRun(ctx, p, run.orgId, {
      kind: 'active', basis: 'active', targets: run.targets, ports: run.ports, scanId: run.scanId, scheduleId: run.scheduleId,
      resumedFrom: run.id, request: run.request,
    });
    report.resumed.push(await launch(ctx, p, next, scope, { ...req, targets: run.targets }, run.scanId, stored));
  }
  return report;
}

/**
 * The hosts of an interrupted scan that are complete. A host emitted while the scan was being stopped (`partial`:
 * its ports were not all decided, or its stages were cut short) is removed with its ports and findings, and the scan's
 * counters are corrected, so the resumed run scans it again and stores it once.
 */
async function keepCompleteHosts(db: Kysely<Database>, scanId: number): Promise<string[]> {
  const rows = await db.selectFrom('hosts').select(['address', 'state', 'document']).where('scan_id', '=', scanId).execute();
  const partial = rows.filter((r) => /"partial":true/.test(r.document));
  if (partial.length > 0) {
    const addresses = partial.map((r) => r.address);
    const up = partial.filter((r) => r.state === 'up').length;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < addresses.length; i += 500) {
        const chunk = addresses.slice(i, i + 500);
        await tx.deleteFrom('findings').where('scan_id', '=', scanId).where('address', 'in', chunk).execute();
        await tx.deleteFrom('ports').where('scan_id', '=', scanId).where('address', 'in', chunk).execute();
        await tx.deleteFrom('hosts').where('scan_id', '=', scanId).where('address', 'in', chunk).execute();
      }
      await tx.updateTable('scans').set((eb) => ({
        hosts_up: eb('hosts_up', '-', up),
        hosts_down: eb('hosts_down', '-', partial.length - up),
      })).where('id', '=', scanId).execute();
    });
  }
  const gone = new Set(partial.map((r) => r.address));
  return rows.filter((r) => !gone.has(r.address)).map((r) => r.address);
}
