/**
 * Alerts end to end against real receivers started here: an HTTP server on 127.0.0.1:0 (JSON webhook with its
 * HMAC signature checked, a Slack-compatible path, a flaky path and a broken one) and an SMTP server
 * (smtp-server) on 127.0.0.1:0. Rules are created through the API; a new run is ingested; the dispatcher
 * queues, sends, retries with back-off and keeps dead letters, which the API lists and can retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Client, startHarness, type Harness, type StoreKind } from './harness.js';
import { ALPHA_ADDR, alphaHost, seed, storeAndIngest, type Seeded } from './seed.js';
import { pgUnavailable } from '../support/pg.js';
import { dispatchAlerts } from '../../src/monitor/alerts/dispatch.js';
import { sign } from '../../src/monitor/alerts/channels.js';
import type { HostResult } from '../../src/core/types.js';

const SECRET = 'a-webhook-secret-of-32-characters!';
interface Hit { path: string; body: string; headers: Record<string, string | string[] | undefined> }

function receiver(): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  let flaky = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      hits.push({ path: req.url ?? '', body, headers: req.headers });
      if (req.url === '/broken') { res.writeHead(500).end('no'); return; }
      if (req.url === '/flaky' && ++flaky <= 2) { res.writeHead(503).end('later'); return; }
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

function smtp(): Promise<{ server: SMTPServer; port: number; mails: string[] }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, cb) { let m = ''; stream.on('data', (d: Buffer) => { m += d.toString(); }); stream.on('end', () => { mails.push(m); cb(); }); },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, mails })));
}

/** Third scan of alpha: ssh upgraded (service change) and an FTP server with anonymous login (a port opens, a high finding). */
function thirdHost(): HostResult {
  const h = alphaHost(true);
  const ssh = h.ports[0]!;
  return {
    ...h,
    ports: [{ ...ssh, service: { ...ssh.service, version: '9.9p1' } }, h.ports[1]!,
      { port: 21, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'ftp', method: 'probed', product: 'vsftpd', version: '3.0.3' },
        findings: [{ id: 'ftp-anonymous', severity: 'high', title: 'FTP allows anonymous login', evidence: 'USER anonymous → 230', remediation: 'anonymous_enable=NO', references: ['https://security.appspot.com/vsftpd/vsftpd_conf.html'] }] }],
    counts: { open: 3, closed: 0, filtered: 0, 'open|filtered': 0 },
  };
}

const pgSkip = await pgUnavailable();

describe.each<[StoreKind, string | false]>([['sqlite', false], ['postgres', pgSkip]])('alerts on %s', (kind, skip) => {
  let h: Harness;
  let s: Seeded;
  let c: Client;
  let http: Awaited<ReturnType<typeof receiver>>;
  let mail: Awaited<ReturnType<typeof smtp>>;
  beforeAll(async () => {
    if (skip !== false) { return; }
    h = await startHarness(kind);
    s = await seed(h);
    c = new Client(h.base);
    c.bearer = s.alphaWrite;
    http = await receiver();
    mail = await smtp();
  }, 60_000);
  afterAll(async () => {
    if (skip !== false) { return; }
    await h.close();
    await new Promise((r) => http.server.close(r));
    await new Promise<void>((r) => mail.server.close(() => r()));
  });

  it.skipIf(skip !== false)('delivers signed webhooks, Slack payloads and e-mail; retries with back-off; keeps dead letters', async () => {
    const org = `/organizations/${s.alpha}/alerts`;
    const ch = async (name: string, kind: string, config: Record<string, unknown>) => {
      const r = await c.request('POST', `${org}/channels`, { name, kind, config });
      expect(r.status).toBe(201);
      return (r.json as { id: number; config: Record<string, unknown> });
    };
    const hook = await ch('hook', 'webhook', { url: `${http.url}/hook`, secret: SECRET });
    expect(hook.config.secret).toBe('***');
    const slack = await ch('slack', 'slack', { url: `${http.url}/slack` });
    const email = await ch('mail', 'email', { host: '127.0.0.1', port: mail.port, from: 'gatehouse@example.test', to: ['soc@example.test'] });
    const flaky = await ch('flaky', 'webhook', { url: `${http.url}/flaky`, secret: SECRET });
    const broken = await ch('broken', 'webhook', { url: `${http.url}/broken`, secret: SECRET });
    const rule = async (kind: string, channelId: number, params: Record<string, unknown> = {}) => {
      const r = await c.request('POST', `${org}/rules`, { kind, channelId, params });
      expect(r.status).toBe(201);
    };
    await rule('port-opened', hook.id);
    await rule('service-changed', slack.id);
    await rule('finding-new', email.id, { minSeverity: 'high' });
    await rule('grade-drop', flaky.id, { points: 0.01 });
    await rule('finding-new', broken.id, { minSeverity: 'medium' });
    expect((await c.request('GET', `${org}/channels`)).text).not.toContain(SECRET);

    const runId = await storeAndIngest(h, s.alpha, thirdHost());
    const opts = { baseDelayMs: 1000, maxAttempts: 3 };
    const first = await dispatchAlerts(h.monitor, opts);
    expect(first.queued).toBeGreaterThanOrEqual(4);
    // Back-off: nothing is due again until the clock passes base × 2^(attempt−1).
    expect((await dispatchAlerts(h.monitor, opts)).retried).toBe(0);
    for (let i = 0; i < 4; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 5000);
      await dispatchAlerts(h.monitor, opts);
    }

    const hookHit = http.hits.find((x) => x.path === '/hook');
    expect(hookHit).toBeDefined();
    const ts = String(hookHit!.headers['x-gatehouse-timestamp']);
    expect(hookHit!.headers['x-gatehouse-signature']).toBe(sign(SECRET, ts, hookHit!.body));
    const alert = (JSON.parse(hookHit!.body) as { alert: { kind: string; toRunId: number; details: string[] } }).alert;
    expect(alert).toMatchObject({ kind: 'port-opened', toRunId: runId });
    expect(alert.details.join('\n')).toContain(`${ALPHA_ADDR}:21/tcp opened`);

    const slackHit = http.hits.find((x) => x.path === '/slack');
    const sp = JSON.parse(slackHit!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(sp.text).toContain('service behind 1 port(s) changed');
    expect(sp.blocks[0]?.type).toBe('header');

    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]).toMatch(/Subject: \[Gatehouse\] .*new finding/);
    expect(mail.mails[0]).toContain('ftp-anonymous');

    expect(http.hits.filter((x) => x.path === '/flaky')).toHaveLength(3);
    expect(http.hits.filter((x) => x.path === '/broken')).toHaveLength(3);
    const delivered = (await c.request('GET', `${org}/deliveries?status=delivered`)).json as { items: Array<{ channelId: number; attempts: number }> };
    expect(delivered.items.find((d) => d.channelId === flaky.id)?.attempts).toBe(3);
    // Dead letters: ours to the broken receiver, and the seed's channel to a closed loopback port (its rule fires too).
    const dead = ((await c.request('GET', `${org}/deliveries?status=dead`)).json as { items: Array<{ id: number; channelId: number; attempts: number; lastError: string }> }).items;
    const ours = dead.filter((d) => d.channelId === broken.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ attempts: 3, lastError: expect.stringContaining('HTTP 500') });
    expect(dead.filter((d) => d.channelId === s.ids.channelId).length).toBeGreaterThanOrEqual(1);
    expect(dead.filter((d) => ![broken.id, s.ids.channelId].includes(d.channelId))).toEqual([]);

    expect((await c.request('POST', `${org}/deliveries/${ours[0]!.id}/retry`)).status).toBe(204);
    await dispatchAlerts(h.monitor, opts);
    expect(http.hits.filter((x) => x.path === '/broken')).toHaveLength(4);
    // A run already evaluated is never alerted twice.
    expect((await dispatchAlerts(h.monitor, opts)).queued).toBe(0);
  });
});
