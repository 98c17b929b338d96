/**
 * @module monitor/alerts/dispatch — turns newly ingested runs into alert deliveries and delivers them: each run of
 * an organisation with rules is diffed with the run before it (once: `alert_progress` remembers the last run
 * evaluated), every matching rule queues one delivery; due deliveries are sent, failures retried with exponential
 * back-off (base × 2^(attempt−1)) and, after `maxAttempts`, kept as dead letters (listed by the API, retryable).
 * The server calls `dispatchAlerts` from a timer; nothing here keeps a timer of its own.
 */
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { SYSTEM_PRINCIPAL } from '../principal.js';
import { diffRuns } from '../run-diff.js';
import { getOrganization } from '../repo/organizations.js';
import { previousRun } from '../repo/runs.js';
import { getChannel, listRules } from './repo.js';
import { send as sendOnce, type Channel } from './channels.js';
import { evaluateRules, type Alert } from './rules.js';
import type { AlertDb } from './tables.js';

export interface DispatchOptions {
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** The sender (tests may wrap it); default: alerts/channels send. */
  readonly send?: (channel: Channel, alert: Alert, now: Date) => Promise<void>;
}

export interface DispatchReport { queued: number; delivered: number; retried: number; dead: number }

const adb = (ctx: MonitorCtx): AlertDb => ctx.db as unknown as AlertDb;

/** Queues deliveries for runs ingested since the last evaluation. Returns how many were queued. */
export async function evaluateNewRuns(ctx: MonitorCtx): Promise<number> {
  const db = adb(ctx);
  const orgs = await db.selectFrom('alert_rules').select('org_id').where('enabled', '=', 1).groupBy('org_id')
    .select((eb) => eb.fn.min('created_at').as('since')).execute();
  let queued = 0;
  for (const { org_id: orgId, since } of orgs) {
    const progress = await db.selectFrom('alert_progress').select('last_run_id').where('org_id', '=', orgId).executeTakeFirst();
    const runs = await ctx.db.selectFrom('runs').select(['id', 'ingested_at']).where('org_id', '=', orgId).where('ingested_at', 'is not', null)
      .where('id', '>', progress?.last_run_id ?? 0).where('ingested_at', '>=', String(since)).orderBy('id').execute();
    if (runs.length === 0) { continue; }
    const rules = await listRules(ctx, SYSTEM_PRINCIPAL, orgId);
    const org = await getOrganization(ctx, SYSTEM_PRINCIPAL, orgId);
    for (const run of runs) {
      const prev = await previousRun(ctx, SYSTEM_PRINCIPAL, orgId, Number(run.id));
      if (prev !== null) {
        const diff = await diffRuns(ctx, SYSTEM_PRINCIPAL, orgId, prev.id, Number(run.id));
        const at = nowIso(ctx);
        const alerts = evaluateRules(rules.filter((r) => r.enabled), diff, org.name);
        for (const a of alerts) {
          const rule = rules.find((r) => r.id === a.ruleId);
          if (!rule) { continue; }
          await db.insertInto('alert_deliveries').values({
            org_id: orgId, rule_id: a.ruleId, channel_id: rule.channelId, run_id: Number(run.id), status: 'pending', attempts: 0, last_error: null,
            payload: JSON.stringify(a), created_at: at, next_attempt_at: at, delivered_at: null,
          }).execute();
          queued++;
        }
      }
      if (progress === undefined && run === runs[0]) {
        await db.insertInto('alert_progress').values({ org_id: orgId, last_run_id: Number(run.id) }).execute();
      } else {
        await db.updateTable('alert_progress').set({ last_run_id: Number(run.id) }).where('org_id', '=', orgId).execute();
      }
    }
  }
  return queued;
}

/** Sends the deliveries that are due; one attempt each. */
export async function deliverDue(ctx: MonitorCtx, opts: DispatchOptions = {}): Promise<Omit<DispatchReport, 'queued'>> {
  const db = adb(ctx);
  const max = opts.maxAttempts ?? 5;
  const base = opts.baseDelayMs ?? 30_000;
  const send = opts.send ?? sendOnce;
  const out = { delivered: 0, retried: 0, dead: 0 };
  const due = await db.selectFrom('alert_deliveries').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', nowIso(ctx)).orderBy('id').limit(100).execute();
  for (const d of due) {
    const attempts = Number(d.attempts) + 1;
    try {
      const channel = await getChannel(ctx, SYSTEM_PRINCIPAL, Number(d.org_id), Number(d.channel_id));
      await send(channel, JSON.parse(d.payload) as Alert, ctx.now());
      await db.updateTable('alert_deliveries').set({ status: 'delivered', attempts, delivered_at: nowIso(ctx), last_error: null }).where('id', '=', d.id).execute();
      out.delivered++;
    } catch (err) {
      const message = ((err as Error).message ?? String(err)).replace(/[\r\n]+/g, ' ').slice(0, 300);
      const dead = attempts >= max;
      const next = new Date(ctx.now().getTime() + base * 2 ** (attempts - 1)).toISOString();
      await db.updateTable('alert_deliveries').set({ status: dead ? 'dead' : 'pending', attempts, last_error: message, next_attempt_at: dead ? d.next_attempt_at : next }).where('id', '=', d.id).execute();
      if (dead) { out.dead++; } else { out.retried++; }
    }
  }
  return out;
}

export async function dispatchAlerts(ctx: MonitorCtx, opts: DispatchOptions = {}): Promise<DispatchReport> {
  const queued = await evaluateNewRuns(ctx);
  return { queued, ...(await deliverDue(ctx, opts)) };
}
