/**
 * The false-open guard: with the ephemeral port range narrowed to one port inside a namespace, a
 * connect to that very port on loopback can only land on itself (TCP simultaneous open). Gatehouse
 * must report it closed (reason self-connect), never open — and report a real listener as open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from './netns.js';
import { builtMissing, firstMissing, labSkip, missingCommands, netnsMissing } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

const skipReason = firstMissing(netnsMissing, () => builtMissing(CLI), () => missingCommands(['sysctl', 'ss']).map((c) => `missing ${c}`).join(', '));

describe.skipIf(labSkip(skipReason))(`self-connect guard (namespace lab)${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let ns: Netns;
  beforeAll(() => {
    ns = Netns.create('gh-selfc');
    ns.run('sysctl', ['-qw', 'net.ipv4.ip_local_port_range=40000 40000']);
  });
  afterAll(() => ns?.destroy());

  for (const connector of ['native', 'tcp_wrap', 'net']) {
    it(`reports the self-connected port closed, not open (${connector})`, async () => {
      const r = await ns.exec('env', [`GATEHOUSE_CONNECTOR=${connector}`, 'node', CLI, 'scan', '127.0.0.1', '-p', '40000', '-Pn', '--all-states', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { hosts: { ports: { port: number; state: string; reason: string }[] }[] };
      const p = doc.hosts[0]?.ports[0];
      expect(p?.port).toBe(40000);
      expect(p?.state).toBe('closed');
      expect(p?.reason).toBe('self-connect');
    });
  }

  it('matches ss -tln exactly on a full-range loopback scan', async () => {
    ns.run('sysctl', ['-qw', 'net.ipv4.ip_local_port_range=32768 60999']);
    await ns.background('node', ['-e', `
      const net = require('node:net'); let n = 0; const ports = [22, 8080, 39999, 50000];
      for (const p of ports) net.createServer(c => c.destroy()).listen(p, '127.0.0.1', () => { if (++n === ports.length) console.log('ready'); });
    `]);
    const ss = ns.run('ss', ['-Htln']).split('\n').map((l) => /127\.0\.0\.1:(\d+)/.exec(l)?.[1]).filter((x): x is string => !!x).map(Number).sort((a, b) => a - b);
    const r = await ns.exec('node', [CLI, 'scan', '127.0.0.1', '-p-', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: { state: string; ports: { port: number; state: string }[] }[] };
    expect(doc.hosts[0]?.state).toBe('up');
    const opens = (doc.hosts[0]?.ports ?? []).filter((p) => p.state === 'open').map((p) => p.port);
    expect(ss).toEqual([22, 8080, 39999, 50000]);
    expect(opens).toEqual(ss);
  });
});
