/**
 * @module monitor/alerts/channels — sending one alert through one channel: a JSON webhook signed with
 * HMAC-SHA256 (`x-gatehouse-signature: sha256=<hex>` over `<timestamp>.<body>`, timestamp in
 * `x-gatehouse-timestamp`), a Slack-compatible incoming webhook (`{text, blocks}`), or e-mail over SMTP
 * (nodemailer). One attempt here; retries and dead letters are the dispatcher's (alerts/dispatch.ts).
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Alert } from './rules.js';

export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = typeof CHANNEL_KINDS[number];

export interface WebhookConfig { readonly url: string; readonly secret: string }
export interface SlackConfig { readonly url: string }
export interface EmailConfig { readonly host: string; readonly port: number; readonly secure?: boolean; readonly user?: string; readonly pass?: string; readonly from: string; readonly to: readonly string[] }
export type ChannelConfig = WebhookConfig | SlackConfig | EmailConfig;
export interface Channel { readonly id: number; readonly orgId: number; readonly name: string; readonly kind: ChannelKind; readonly config: ChannelConfig }

const TIMEOUT_MS = 10_000;

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function slackPayload(a: Alert): { text: string; blocks: unknown[] } {
  return {
    text: a.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: a.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: a.details.slice(0, 20).map((d) => `• ${d}`).join('\n').slice(0, 2900) || '(no details)' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Gatehouse rule ${a.ruleId} (${a.kind}), runs ${a.fromRunId} → ${a.toRunId}` }] },
    ],
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'gatehouse-alerts/1', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  await res.arrayBuffer();
  if (res.status < 200 || res.status >= 300) { throw new Error(`HTTP ${res.status} from ${new URL(url).host}`); }
}

/** Sends the alert once; throws on any failure (the dispatcher retries). */
export async function send(channel: Channel, alert: Alert, now: Date): Promise<void> {
  switch (channel.kind) {
    case 'webhook': {
      const c = channel.config as WebhookConfig;
      const body = JSON.stringify({ type: 'gatehouse.alert', alert });
      const ts = String(Math.floor(now.getTime() / 1000));
      await post(c.url, body, { 'x-gatehouse-timestamp': ts, 'x-gatehouse-signature': sign(c.secret, ts, body) });
      return;
    }
    case 'slack':
      await post((channel.config as SlackConfig).url, JSON.stringify(slackPayload(alert)), {});
      return;
    case 'email': {
      const c = channel.config as EmailConfig;
      const transport = nodemailer.createTransport({
        host: c.host, port: c.port, secure: c.secure ?? false, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS,
        ...(c.user !== undefined ? { auth: { user: c.user, pass: c.pass ?? '' } } : {}),
      });
      try {
        await transport.sendMail({ from: c.from, to: [...c.to], subject: `[Gatehouse] ${alert.title}`, text: `${alert.title}\n\n${alert.details.map((d) => `- ${d}`).join('\n')}\n\nRule ${alert.ruleId} (${alert.kind}), runs ${alert.fromRunId} -> ${alert.toRunId}.\n` });
      } finally { transport.close(); }
      return;
    }
  }
}
