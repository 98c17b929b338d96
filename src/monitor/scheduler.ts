/**
 * @module monitor/scheduler — starts the runs that are due: each enabled schedule whose next time has come (and
 * that is not in its quiet hours) starts an active run of its organisation over the organisation's scope, at the
 * schedule's rate and ports. The server calls `runDueSchedules` from a timer (e.g. every 30 s); nothing here keeps
 * a timer of its own.
 */
import { isGatehouseError } from '../errors/index.js';
import { SYSTEM_PRINCIPAL } from './principal.js';
import { dueSchedules, markScheduleRan } from './repo/schedules.js';
import { scopeOf } from './repo/scope.js';
import { inQuietHours } from './schedule-time.js';
import { startRun, type RunContext, type RunHandle } from './executor.js';

export interface ScheduleTick {
  readonly started: RunHandle[];
  /** Due schedules that could not start a run (no authorisation, empty scope, a run in progress), with the code. */
  readonly skipped: Array<{ scheduleId: number; orgId: number; code: string; message: string }>;
}

export async function runDueSchedules(ctx: RunContext, now: Date = ctx.now()): Promise<ScheduleTick> {
  const p = SYSTEM_PRINCIPAL;
  const tick: ScheduleTick = { started: [], skipped: [] };
  for (const s of await dueSchedules(ctx, p, now)) {
    if (s.quietHours !== null && inQuietHours(s.quietHours, now)) { await markScheduleRan(ctx, p, s, now); continue; }
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
