/**
 * The run executor against loopback listeners the test starts (127.77.x.x only): refusals before any packet,
 * a run followed through its events and ingested, a second run's diff, and restart safety (kill -9 of the server
 * process mid-run → interrupted, resumed for the hosts not yet stored, nothing duplicated).
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { backends } from '../support/watch.js';
import type { OpenedMonitor } from '../../src/monitor/context.js';
import { SYSTEM_PRINCIPAL as admin } from '../../src/monitor/principal.js';
import { createOrganization } from '../../src/monitor/repo/organizations.js';
import { addScopeEntry } from '../../src/monitor/repo/scope.js';
import { recordAuthorisation } from '../../src/monitor/repo/authorisations.js';
import { createRun, getRun } from '../../src/monitor/repo/runs.js';
import { runContext, startRun, type RunContext } from '../../src/monitor/executor.js';
import { recoverRuns } from '../../src/monitor/recover.js';
import { runDueSchedules } from '../../src/monitor/scheduler.js';
import { createSchedule, getSchedule } from '../../src/monitor/repo/schedules.js';
import { latestRunDiff } from '../../src/monitor/run-diff.js';
import type { RunEvent } from '../../src/monitor/run-events.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
let connections = 0;
async function listen(host: string, port = 0): Promise<number> {
  const s = createServer((c) => { connections++; sockets.add(c); c.on('close', () => sockets.delete(c)); c.on('error', () => c.destroy()); c.end(); });
  await new Promise<void>((r) => s.listen(port, host, r));
  servers.push(s);
  return (s.address() as { port: number }).port;
}
let port = 0;
beforeAll(async () => { port = await listen('127.77.0.1'); });
afterAll(async () => {
  for (const c of sockets) { c.destroy(); }
  for (const s of servers) { await new Promise((r) => s.close(r)); }
});

async function authorisedOrg(m: OpenedMonitor, scope: string): Promise<number> {
  const o = await createOrganization(m, admin, { name: `Org ${Math.random()}` });
  await addScopeEntry(m, admin, o.id, scope);
  await recordAuthorisation(m, admin, o.id, { grantedBy: 'CISO', grantedAt: '2026-01-01', reference: 'T-1', expiresAt: '2099-01-01' });
  return o.id;
}

for (const b of await backends()) {
  describe.skipIf(b.skip !== false)(`run executor on ${b.name}${b.skip !== false ? ` (skipped: ${b.skip})` : ''}`, () => {
    let m: OpenedMonitor;
    let ctx: RunContext;
    let cleanup: () => Promise<void>;
    beforeEach(async () => { ({ m, cleanup } = await b.open()); ctx = runContext(m, { scanArgs: ['--timeout', '300'] }); });
    afterEach(async () => { await cleanup(); });

    it('refuses before any packet: a target outside the scope (named), no authorisation, a viewer', async () => {
      const orgId = await authorisedOrg(m, '127.78.0.0/24');
      const before = connections;
      await expect(startRun(ctx, admin, orgId, { targets: ['127.78.0.5', '127.77.0.1'], ports: String(port) }))
        .rejects.toMatchObject({ code: 'GH_ERR_OUT_OF_SCOPE', message: expect.stringContaining('127.77.0.1') as unknown as string });
      const bare = (await createOrganization(m, admin, { name: 'no auth' })).id;
      await addScopeEntry(m, admin, bare, '127.77.0.0/24');
      await expect(startRun(ctx, admin, bare, { targets: ['127.77.0.1'], ports: String(port) })).rejects.toMatchObject({ code: 'GH_ERR_NO_AUTHORISATION' });
      await expect(startRun(ctx, { ...admin, kind: 'user', role: 'viewer' }, orgId, { targets: ['127.78.0.1'] })).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(startRun(ctx, { kind: 'token', id: 3, role: 'analyst', orgIds: [bare], canWrite: true }, orgId, { targets: ['127.78.0.1'] })).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
      expect(connections).toBe(before);
      expect(await m.store.listScans(10)).toEqual([]);
    });

    it('runs a scan as a child process, streams its events, ingests it; a second run after a port opens shows the diff', async () => {
      const base = b.name === 'sqlite' ? '127.77.3' : '127.77.4';
      const p1 = await listen(`${base}.1`);
      const orgId = await authorisedOrg(m, `${base}.0/29`);
      const h = await startRun(ctx, admin, orgId, { targets: [`${base}.0/29`], ports: String(p1), serviceDetection: false });
      await expect(startRun(ctx, admin, orgId, { targets: [`${base}.1`], ports: String(p1) })).rejects.toMatchObject({ code: 'GH_ERR_CONFLICT' });
      const seen: RunEvent[] = [];
      for await (const e of h.events) { seen.push(e); }
      const out = await h.done;
      expect(out.error).toBeNull();
      expect(seen[0]).toMatchObject({ type: 'started', runId: h.run.id, scanId: h.scanId });
      expect(seen.filter((e) => e.type === 'host')).toHaveLength(8);
      expect(seen.some((e) => e.type === 'port' && e.host === `${base}.1` && e.port === p1 && e.state === 'open')).toBe(true);
      expect(seen.at(-1)).toMatchObject({ type: 'finished', status: 'finished', hostsDone: 8 });
      expect(await getRun(m, admin, orgId, h.run.id)).toMatchObject({ status: 'finished', scanId: h.scanId, basis: 'active' });
      await listen(`${base}.2`, p1);
      const h2 = await startRun(ctx, admin, orgId, { targets: [`${base}.0/29`], ports: String(p1), serviceDetection: false });
      await h2.done;
      const d = await latestRunDiff(m, admin, orgId);
      expect(d?.ports.opened).toEqual([{ host: `${base}.2`, port: p1, protocol: 'tcp', service: expect.any(String) }]);
      expect(d?.ports.closed).toEqual([]);
    });
  });
}

describe('scheduler (SQLite)', () => {
  it('starts due schedules over the organisation scope at its rate; an unauthorised one is skipped with its code', async () => {
    const { m, cleanup } = await (await backends())[0]!.open();
    try {
      const ctx = runContext(m, { scanArgs: ['--timeout', '300'] });
      const p1 = await listen('127.77.5.1');
      const orgId = await authorisedOrg(m, '127.77.5.0/30');
      const s = await createSchedule(m, admin, orgId, { intervalSeconds: 3600, ports: String(p1), ratePps: 500 });
      const bare = (await createOrganization(m, admin, { name: 'unauthorised' })).id;
      await addScopeEntry(m, admin, bare, '127.77.6.0/30');
      await createSchedule(m, admin, bare, { intervalSeconds: 3600, ports: String(p1) });
      const tick = await runDueSchedules(ctx);
      expect(tick.skipped).toEqual([expect.objectContaining({ orgId: bare, code: 'GH_ERR_NO_AUTHORISATION' })]);
      expect(tick.started).toHaveLength(1);
      const out = await tick.started[0]!.done;
      expect(out.run).toMatchObject({ status: 'finished', scheduleId: s.id, targets: ['127.77.5.0/30'] });
      expect(out.ingest?.grade.hosts).toBe(4);
      const after = await getSchedule(m, admin, orgId, s.id);
      expect(Date.parse(after.nextRunAt ?? '') - Date.parse(after.lastRunAt ?? '')).toBe(3600_000);
      expect((await runDueSchedules(ctx)).started).toEqual([]);
    } finally { await cleanup(); }
  });
});

describe('restart safety (SQLite)', () => {
  it('kill -9 of the server mid-run: the run is marked interrupted and resumed for the hosts not yet stored, none stored twice', async () => {
    const sqlite = (await backends())[0]!;
    const { m, cleanup } = await sqlite.open();
    try {
      const orgId = await authorisedOrg(m, '127.77.1.0/24');
      const server = spawn(process.execPath, [new URL('../support/watch-server.mjs', import.meta.url).pathname, m.dbUrl, String(orgId), '127.77.1.0/24', String(port), '60'],
        { stdio: ['pipe', 'pipe', 'inherit'] });
      const first = await new Promise<{ runId: number; scanId: number }>((resolve) => {
        createInterface({ input: server.stdout }).once('line', (l) => resolve(JSON.parse(l) as { runId: number; scanId: number }));
      });
      const stored = async (): Promise<number> => (await m.db.selectFrom('hosts').select((eb) => eb.fn.countAll<number>().as('n')).where('scan_id', '=', first.scanId).executeTakeFirstOrThrow()).n;
      while (Number(await stored()) < 10) { await new Promise((r) => setTimeout(r, 100)); }
      server.kill('SIGKILL');
      await new Promise((r) => server.once('close', r));
      const ctx = runContext(m, { scanArgs: ['--timeout', '300'] });
      const report = await recoverRuns(ctx);
      expect(report.interrupted.map((r) => r.id)).toEqual([first.runId]);
      expect(report.resumed).toHaveLength(1);
      const resumed = report.resumed[0]!;
      expect(resumed.skipped).toBeGreaterThanOrEqual(10);
      expect(resumed.skipped).toBeLessThan(256);
      const out = await resumed.done;
      expect(out.error).toBeNull();
      expect(Number(await stored())).toBe(256);
      const hostEvents = resumed.events.history().filter((e) => e.type === 'host').length;
      expect(hostEvents + resumed.skipped).toBe(256);
      expect(await getRun(m, admin, orgId, first.runId)).toMatchObject({ status: 'interrupted' });
      expect(await getRun(m, admin, orgId, resumed.run.id)).toMatchObject({ status: 'finished', resumedFrom: first.runId, scanId: first.scanId });
      const scan = (await m.store.listScans(1))[0]!;
      expect(scan).toMatchObject({ id: first.scanId, hostsUp: 256, interrupted: false });
    } finally { await cleanup(); }
  }, 60_000);

  it('a running run whose stored request does not parse (runs.request) is closed with the reason, not resumed', async () => {
    const sqlite = (await backends())[0]!;
    const { m, cleanup } = await sqlite.open();
    try {
      const orgId = await authorisedOrg(m, '127.77.2.0/24');
      const scanId = await m.store.beginScan({ started: new Date().toISOString(), finished: null, targets: ['127.77.2.1'], ports: '1' });
      const run = await createRun(m, admin, orgId, { kind: 'active', basis: 'active', targets: ['127.77.2.1'], ports: '1', scanId, request: { targets: 'not a list' } });
      const report = await recoverRuns(runContext(m, { scanArgs: ['--timeout', '300'] }));
      expect(report.resumed).toEqual([]);
      expect(report.closed.map((c) => [c.run.id, c.reason])).toEqual([[run.id, expect.stringMatching(/^the stored request is unreadable \(targets: /)]]);
      expect(await getRun(m, admin, orgId, run.id)).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/^not resumed: the stored request is unreadable/) });
    } finally { await cleanup(); }
  });
});
