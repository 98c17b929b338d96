/** @module server/resources/alerts — alert channels (secrets never listed), rules, deliveries and dead letters (retry). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as a from '../../monitor/alerts/repo.js';
import { CHANNEL_KINDS } from '../../monitor/alerts/channels.js';
import { AlertRuleZ, RULE_KINDS, RuleParamsZ } from '../../monitor/alerts/rules.js';
import { NoContent, OrgParam, audit, idParam, who } from './common.js';
import type { PlatformDeps } from './deps.js';

const ChannelZ = z.object({ id: z.number().int(), orgId: z.number().int(), name: z.string(), kind: z.enum(CHANNEL_KINDS), config: z.record(z.string(), z.unknown()) });
const RuleZ = AlertRuleZ;

export async function alertRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;

  r.get('/organizations/:orgId/alerts/channels', { schema: { tags: ['alerts'], summary: 'Alert channels (webhook secrets and SMTP passwords shown as ***)', params: OrgParam, response: { 200: z.object({ items: z.array(ChannelZ) }) } } },
    async (req) => ({ items: (await a.listChannels(ctx, who(req), req.params.orgId)).map(a.redactChannel) }));
  r.post('/organizations/:orgId/alerts/channels', {
    config: { access: 'write' },
    schema: { tags: ['alerts'], summary: 'Add a channel: webhook {url, secret} (HMAC-SHA256 signed), slack {url}, email {host, port, from, to[], user?, pass?}', params: OrgParam, body: z.object({ name: z.string().min(1).max(100), kind: z.enum(CHANNEL_KINDS), config: z.record(z.string(), z.unknown()) }), response: { 201: ChannelZ } },
  }, async (req, reply) => {
    const ch = await a.createChannel(ctx, who(req), req.params.orgId, req.body);
    await audit(deps, req, 'alert.channel.create', `alert-channel:${ch.id}`, ch.orgId, { name: ch.name, kind: ch.kind });
    return reply.status(201).send(a.redactChannel(ch));
  });
  r.delete('/organizations/:orgId/alerts/channels/:channelId', { config: { access: 'write' }, schema: { tags: ['alerts'], summary: 'Delete a channel and its rules', params: idParam('channelId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await a.deleteChannel(ctx, who(req), req.params.orgId, req.params.channelId);
      await audit(deps, req, 'alert.channel.delete', `alert-channel:${req.params.channelId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/alerts/rules', { schema: { tags: ['alerts'], summary: 'Alert rules', params: OrgParam, response: { 200: z.object({ items: z.array(RuleZ) }) } } },
    async (req) => ({ items: await a.listRules(ctx, who(req), req.params.orgId) }));
  r.post('/organizations/:orgId/alerts/rules', {
    config: { access: 'write' },
    schema: { tags: ['alerts'], summary: 'Add a rule: port-opened {ports?}, finding-new {minSeverity}, grade-below {letter}, grade-drop {points}, service-changed', params: OrgParam, body: z.object({ kind: z.enum(RULE_KINDS), channelId: z.number().int().positive(), params: RuleParamsZ.default({}), enabled: z.boolean().default(true) }), response: { 201: RuleZ } },
  }, async (req, reply) => {
    const rule = await a.createRule(ctx, who(req), req.params.orgId, req.body);
    await audit(deps, req, 'alert.rule.create', `alert-rule:${rule.id}`, rule.orgId, req.body);
    return reply.status(201).send(rule);
  });
  r.delete('/organizations/:orgId/alerts/rules/:ruleId', { config: { access: 'write' }, schema: { tags: ['alerts'], summary: 'Delete a rule', params: idParam('ruleId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await a.deleteRule(ctx, who(req), req.params.orgId, req.params.ruleId);
      await audit(deps, req, 'alert.rule.delete', `alert-rule:${req.params.ruleId}`, req.params.orgId);
      return reply.status(204).send(null);
    });

  r.get('/organizations/:orgId/alerts/deliveries', { schema: { tags: ['alerts'], summary: 'Deliveries, newest first (status=dead: the dead letters)', params: OrgParam, querystring: z.object({ status: z.enum(['pending', 'delivered', 'dead']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }), response: { 200: z.object({ items: z.array(a.DeliveryZ) }) } } },
    async (req) => ({ items: await a.listDeliveries(ctx, who(req), req.params.orgId, req.query.status, req.query.limit) }));
  r.post('/organizations/:orgId/alerts/deliveries/:deliveryId/retry', { config: { access: 'write' }, schema: { tags: ['alerts'], summary: 'Send a dead letter again', params: idParam('deliveryId'), response: { 204: NoContent } } },
    async (req, reply) => {
      await a.retryDelivery(ctx, who(req), req.params.orgId, req.params.deliveryId);
      await audit(deps, req, 'alert.delivery.retry', `alert-delivery:${req.params.deliveryId}`, req.params.orgId);
      return reply.status(204).send(null);
    });
}
