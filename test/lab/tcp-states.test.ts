/**
 * Port and host states against a kernel firewall in a namespace: open (listener), closed (RST from the kernel
 * or iptables tcp-reset), filtered (DROP: silence), filtered/host-unreach (ICMP host unreachable), and hosts
 * that drop everything or are unreachable reported down without -Pn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from './netns.js';
import { builtMissing, labSkip, missingCommands, netnsMissing } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const LISTENERS = new URL('../../lab/listeners.mjs', import.meta.url).pathname;

const skipReason = netnsMissing() || (missingCommands(['iptables']).length > 0 ? 'needs iptables' : builtMissing(CLI));

interface Doc { hosts: { address: string; state: string; reason: string; ports: { port: number; state: string; reason: string }[]; counts: Record<string, number> }[] }

describe.skipIf(labSkip(skipReason))(`TCP states through iptables (namespace lab)${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let ns: Netns;
  beforeAll(async () => {
    ns = Netns.create('gh-states');
    const ipt = (...args: string[]): string => ns.run('iptables', args);
    ipt('-A', 'INPUT', '-d', '127.0.5.1', '-p', 'tcp', '--dport', '82', '-j', 'DROP');
    ipt('-A', 'INPUT', '-d', '127.0.5.1', '-p', 'tcp', '--dport', '83', '-j', 'REJECT', '--reject-with', 'tcp-reset');
    ipt('-A', 'INPUT', '-d', '127.0.5.1', '-p', 'tcp', '--dport', '84', '-j', 'REJECT', '--reject-with', 'icmp-host-unreachable');
    ipt('-A', 'INPUT', '-d', '127.0.5.2', '-p', 'tcp', '-j', 'DROP');
    ipt('-A', 'INPUT', '-d', '127.0.5.3', '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'icmp-host-unreachable');
    await ns.background('node', [LISTENERS, '127.0.5.1:22,127.0.5.1:80,127.0.5.2:22']);
  });
  afterAll(() => ns?.destroy());

  async function scan(args: string[]): Promise<Doc> {
    const r = await ns.exec('node', [CLI, 'scan', ...args, '--json', '--all-states', '--timeout', '300']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Doc;
  }

  it('tells open, closed, filtered and unreachable apart', async () => {
    const doc = await scan(['127.0.5.1', '-p', '22,80,81,82,83,84']);
    const h = doc.hosts[0];
    expect(h?.state).toBe('up');
    const by = new Map(h?.ports.map((p) => [p.port, `${p.state}/${p.reason}`]));
    expect(Object.fromEntries(by)).toEqual({
      22: 'open/syn-ack', 80: 'open/syn-ack', 81: 'closed/conn-refused', 82: 'filtered/no-response',
      83: 'closed/conn-refused', 84: 'filtered/host-unreach',
    });
    expect(h?.counts).toEqual({ open: 2, closed: 2, filtered: 2, 'open|filtered': 0 });
  });

  it('reports hosts that drop everything or are unreachable as down, and does not port-scan them', async () => {
    const doc = await scan(['127.0.5.2-3', '-p', '1-1000']);
    const by = new Map(doc.hosts.map((h) => [h.address, h]));
    expect(by.get('127.0.5.2')?.state).toBe('down');
    expect(by.get('127.0.5.2')?.reason).toBe('no-response');
    expect(by.get('127.0.5.3')?.state).toBe('down');
    expect(by.get('127.0.5.3')?.reason).toBe('host-unreach');
    for (const h of doc.hosts) { expect(h.ports).toEqual([]); }
  });

  it('with -Pn scans a dropping host anyway: every port filtered, the firewalled listener included', async () => {
    const doc = await scan(['127.0.5.2', '-Pn', '-p', '20-30']);
    const h = doc.hosts[0];
    expect(h?.state).toBe('up');
    expect(h?.reason).toBe('user-set');
    expect(h?.ports.filter((p) => p.state === 'open').map((p) => p.port)).toEqual([]);
    expect(h?.counts.filtered).toBe(11);
  });
});
