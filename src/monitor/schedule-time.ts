/**
 * @module monitor/schedule-time — pure time arithmetic of schedules: the next run of a cron expression (croner) or
 * an interval, pushed out of quiet hours. Quiet hours are a daily window `start`–`end` (HH:MM, may cross midnight)
 * in a time zone (default UTC) during which no run starts.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { invalid } from './repo/util.js';

export const QuietHoursZ = z.object({ start: z.string(), end: z.string(), tz: z.string().optional() });
export type QuietHours = Readonly<z.infer<typeof QuietHoursZ>>;

export interface ScheduleTiming {
  readonly cron: string | null;
  readonly intervalSeconds: number | null;
  readonly quietHours: QuietHours | null;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (m === null) { throw invalid(`quiet hours need HH:MM, not "${hhmm}"`); }
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseQuietHours(q: QuietHours): QuietHours {
  minutes(q.start);
  minutes(q.end);
  if (q.start === q.end) { throw invalid('quiet hours start and end must differ'); }
  if (q.tz !== undefined) {
    try { new Intl.DateTimeFormat('en-GB', { timeZone: q.tz }); } catch (err) { throw invalid(`unknown time zone "${q.tz}": ${(err as Error).message}`); }
  }
  return q.tz === undefined ? { start: q.start, end: q.end } : { start: q.start, end: q.end, tz: q.tz };
}

/** Minute of the day of `at` in time zone `tz`. */
function minuteOfDay(at: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  return get('hour') * 60 + get('minute');
}

/** Whether `at` falls in the quiet window. */
export function inQuietHours(q: QuietHours, at: Date): boolean {
  const s = minutes(q.start);
  const e = minutes(q.end);
  const m = minuteOfDay(at, q.tz ?? 'UTC');
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The first instant at or after `at` outside the quiet window (minute resolution). */
export function afterQuietHours(q: QuietHours, at: Date): Date {
  if (!inQuietHours(q, at)) { return at; }
  const m = minuteOfDay(at, q.tz ?? 'UTC');
  const e = minutes(q.end);
  const wait = ((e - m + 1440) % 1440) * 60_000 - at.getUTCSeconds() * 1000 - at.getUTCMilliseconds();
  return new Date(at.getTime() + Math.max(wait, 0));
}

/** When the schedule should run next, strictly after `now` for cron, `last + interval` (or now) for intervals. */
export function nextRunAt(s: ScheduleTiming, now: Date, last: Date | null): Date {
  let next: Date;
  if (s.cron !== null) {
    const cron = new Cron(s.cron, { paused: true, ...(s.quietHours?.tz !== undefined ? { timezone: s.quietHours.tz } : {}) });
    const first = cron.nextRun(now);
    if (first === null) { throw invalid(`cron expression "${s.cron}" never fires again`); }
    next = first;
    for (let i = 0; i < 1000 && s.quietHours !== null && inQuietHours(s.quietHours, next); i++) {
      const n = cron.nextRun(next);
      if (n === null) { throw invalid(`cron expression "${s.cron}" fires only in quiet hours`); }
      next = n;
    }
    if (s.quietHours !== null && inQuietHours(s.quietHours, next)) { throw invalid(`cron expression "${s.cron}" fires only in quiet hours`); }
    return next;
  }
  const interval = (s.intervalSeconds ?? 3600) * 1000;
  next = last === null ? now : new Date(Math.max(last.getTime() + interval, now.getTime()));
  return s.quietHours === null ? next : afterQuietHours(s.quietHours, next);
}
