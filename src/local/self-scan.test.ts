/** Self-scan (issue 14 item 7): joining ports of this machine with its listeners; local-only risks weigh less. */
import { describe, expect, it } from 'vitest';
import { accepts, isSelf, joinSelf, ownAddresses, portLocal } from './self-scan.js';
import type { Listener } from './types.js';
import { gradeHost } from '../score/document.js';
import { explain } from '../score/explain.js';
import { finding, host, port } from '../../test/report/score-kit.js';

const listener = (address: string, p: number, name: string, scope: Listener['scope'], pid = 100 + p): Listener => ({
  protocol: 'tcp', address, family: address.includes(':') ? 6 : 4, port: p, scope, processes: [{ pid, name, user: 'redis' }],
});

describe('self-scan join', () => {
  it('recognises the machine itself: loopback and interface addresses', () => {
    const own = ownAddresses({ eth0: [{ address: '10.9.0.5', netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr: '10.9.0.5/24' }] });
    const table: [string, boolean][] = [['127.0.0.1', true], ['127.3.4.5', true], ['::1', true], ['::ffff:127.0.0.1', true], ['10.9.0.5', true], ['10.9.0.6', false], ['192.0.2.1', false]];
    for (const [a, want] of table) { expect(isSelf(a, own), a).toBe(want); }
  });

  it('which bound address accepts which target', () => {
    const table: [string, string, boolean][] = [
      ['0.0.0.0', '127.0.0.1', true], ['0.0.0.0', '::1', false], ['::', '127.0.0.1', true], ['::', '::1', true],
      ['127.0.0.1', '127.0.0.1', true], ['127.0.0.1', '127.0.0.2', false], ['::ffff:127.0.0.1', '127.0.0.1', true], ['10.9.0.5', '127.0.0.1', false],
    ];
    for (const [b, t, want] of table) { expect(accepts(b, t), `${b} ← ${t}`).toBe(want); }
  });

  it('gives each open port its process and bind scope; the widest binding wins; unexplained ports stay unmarked', () => {
    const ls = [listener('127.0.0.1', 6379, 'redis-server', 'loopback'), listener('0.0.0.0', 6380, 'redis-server', 'all'), listener('::', 22, 'sshd', 'all')];
    const h = host('127.0.0.1', [port(6379, []), port(6380, []), port(22, []), port(9999, [])]);
    joinSelf(h, ls);
    expect(h.ports.map((p) => [p.port, p.local?.bindScope ?? null, p.local?.reach ?? null, p.local?.processes.map((x) => x.name) ?? null])).toEqual([
      [6379, 'loopback', 'local', ['redis-server']], [6380, 'all', 'network', ['redis-server']], [22, 'all', 'network', ['sshd']], [9999, null, null, null],
    ]);
    expect(h.self).toEqual({ inventory: 'linux-proc', listeners: 3 });
    expect(portLocal('127.0.0.1', port(6379, []), [...ls, listener('127.0.0.1', 6379, 'other', 'loopback', 7)])?.processes.map((p) => p.pid)).toEqual([6479, 7]);
  });

  it('a loopback-only risk is listed separately, weighs a tenth, and does not cap the grade', () => {
    const mk = (reach: 'local' | 'network') => {
      const h = host('127.0.0.1', [port(6379, [finding('redis-no-auth', 'critical')])]);
      h.ports[0]!.local = { bindScope: reach === 'local' ? 'loopback' : 'all', reach, bound: [reach === 'local' ? '127.0.0.1' : '0.0.0.0'], processes: [] };
      return h;
    };
    const local = gradeHost(mk('local'));
    const net = gradeHost(mk('network'));
    expect(net).toMatchObject({ score: 36.79, letter: 'F', cap: { letter: 'D' } });
    expect(local.cap).toBeUndefined();
    expect(local.score).toBe(Math.round(100 * (100 - 100 * (1 - Math.exp(-6 / 60)))) / 100); // 60 × 0.1 = 6
    expect(local.letter).toBe('A');
    expect(local.deductions).toEqual([{ findingId: 'redis-no-auth', host: '127.0.0.1', port: 6379, protocol: 'tcp', factor: 'configuration', points: 9.52, local: true }]);
    expect(explain([mk('local')]).contributions[0]).toMatchObject({ local: true, penalty: 6 });
  });

  it('a developer machine: databases on loopback, ssh on all interfaces — graded on what others reach', () => {
    const h = host('127.0.0.1', [
      port(22, [finding('ssh-password-auth', 'medium')]), port(5432, [finding('postgres-exposed', 'high')]),
      port(6379, [finding('redis-no-auth', 'critical')]), port(3306, [finding('mysql-exposed', 'high')]),
    ]);
    const before = gradeHost(h);
    joinSelf(h, [listener('0.0.0.0', 22, 'sshd', 'all'), listener('127.0.0.1', 5432, 'postgres', 'loopback'), listener('127.0.0.1', 6379, 'redis-server', 'loopback'), listener('127.0.0.1', 3306, 'mariadbd', 'loopback')]);
    const after = gradeHost(h);
    expect(before).toMatchObject({ letter: 'F', cap: { letter: 'D', severity: 'critical' } });
    // ssh password login reachable from others (medium) + an unauthenticated Redis on loopback at a tenth of its
    // weight; the two "exposed" databases are bound to loopback, which is what those findings ask for: 0 points.
    expect(after).toMatchObject({ score: 79.19, letter: 'C' });
    expect(after.cap).toBeUndefined();
    expect(after.deductions.filter((d) => d.local === true).map((d) => d.port)).toEqual([6379]);
    const ex = explain([h]).contributions.filter((c) => c.local);
    expect(ex.map((c) => [c.port, c.penalty]).sort()).toEqual([[3306, 0], [5432, 0], [6379, 6]]);
    h.ports[0]!.findings = [];
    expect(gradeHost(h)).toMatchObject({ score: 90.48, letter: 'A' }); // the loopback databases cost 9.52 points, not the grade

  });
});
