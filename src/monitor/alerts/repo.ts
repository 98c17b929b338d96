/** @module monitor/alerts/repo — alert channels, rules and deliveries of an organisation (tenancy through the principal guards). */
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import { invalid, oneOf } from '../repo/util.js';
import type { AlertDb } from './tables.js';
import { CHANNEL_KINDS, type Channel, type ChannelConfig, type ChannelKind, type EmailConfig } from './channels.js';
import { RULE_KINDS, SEVERITY_ORDER, type AlertRule, type RuleKind, type RuleParams } from './rules.js';

const adb = (ctx: MonitorCtx): AlertDb => ctx.db as unknown as AlertDb;

/** A delivery (one alert to one channel) as the repository returns it and the API answers it (server/resources/alerts.ts). */
export const DeliveryZ = z.object({
  id: z.number().int(), orgId: z.number().int(), ruleId: z.number().int(), channelId: z.number().int(), runId: z.number().int(), status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(), lastError: z.string().nullable(), payload: z.unknown(), createdAt: z.string(), nextAttemptAt: z.string(), deliveredAt: z.string().nullable(),
});
export type Delivery = Readonly<z.infer<typeof DeliveryZ>>;

function checkConfig(kind: ChannelKind, c: Record<string, unknown>): ChannelConfig {
  const url = (v: unknown): string => {
    if (typeof v !== 'string') { throw invalid('a webhook channel needs a url'); }
    let u: URL;
    try { u = new URL(v); } catch (err) { throw invalid(`bad url: ${(err as Error).message}`); }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') { throw invalid('the url must be http(s)'); }
    return u.toString();
  };
  if (kind === 'webhook') {
    if (typeof c.secret !== 'string' || c.secret.length < 16) { throw invalid('a webhook channel needs a secret of at least 16 characters (it signs each request)'); }
    return { url: url(c.url), secret: c.secret };
  }
  if (kind === 'slack') { return { url: url(c.url) }; }
  const to = Array.isArray(c.to) ? c.to.map(String) : [];
  if (typeof c.host !== 'string' || typeof c.port !== 'number' || typeof c.from !== 'string' || to.length === 0) { throw invalid('an email channel needs host, port, from and to[]'); }
  const e: EmailConfig = { host: c.host, port: c.port, from: c.from, to, ...(c.secure === true ? { secure: true } : {}), ...(typeof c.user === 'string' ? { user: c.user, pass: typeof c.pass === 'string' ? c.pass : '' } : {}) };
  return e;
}

/** A channel as listed: secrets and passwords are never returned. */
export function redactChannel(ch: Channel): Omit<Channel, 'config'> & { config: Record<string, unknown> } {
  const c: Record<string, unknown> = { ...ch.config };
  if ('secret' in c) { c.secret = '***'; }
  if ('pass' in c) { c.pass = '***'; }
  return { ...ch, config: c };
}

const toChannel = (r: { id: number; org_id: number; name: string; kind: string; config: string }): Channel =>
  ({ id: Number(r.id), orgId: Number(r.org_id), name: r.name, kind: r.kind as ChannelKind, config: JSON.parse(r.config) as ChannelConfig });

export async function createChannel(ctx: MonitorCtx, p: Principal, orgId: number, input: { name: string; kind: string; config: Record<string, unknown> }): Promise<Channel> {
  assertWrite(p, orgId);
  const kind = oneOf(input.kind, CHANNEL_KINDS, 'channel kind');
  const config = checkConfig(kind, input.config);
  const row = await adb(ctx).insertInto('alert_channels').values({ org_id: orgId, name: input.name, kind, config: JSON.stringify(config), created_at: nowIso(ctx) }).returningAll().executeTakeFirstOrThrow();
  return toChannel(row);
}

export async function listChannels(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Channel[]> {
  assertRead(p, orgId);
  return (await adb(ctx).selectFrom('alert_channels').selectAll().where('org_id', '=', orgId).orderBy('id').execute()).map(toChannel);
}

export async function getChannel(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<Channel> {
  assertRead(p, orgId);
  const r = await adb(ctx).selectFrom('alert_channels').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!r) { throw notFound(`alert channel ${id}`); }
  return toChannel(r);
}

export async function deleteChannel(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await adb(ctx).deleteFrom('alert_channels').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`alert channel ${id}`); }
}

const toRule = (r: { id: number; org_id: number; channel_id: number; kind: string; params: string; enabled: number }): AlertRule =>
  ({ id: Number(r.id), orgId: Number(r.org_id), channelId: Number(r.channel_id), kind: r.kind as RuleKind, params: JSON.parse(r.params) as RuleParams, enabled: Number(r.enabled) === 1 });

export async function createRule(ctx: MonitorCtx, p: Principal, orgId: number, input: { kind: string; channelId: number; params?: RuleParams; enabled?: boolean }): Promise<AlertRule> {
  assertWrite(p, orgId);
  const kind = oneOf(input.kind, RULE_KINDS, 'rule kind');
  await getChannel(ctx, p, orgId, input.channelId);
  const params = input.params ?? {};
  if (params.minSeverity !== undefined) { oneOf(params.minSeverity, SEVERITY_ORDER, 'minSeverity'); }
  if (params.letter !== undefined && !/^[A-F]$/.test(params.letter)) { throw invalid('letter must be A-F'); }
  if (params.points !== undefined && !(params.points > 0 && params.points <= 100)) { throw invalid('points must be 0-100'); }
  const row = await adb(ctx).insertInto('alert_rules').values({ org_id: orgId, channel_id: input.channelId, kind, params: JSON.stringify(params), enabled: input.enabled === false ? 0 : 1, created_at: nowIso(ctx) }).returningAll().executeTakeFirstOrThrow();
  return toRule(row);
}

export async function listRules(ctx: MonitorCtx, p: Principal, orgId: number): Promise<AlertRule[]> {
  assertRead(p, orgId);
  return (await adb(ctx).selectFrom('alert_rules').selectAll().where('org_id', '=', orgId).orderBy('id').execute()).map(toRule);
}

export async function deleteRule(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await adb(ctx).deleteFrom('alert_rules').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`alert rule ${id}`); }
}

export const toDelivery = (r: { id: number; org_id: number; rule_id: number; channel_id: number; run_id: number; status: string; attempts: number; last_error: string | null; payload: string; created_at: string; next_attempt_at: string; delivered_at: string | null }): Delivery => ({
  id: Number(r.id), orgId: Number(r.org_id), ruleId: Number(r.rule_id), channelId: Number(r.channel_id), runId: Number(r.run_id), status: r.status as Delivery['status'],
  attempts: Number(r.attempts), lastError: r.last_error, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at, nextAttemptAt: r.next_attempt_at, deliveredAt: r.delivered_at,
});

/** Newest first; `status: 'dead'` lists the dead letters. */
export async function listDeliveries(ctx: MonitorCtx, p: Principal, orgId: number, status?: Delivery['status'], limit = 100): Promise<Delivery[]> {
  assertRead(p, orgId);
  let q = adb(ctx).selectFrom('alert_deliveries').selectAll().where('org_id', '=', orgId).orderBy('id', 'desc').limit(limit);
  if (status !== undefined) { q = q.where('status', '=', status); }
  return (await q.execute()).map(toDelivery);
}

/** A dead letter back to pending, attempted at the next dispatch. */
export async function retryDelivery(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await adb(ctx).updateTable('alert_deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: nowIso(ctx) })
    .where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'dead').executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) { throw notFound(`dead letter ${id}`); }
}
