/**
 * @module test/lab/watch-e2e — issue 11's "done when", end to end: a real `gatehouse serve` (the built CLI) on an
 * ephemeral loopback port; an organisation whose scope is one address of a namespace this file creates
 * (watch-e2e-<pid>, veth 10.186.54.1 here ↔ 10.186.54.2 inside) running real redis-server daemons; an
 * authorisation; a schedule (cron every 5 s, the server ticking every second); alert rules (port-opened,
 * finding-new ≥ high, grade-drop) to a webhook served here (HMAC-SHA256 verified) and to an SMTP server
 * (smtp-server) served here. After the first scheduled run the lab changes — the password-protected redis on 6379
 * restarts without a password (a service weakened) and an unauthenticated redis opens 6380 (a port opened) — and
 * the next scheduled run must show it: the API diff, the grade change with its deductions, and the alerts
 * delivered to both receivers. The server also has a resolver (`--resolver`, unbound in the same namespace serving
 * a fake zone): discovery runs at the start of each scheduled run, and what it finds outside the scope waits for
 * approval and is never in a run's targets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from './netns.js';
import { builtMissing, firstMissing, labSkip, missingCommands, netnsMissing } from './require.js';
import { Client } from '../server/harness.js';
import { exitOf, startServe } from '../server/serve-process.js';
import { DnsClient } from '../../src/monitor/discovery/client.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const HOST_ADDR = '10.186.54.1';
const LAB = '10.186.54.2';
const SECRET = 'watch-e2e-webhook-secret-0123456789';
const reason = firstMissing(netnsMissing, () => (missingCommands(['redis-server', 'unbound']).length > 0 ? 'redis-server or unbound not installed (bash scripts/setup.sh)' : ''), () => builtMissing(CLI));
const ZONE = ['e2e.test. A 10.186.54.2', 'e2e.test. MX 10 mx.elsewhere.test.', 'mx.elsewhere.test. A 198.51.100.25'];

function unboundConf(d: string): string {
  return ['server:', `  interface: ${LAB}`, '  port: 53', '  do-daemonize: no', '  username: ""', '  chroot: ""', `  directory: "${d}"`, '  pidfile: ""',
    '  use-syslog: no', '  logfile: ""', '  do-ip6: no', `  access-control: ${HOST_ADDR}/32 allow`, '  module-config: "iterator"',
    '  local-zone: "." static', '  local-zone: "e2e.test." static', '  local-zone: "elsewhere.test." static',
    ...ZONE.map((rr) => `  local-data: '${rr}'`), 'remote-control:', '  control-enable: no', ''].join('\n');
}
const skip = labSkip(reason);

interface Hit { body: string; ts: string; sig: string }
interface RunJ { id: number; status: string; startedAt: string; ingestedAt: string | null; score: number | null; letter: string | null }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, fn: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined && v !== false) { return v; }
    if (Date.now() > end) { throw new Error(`timed out waiting for ${what}`); }
    await sleep(250);
  }
}

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const s = connect({ host: LAB, port, timeout: 500 });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
  s.once('timeout', () => { s.destroy(); resolve(false); });
});

describe.skipIf(skip)(`Watch end to end: schedule, lab change, diff, grade, alerts${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let ns: Netns;
  let dir = '';
  const veth = `watche${process.pid % 100000}`;
  const daemons = new Map<number, ChildProcess>();
  let hook: Server;
  let hookUrl = '';
  const hits: Hit[] = [];
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: string[] = [];
  let serve: Awaited<ReturnType<typeof startServe>> | null = null;

  async function redis(port: number, password: string | null): Promise<void> {
    const args = ['netns', 'exec', ns.name, 'redis-server', '--bind', LAB, '--port', String(port), '--save', '', '--appendonly', 'no',
      '--protected-mode', 'no', '--daemonize', 'no', '--dir', dir, '--dbfilename', `r${port}.rdb`, ...(password !== null ? ['--requirepass', password] : [])];
    daemons.set(port, spawn('ip', args, { stdio: 'ignore' }));
    await until(`redis on ${port}`, 10_000, () => accepts(port));
  }
  async function stopRedis(port: number): Promise<void> {
    const p = daemons.get(port);
    if (p === undefined) { return; }
    p.kill('SIGTERM');
    await new Promise((r) => { if (p.exitCode !== null || p.signalCode !== null) { r(null); } else { p.once('exit', r); } });
    daemons.delete(port);
    await until(`6379 closed`, 5000, async () => !(await accepts(port)));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-e2e-'));
    ns = Netns.create('watch-e2e');
    spawnSyncOk('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'watchn', 'netns', ns.name]);
    spawnSyncOk('ip', ['addr', 'add', `${HOST_ADDR}/30`, 'dev', veth]);
    spawnSyncOk('ip', ['link', 'set', veth, 'up']);
    ns.run('ip', ['addr', 'add', `${LAB}/30`, 'dev', 'watchn']);
    ns.run('ip', ['link', 'set', 'watchn', 'up']);
    await redis(6379, 'a-long-redis-password');
    writeFileSync(join(dir, 'unbound.conf'), unboundConf(dir));
    daemons.set(53, spawn('ip', ['netns', 'exec', ns.name, 'unbound', '-d', '-c', join(dir, 'unbound.conf')], { stdio: 'ignore' }));
    await until('unbound', 10_000, () => new DnsClient({ resolver: { address: LAB, port: 53 }, timeoutMs: 300, retries: 0 }).lookup('e2e.test', 'A').then((a) => a.length > 0, () => false));

    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => { hits.push({ body, ts: String(req.headers['x-gatehouse-timestamp']), sig: String(req.headers['x-gatehouse-signature']) }); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onData(stream, _s, cb) { let m = ''; stream.on('data', (d: Buffer) => { m += d.toString(); }); stream.on('end', () => { mails.push(m); cb(); }); },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    serve = await startServe(join(dir, 'watch.db'), {}, ['--schedule-interval', '1', '--resolver', `${LAB}:53`]);
  }, 60_000);

  afterAll(async () => {
    if (serve !== null) { serve.proc.kill('SIGTERM'); await exitOf(serve.proc); }
    for (const p of daemons.values()) { p.kill('SIGKILL'); }
    ns?.destroy();
    spawnSyncOk('ip', ['link', 'del', veth], true);
    await new Promise((r) => hook?.close(r));
    await new Promise<void>((r) => { if (smtp) { smtp.close(() => r()); } else { r(); } });
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('a scheduled run sees the lab change: diff, grade change with deductions, alerts by webhook and e-mail', async () => {
    const t0 = Date.now();
    const password = /one-time password\s+(\S+)/.exec(serve!.stdout())?.[1] ?? '';
    const c = new Client(`${serve!.url}/api/v1`);
    expect(await c.login('admin', password)).toBe(200);
    const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await c.request(method, path, body);
      expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
      return r.json as T;
    };
    const org = (await ok<{ id: number }>('POST', '/organizations', { name: 'watch e2e', relationship: 'own', criticality: 'high' })).id;
    const o = `/organizations/${org}`;
    await ok('POST', `${o}/scope`, { target: `${LAB}/32`, note: 'lab namespace' });
    await ok('POST', `${o}/assets`, { kind: 'domain', value: 'e2e.test' });
    await ok('POST', `${o}/authorizations`, { grantedBy: 'lab owner', grantedAt: new Date(Date.now() - 86_400_000).toISOString(), reference: 'watch-e2e', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const webhook = (await ok<{ id: number }>('POST', `${o}/alerts/channels`, { name: 'hook', kind: 'webhook', config: { url: hookUrl, secret: SECRET } })).id;
    const email = (await ok<{ id: number }>('POST', `${o}/alerts/channels`, { name: 'soc', kind: 'email', config: { host: '127.0.0.1', port: smtpPort, from: 'gatehouse@example.test', to: ['soc@example.test'] } })).id;
    for (const channelId of [webhook, email]) {
      await ok('POST', `${o}/alerts/rules`, { kind: 'port-opened', channelId });
      await ok('POST', `${o}/alerts/rules`, { kind: 'finding-new', channelId, params: { minSeverity: 'high' } });
      await ok('POST', `${o}/alerts/rules`, { kind: 'grade-drop', channelId, params: { points: 1 } });
    }
    await ok('POST', `${o}/schedules`, { cron: '*/5 * * * * *', ports: '6379,6380' });

    const runs = async (): Promise<RunJ[]> => (await ok<{ items: RunJ[] }>('GET', `${o}/scans?limit=50`)).items;
    const first = await until('the first scheduled run, ingested', 40_000, async () => (await runs()).find((r) => r.ingestedAt !== null && r.status === 'finished'));
    const tFirst = Date.now() - t0;
    // Discovery ran at the start of the scheduled run: the in-scope address, and the MX host outside the scope pending.
    const disc = (await ok<{ items: Array<{ value: string; inScope: boolean; status: string; provenance: string[] }> }>('GET', `${o}/discovered`)).items;
    expect(Object.fromEntries(disc.map((d) => [d.value, `${d.inScope ? 'in' : 'OUT'} ${d.status} | ${d.provenance.join(' → ')}`]))).toEqual({
      [LAB]: `in pending | e2e.test → ${LAB}`,
      'mx.elsewhere.test': 'OUT pending | MX of e2e.test → mx.elsewhere.test',
      '198.51.100.25': 'OUT pending | MX of e2e.test → mx.elsewhere.test → 198.51.100.25',
    });
    const hitsBefore = hits.length;
    const mailsBefore = mails.length;

    // The lab changes: 6379 loses its password, 6380 opens without one.
    const changedAt = new Date();
    await stopRedis(6379);
    await redis(6379, null);
    await redis(6380, null);

    const second = await until('a scheduled run started after the change, ingested', 40_000, async () =>
      (await runs()).find((r) => r.id > first.id && r.ingestedAt !== null && r.status === 'finished' && Date.parse(r.startedAt) > changedAt.getTime()));
    const tSecond = Date.now() - t0;
    const targets = (await ok<{ targets: string[] }>('GET', `${o}/scans/${second.id}`)).targets;
    expect(targets).toEqual([`${LAB}/32`]); // discovered names and addresses never widen a run

    const diff = (await ok<{ diff: {
      ports: { opened: Array<{ host: string; port: number }> };
      findings: { new: Array<{ host: string; port: number | null; id: string; severity: string }> };
      grade: { before: { score: number; letter: string } | null; after: { score: number; letter: string } | null; delta: number | null; deductions: Array<{ findingId: string; port: number | null }> };
    } }>('GET', `${o}/diff?from=${first.id}&to=${second.id}`)).diff;
    expect(diff.ports.opened.map((p) => `${p.host}:${p.port}`)).toContain(`${LAB}:6380`);
    const fresh = diff.findings.new.filter((f) => f.id === 'redis-no-auth').map((f) => f.port).sort();
    expect(fresh).toEqual([6379, 6380]);
    expect(diff.grade.delta).not.toBeNull();
    expect(diff.grade.delta!).toBeLessThan(0);
    expect(diff.grade.deductions.some((d) => d.findingId === 'redis-no-auth')).toBe(true);
    expect(second.score!).toBeLessThan(first.score!);
    const history = (await ok<{ items: Array<{ score: number; letter: string }> }>('GET', `${o}/grade/history`)).items;
    expect(history.at(-1)?.score).toBe(second.score);

    // Alerts: each rule once on each channel (the webhook signed), within a few dispatcher ticks.
    const kinds = (hs: Hit[]): string[] => hs.map((h) => (JSON.parse(h.body) as { alert: { kind: string; toRunId: number } }).alert).filter((a) => a.toRunId === second.id).map((a) => a.kind).sort();
    await until('three signed webhooks for the second run', 20_000, async () => kinds(hits.slice(hitsBefore)).length >= 3);
    await until('three e-mails', 20_000, async () => mails.length - mailsBefore >= 3);
    expect(kinds(hits.slice(hitsBefore))).toEqual(['finding-new', 'grade-drop', 'port-opened']);
    for (const h of hits) {
      expect(h.sig).toBe(`sha256=${createHmac('sha256', SECRET).update(`${h.ts}.${h.body}`).digest('hex')}`);
    }
    const newMail = mails.slice(mailsBefore).join('\n');
    expect(newMail).toMatch(/redis-no-auth/);
    expect(newMail).toMatch(/grade dropped/);
    expect(newMail).toMatch(/6380/);
    console.log(`watch e2e: first run ingested at ${tFirst} ms (score ${first.score} ${first.letter}), second after the change at ${tSecond} ms (score ${second.score} ${second.letter}, delta ${diff.grade.delta?.toFixed(2) ?? '-'}), alerts delivered by ${Date.now() - t0} ms: ${hits.length} webhooks, ${mails.length} e-mails`);
  }, 120_000);
});

function spawnSyncOk(cmd: string, args: string[], tolerate = false): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0 && !tolerate) { throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`); }
}
