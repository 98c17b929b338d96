/**
 * Self-scan lab (issue 14 item 7): namespace acc-b-self-<pid> with two real redis-server instances, one bound to
 * 127.0.0.1 only and one to 0.0.0.0, plus an interface address 10.81.0.1 (a veth pair inside the namespace). `gatehouse scan 127.0.0.1` run inside the
 * namespace (so the scanner is the machine itself) must name the process and bind scope of each port, list the
 * loopback-only risk separately at a tenth of its weight, and cap the grade only for the one others can reach.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanDocument } from '../../src/core/types.js';
import { canUseNetns, Netns } from './netns.js';
import { labSkip } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const LOCAL_PORT = 16379;
const ALL_PORT = 16380;
const IFACE = '10.81.0.1';

function has(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}
const skipReason = !canUseNetns ? 'needs root and iproute2 (ip netns)' : !has('redis-server') ? 'missing redis-server (bash scripts/setup.sh)' : '';

describe.skipIf(labSkip(skipReason))(`self-scan: loopback-only vs all-interfaces listeners${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let ns: Netns;
  let dir: string;

  const scan = async (target: string, ports: number[]): Promise<ScanDocument> => {
    const r = await ns.exec('node', [CLI, 'scan', target, '-p', ports.join(','), '--json', '--no-ping', '--timeout', '500']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ScanDocument;
  };
  const redis = (port: number, bind: string): void => {
    const p = spawn('ip', ['netns', 'exec', ns.name, 'redis-server', '--port', String(port), '--bind', bind, '--protected-mode', 'no',
      '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { stdio: 'ignore' });
    p.on('error', () => undefined);
  };
  const waitListening = async (port: number): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (ns.run('ss', ['-Htln', `sport = :${port}`]).trim() !== '') { return; }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis on ${port} did not start`);
  };

  beforeAll(async () => {
    ns = Netns.create('acc-b-self');
    dir = `/tmp/${ns.name}`;
    mkdirSync(dir, { recursive: true });
    ns.run('ip', ['link', 'add', 'accb0', 'type', 'veth', 'peer', 'name', 'accb1']);
    ns.run('ip', ['addr', 'add', `${IFACE}/24`, 'dev', 'accb0']);
    ns.run('ip', ['link', 'set', 'accb0', 'up']);
    ns.run('ip', ['link', 'set', 'accb1', 'up']);
    redis(LOCAL_PORT, '127.0.0.1');
    redis(ALL_PORT, '0.0.0.0');
    await waitListening(LOCAL_PORT);
    await waitListening(ALL_PORT);
  });

  afterAll(() => {
    ns?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each port gets its process and bind scope; the loopback-only risk weighs less and does not cap', async () => {
    const doc = await scan('127.0.0.1', [LOCAL_PORT, ALL_PORT]);
    writeFileSync(`${dir}/scan.json`, JSON.stringify(doc));
    const h = doc.hosts[0]!;
    expect(h.self?.inventory).toBe('linux-proc');
    const byPort = Object.fromEntries(h.ports.map((p) => [p.port, p]));
    expect(byPort[LOCAL_PORT]?.local).toMatchObject({ bindScope: 'loopback', reach: 'local', bound: ['127.0.0.1'] });
    expect(byPort[ALL_PORT]?.local).toMatchObject({ bindScope: 'all', reach: 'network', bound: ['0.0.0.0'] });
    for (const p of [LOCAL_PORT, ALL_PORT]) {
      expect(byPort[p]?.local?.processes.map((x) => x.name)).toEqual(['redis-server']);
      expect(byPort[p]?.findings?.map((f) => f.id)).toContain('redis-no-auth');
    }
    const d = (port: number) => doc.grade!.deductions.find((x) => x.port === port && x.findingId === 'redis-no-auth')!;
    expect(d(LOCAL_PORT).local).toBe(true);
    expect(d(ALL_PORT).local).toBeUndefined();
    expect(d(LOCAL_PORT).points).toBeLessThan(d(ALL_PORT).points / 5);
    // the one reachable from other hosts caps the grade; the loopback one is not among the cap's holders' ports
    expect(doc.grade!.cap).toMatchObject({ letter: 'D', severity: 'critical', findingIds: ['redis-no-auth'] });

    const ex = await ns.exec('node', [CLI, 'explain', `${dir}/scan.json`]);
    expect(ex.code, ex.stderr).toBe(0);
    const [reachable, localOnly] = ex.stdout.split('Reachable only from this machine');
    expect(reachable).toContain(`127.0.0.1:${ALL_PORT}/tcp`);
    expect(reachable).not.toContain(`127.0.0.1:${LOCAL_PORT}/tcp`);
    expect(localOnly).toContain(`127.0.0.1:${LOCAL_PORT}/tcp`);
    expect(ex.stdout).toContain(`Capped at D: 1 critical finding(s) reachable from other hosts`);
  });

  it('a machine whose only risk listens on loopback is not capped and keeps a good grade', async () => {
    const doc = await scan('127.0.0.1', [LOCAL_PORT]);
    expect(doc.grade!.cap).toBeUndefined();
    expect(doc.grade!.letter).toBe('A');
    expect(doc.grade!.deductions.every((x) => x.local === true)).toBe(true);
  });

  it('scanning an interface address of the machine: only the all-interfaces listener answers, joined as reachable', async () => {
    const doc = await scan(IFACE, [LOCAL_PORT, ALL_PORT]);
    const open = doc.hosts[0]!.ports.filter((p) => p.state === 'open');
    expect(open.map((p) => [p.port, p.local?.reach])).toEqual([[ALL_PORT, 'network']]);
  });
});
