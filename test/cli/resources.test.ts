/** Resource limits and address families: EMFILE must slow the scan down, never fail it; IPv6 loopback works. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { CLI, runCli } from './run.js';
import { labSkip } from '../lab/require.js';

/** Ports the host listens on for every address (0.0.0.0 / [::]): they answer on any 127.x target too. */
function wildcardPorts(lo: number, hi: number): number[] {
  const out = spawnSync('ss', ['-Htln'], { encoding: 'utf8' }).stdout ?? '';
  const ports = out.split('\n').map((l) => /(?:0\.0\.0\.0|\*|\[::\]):(\d+)\s/.exec(l)?.[1]).filter((x): x is string => !!x).map(Number);
  return [...new Set(ports)].filter((p) => p >= lo && p <= hi).sort((a, b) => a - b);
}

let v6: net.Server | null = null;
let v6Port = 0;

beforeAll(async () => {
  v6 = await new Promise<net.Server | null>((resolve) => {
    const s = net.createServer((c) => c.destroy());
    s.once('error', () => resolve(null)); // no IPv6 loopback on this machine: the IPv6 test is skipped (fails in CI)
    s.listen(0, '::1', () => resolve(s));
  });
  v6Port = v6 ? (v6.address() as net.AddressInfo).port : 0;
});
afterAll(async () => { if (v6) { await new Promise((r) => v6?.close(r)); } });

describe('resource limits', () => {
  it('finishes a scan correctly when the open-file limit is far below the requested concurrency', () => {
    const r = spawnSync('bash', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${CLI}" scan 127.85.0.1 -p 1-3000 -Pn --max-concurrency 1000 --threads 1 --json --no-store --no-service-detection`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: { counts: Record<string, number> }[] };
    const open = wildcardPorts(1, 3000).length;
    expect(doc.hosts[0]?.counts).toEqual({ open, closed: 3000 - open, filtered: 0, 'open|filtered': 0 });
  });
});

describe('IPv6', () => {
  it('scans ::1 and finds the listener', async (ctx) => {
    if (labSkip(v6 ? '' : 'no IPv6 loopback (::1) on this machine')) { ctx.skip(); return; }
    const r = await runCli(['scan', '::1', '-p', `${v6Port},${v6Port === 65535 ? 65534 : v6Port + 1}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: { address: string; ports: { port: number; state: string }[] }[] };
    expect(doc.hosts[0]?.address).toBe('::1');
    expect(doc.hosts[0]?.ports.map((p) => [p.port, p.state])).toEqual([[v6Port, 'open']]);
  });
});

describe('worker threads', () => {
  it('gives the same open set with 1 and 2 threads, across hosts and ports', async () => {
    const args = ['scan', '127.85.1.1-4', '-p', '1-6000', '-Pn', '--json'];
    const one = await runCli([...args, '--threads', '1']);
    const two = await runCli([...args, '--threads', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    type Doc = { hosts: { address: string; counts: Record<string, number> }[] };
    const counts = (s: string): [string, Record<string, number>][] => (JSON.parse(s) as Doc).hosts.map((h) => [h.address, h.counts] as [string, Record<string, number>]).sort();
    expect(counts(two.stdout)).toEqual(counts(one.stdout));
    expect(counts(one.stdout)).toHaveLength(4);
    const open = wildcardPorts(1, 6000).length;
    for (const [, c] of counts(one.stdout)) { expect([c.open, c.closed]).toEqual([open, 6000 - open]); }
  });
});
