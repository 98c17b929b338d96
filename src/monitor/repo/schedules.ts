/**
 * @module monitor/repo/schedules — when an organisation is scanned: a cron expression or an interval (croner),
 * quiet hours during which no run starts, and a per-organisation packet rate.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import type { SchedulesTable } from '../../store/platform/schema.js';
import { parsePortSpec } from '../../core/ports.js';
import { isGatehouseError } from '../../errors/index.js';
import { invalid } from './util.js';
import { nextRunAt, parseQuietHours, QuietHoursZ, type QuietHours } from '../schedule-time.js';

/** A schedule as the repository returns it and the API answers it (server/resources/scope.ts). */
export const ScheduleZ = z.object({
  id: z.number().int(), orgId: z.number().int(), cron: z.string().nullable(), intervalSeconds: z.number().int().nullable(), quietHours: QuietHoursZ.nullable(),
  ratePps: z.number().int().nullable(), ports: z.string(), enabled: z.boolean(), nextRunAt: z.string().nullable(), lastRunAt: z.string().nullable(), createdAt: z.string(),
});
export type Schedule = Readonly<z.infer<typeof ScheduleZ>>;

/** What a schedule is created or changed with (the API's request body). */
export const ScheduleInputZ = z.object({
  cron: z.string().max(200).nullable().optional(), intervalSeconds: z.number().int().nullable().optional(), quietHours: QuietHoursZ.nullable().optional(),
  ratePps: z.number().int().nullable().optional(), ports: z.string().max(2000).optional(), enabled: z.boolean().optional(),
});
export type ScheduleInput = Readonly<z.infer<typeof ScheduleInputZ>>;

type Row = Omit<SchedulesTable, 'id'> & { id: number };
const toSchedule = (r: Row): Schedule => ({
  id: Number(r.id), orgId: Number(r.org_id), cron: r.cron, intervalSeconds: r.interval_seconds === null ? null : Number(r.interval_seconds),
  quietHours: r.quiet_hours === null ? null : JSON.parse(r.quiet_hours) as QuietHours, ratePps: r.rate_pps === null ? null : Number(r.rate_pps),
  ports: r.ports, enabled: Number(r.enabled) === 1, nextRunAt: r.next_run_at, lastRunAt: r.last_run_at, createdAt: r.created_at,
});

function validate(input: ScheduleInput): { cron: string | null; interval: number | null; quiet: QuietHours | null; rate: number | null; ports: string } {
  const cron = input.cron ?? null;
  const interval = input.intervalSeconds ?? null;
  if ((cron === null) === (interval === null)) { throw invalid('a schedule has exactly one of cron and intervalSeconds'); }
  if (cron !== null) {
    try { new Cron(cron, { paused: true }); } catch (err) { throw invalid(`bad cron expression "${cron}": ${(err as Error).message}`); }
  }
  if (interval !== null && (!Number.isInteger(interval) || interval < 60 || interval > 366 * 86_400)) { throw invalid('intervalSeconds must be 60 s to one year'); }
  const rate = input.ratePps ?? null;
  if (rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000)) { throw invalid('ratePps must be 1-1,000,000'); }
  const ports = input.ports ?? 'top-1000';
  if (ports !== 'top-1000') {
    try { parsePortSpec(ports); } catch (err) { if (isGatehouseError(err)) { throw invalid(`ports: ${err.message}`); } throw err; }
  }
  return { cron, interval, quiet: input.quietHours == null ? null : parseQuietHours(input.quietHours), rate, ports };
}

export async function createSchedule(ctx: MonitorCtx, p: Principal, orgId: number, input: ScheduleInput): Promise<Schedule> {
  assertWrite(p, orgId);
  const v = validate(input);
  const now = ctx.now();
  const enabled = input.enabled ?? true;
  const row = await ctx.db.insertInto('schedules').values({
    org_id: orgId, cron: v.cron, interval_seconds: v.interval, quiet_hours: v.quiet === null ? null : JSON.stringify(v.quiet),
    rate_pps: v.rate, ports: v.ports, enabled: enabled ? 1 : 0,
    next_run_at: enabled ? nextRunAt({ cron: v.cron, intervalSeconds: v.interval, quietHours: v.quiet }, now, null).toISOString() : null,
    last_run_at: null, created_at: now.toISOString(),
  }).returningAll().executeTakeFirstOrThrow();
  return toSchedule(row);
}

export async function listSchedules(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Schedule[]> {
  assertRead(p, orgId);
  return (await ctx.db.selectFrom('schedules').selectAll().where('org_id', '=', orgId).orderBy('id').execute()).map(toSchedule);
}

export async function getSchedule(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<Schedule> {
  assertRead(p, orgId);
  const row = await ctx.db.selectFrom('schedules').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) { throw notFound(`schedule ${id}`); }
  return toSchedule(row);
}

export async function updateSchedule(ctx: MonitorCtx, p: Principal, orgId: number, id: number, input: ScheduleInput): Promise<Schedule> {
  assertWrite(p, orgId);
  const cur = await getSchedule(ctx, p, orgId, id);
  const merged: ScheduleInput = {
    cron: input.cron !== undefined ? input.cron : cur.cron,
    intervalSeconds: input.intervalSeconds !== undefined ? input.intervalSeconds : cur.intervalSeconds,
    quietHours: input.quietHours !== undefined ? input.quietHours : cur.quietHours,
    ratePps: input.ratePps !== undefined ? input.ratePps : cur.ratePps,
    ports: input.ports ?? cur.ports, enabled: input.enabled ?? cur.enabled,
  };
  const v = validate(merged);
  const enabled = merged.enabled ?? true;
  await ctx.db.updateTable('schedules').set({
    cron: v.cron, interval_seconds: v.interval, quiet_hours: v.quiet === null ? null : JSON.stringify(v.quiet), rate_pps: v.rate, ports: v.ports,
    enabled: enabled ? 1 : 0,
    next_run_at: enabled ? nextRunAt({ cron: v.cron, intervalSeconds: v.interval, quietHours: v.quiet }, ctx.now(), cur.lastRunAt === null ? null : new Date(cur.lastRunAt)).toISOString() : null,
  }).where('id', '=', id).execute();
  return getSchedule(ctx, p, orgId, id);
}

export async function deleteSchedule(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await ctx.db.deleteFrom('schedules').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`schedule ${id}`); }
}

/** Enabled schedules whose next run is due at `now`, across the organisations the principal sees (the scheduler uses SYSTEM). */
export async function dueSchedules(ctx: MonitorCtx, p: Principal, now: Date = ctx.now()): Promise<Schedule[]> {
  if (p.orgIds !== 'all' && p.orgIds.length === 0) { return []; }
  let q = ctx.db.selectFrom('schedules').selectAll().where('enabled', '=', 1).where('next_run_at', '<=', now.toISOString()).orderBy('next_run_at');
  if (p.orgIds !== 'all') { q = q.where('org_id', 'in', [...p.orgIds]); }
  return (await q.execute()).map(toSchedule);
}

/** After starting a run: record it and compute the next time (quiet hours respected). */
export async function markScheduleRan(ctx: MonitorCtx, p: Principal, s: Schedule, at: Date = ctx.now()): Promise<Schedule> {
  assertWrite(p, s.orgId);
  const next = nextRunAt({ cron: s.cron, intervalSeconds: s.intervalSeconds, quietHours: s.quietHours }, at, at);
  await ctx.db.updateTable('schedules').set({ last_run_at: at.toISOString(), next_run_at: next.toISOString() }).where('id', '=', s.id).execute();
  return getSchedule(ctx, p, s.orgId, s.id);
}

