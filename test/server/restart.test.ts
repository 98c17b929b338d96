/**
 * Restart safety through the real `gatehouse serve` (built CLI): a scan started over the API, the server killed
 * with SIGKILL mid-run, a new server on the same SQLite file marks the run interrupted and resumes it for the hosts
 * not yet stored — every host of the target stored exactly once. Targets: 127.79.1.0/24 (loopback) only.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from './harness.js';
import { exitOf, startServe } from './serve-process.js';
import { openMonitor } from '../../src/monitor/context.js';

interface RunRow { id: number; status: string; scanId: number | null; resumedFrom: number | null }

describe('gatehouse serve restart', () => {
  it('kill -9 during a scan: on restart the run is interrupted and resumed for the hosts not yet stored, none twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-restart-'));
    const db = join(dir, 'g.db');
    const servers: Array<{ proc: { kill(sig?: NodeJS.Signals): boolean; exitCode: number | null } }> = [];
    try {
      const first = await startServe(db);
      servers.push(first);
      const pw = /one-time password\n\n {4}(\S+)\n/.exec(first.stdout())?.[1] ?? '';
      const admin = new Client(`${first.url}/api/v1`);
      expect(await admin.login('admin', pw)).toBe(200);
      const org = (await admin.request('POST', '/organizations', { name: 'restart corp' })).json as { id: number };
      expect((await admin.request('POST', `/organizations/${org.id}/scope`, { target: '127.79.1.0/24' })).status).toBe(201);
      expect((await admin.request('POST', `/organizations/${org.id}/authorizations`, { grantedBy: 'CISO', grantedAt: '2026-01-01T00:00:00Z', reference: 'T-1', expiresAt: '2099-01-01T00:00:00Z' })).status).toBe(201);
      const token = ((await admin.request('POST', `/organizations/${org.id}/tokens`, { name: 'ci', scope: 'write' })).json as { token: string }).token;
      const started = await admin.request('POST', `/organizations/${org.id}/scans`, { targets: ['127.79.1.0/24'], ports: '9', ratePps: 60 });
      expect(started.status).toBe(202);
      const run = started.json as RunRow;

      const m = await openMonitor(db);
      const stored = async (): Promise<number> => Number((await m.db.selectFrom('hosts').select((eb) => eb.fn.countAll<number>().as('n')).where('scan_id', '=', run.scanId ?? -1).executeTakeFirstOrThrow()).n);
      try {
        const deadline = Date.now() + 30_000;
        while ((await stored()) < 10 && Date.now() < deadline) { await new Promise((r) => setTimeout(r, 100)); }
        expect(await stored()).toBeGreaterThanOrEqual(10);
        first.proc.kill('SIGKILL');
        expect((await exitOf(first.proc)).signal).toBe('SIGKILL');
        const before = await stored();
        expect(before).toBeLessThan(256);

        const second = await startServe(db);
        servers.push(second);
        const c = new Client(`${second.url}/api/v1`);
        c.bearer = token;
        let runs: RunRow[] = [];
        const until = Date.now() + 45_000;
        for (;;) {
          runs = ((await c.request('GET', `/organizations/${org.id}/scans`)).json as { items: RunRow[] }).items;
          const resumed = runs.find((r) => r.resumedFrom === run.id);
          if ((resumed && resumed.status !== 'running') || Date.now() > until) { break; }
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(runs.find((r) => r.id === run.id)).toMatchObject({ status: 'interrupted' });
        expect(runs.find((r) => r.resumedFrom === run.id)).toMatchObject({ status: 'finished', scanId: run.scanId });
        expect(await stored()).toBe(256);
        const scan = await m.db.selectFrom('scans').select(['hosts_up', 'hosts_down', 'interrupted']).where('id', '=', run.scanId ?? -1).executeTakeFirstOrThrow();
        expect(Number(scan.hosts_up) + Number(scan.hosts_down)).toBe(256);
        second.proc.kill('SIGTERM');
        expect((await exitOf(second.proc)).code).toBe(0);
      } finally { await m.close(); }
    } finally {
      for (const s of servers) { if (s.proc.exitCode === null) { s.proc.kill('SIGKILL'); } } // a failed assertion leaves no server behind
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
