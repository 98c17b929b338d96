/**
 * @module monitor/scheduler — starts the runs that are due: each enabled schedule whose next time has come (and
 * that is not in its quiet hours) starts an active run of its organisation over the organisation's scope, at the
 * schedule's rate and ports. When a resolver is configured (`ExecutorOptions.resolver`), asset discovery runs first
 * (monitor/discovery): its results wait for approval and never widen what the run scans. The server calls `runDueSchedules` from a timer (e.g. every 30 s); nothing here keeps
 * a timer of its own.
 */
import { isGatehouseError } from '../errors/index.js';
import { SYSTEM_PRINCIPAL } from './principal.js';
import { dueSchedules, markScheduleRan } from './repo/schedules.js';
import { scopeOf } from './repo/scope.js';
import { inQuietHours } from './schedule-time.js';
import { startRun, type RunContext, type RunHandle } from './executor.js';
import { DEFAULT_DISCOVERY_DEADLINE_MS, discoverOrganization, type DiscoveryReport } from './discovery/run.js';

export interface ScheduleTick {
  readonly started: RunHandle[];
  /** Due schedules that could not start a run (no authorisation, empty scope, a run in progress), with the code. */
  readonly skipped: Array<{ scheduleId: number; orgId: number; code: string; message: string }>;
  /** Discovery at the start of each run (only with a configured resolver): its report, or the failure's code. */
  readonly discovery: Array<{ orgId: number; report: DiscoveryReport | null; code: string | null; message: string | null }>;
}

/**
 * Bounds for discovery before a scheduled run: per query 1 s and 1 retry, at most 300 queries, and an overall deadline
 * (`ExecutorOptions.discoveryDeadlineMs`, default 30 s) after which the walk stops, keeps what it found and reports
 * `cutShort` — so a slow or dead resolver delays the scan by about the deadline, not 300 × 1 s.
 */
const SCHEDULED_DISCOVERY = { timeoutMs: 1000, retries: 1, maxQueries: 300 } as const;

export async function runDueSchedules(ctx: RunContext, now: Date = ctx.now()): Promise<ScheduleTick> {
  const p = SYSTEM_PRINCIPAL;
  const tick: ScheduleTick = { started: [], skipped: [], discovery: [] };
  for (const s of await dueSchedules(ctx, p, now)) {
    if (s.quietHours !== null && inQuietHours(s.quietHours, now)) { await markScheduleRan(ctx, p, s, now); continue; }
    const resolver = ctx.executor.resolver ?? null;
    if (resolver !== null) {
      try {
        tick.discovery.push({ orgId: s.orgId, report: await discoverOrganization(ctx, p, s.orgId, { resolver, ...SCHEDULED_DISCOVERY, deadlineMs: ctx.executor.discoveryDeadlineMs ?? DEFAULT_DISCOVERY_DEADLINE_MS }), code: null, message: null });
      } catch (err) {
        if (!isGatehouseError(err)) { throw err; }
        tick.discovery.push({ orgId: s.orgId, report: null, code: err.code, message: err.message });
      }
    }
    try {
      const targets = await scopeOf(ctx, p, s.orgId);
      tick.started.push(await startRun(ctx, p, s.orgId, {
        targets, ports: s.ports, scheduleId: s.id, ...(s.ratePps !== null ? { ratePps: s.ratePps } : {}),
      }));
    } catch (err) {
      if (!isGatehouseError(err)) { throw err; }
      tick.skipped.push({ scheduleId: s.id, orgId: s.orgId, code: err.code, message: err.message });
    }
    await markScheduleRan(ctx, p, s, now);
  }
  return tick;
}
