import { describe, expect, it } from 'vitest';
import type { HostResult } from '../core/types.js';
import { applyPolicyToHost, evaluateInventory, hostMatches, judgePort, today } from './evaluate.js';
import { parsePolicy } from './policy.js';
import type { Inventory, Listener } from './types.js';

const POLICY = parsePolicy(`version: 1
groups:
  - name: web
    hosts: [10.80.0.0/24, "*.web.example"]
    allow:
      - { port: 443 }
      - { port: 22, from: [10.0.0.0/8], process: sshd }
      - { port: 6379, from: loopback }
  - name: all
    hosts: ["*"]
    allow:
      - { port: 123, protocol: udp }
exceptions:
  - { port: 8080, group: web, owner: alice, reason: legacy, expires: 2026-06-30 }
  - { port: 9000, host: 10.80.0.1, owner: bob, reason: old, expires: 2025-01-31 }
`, 'p.yaml');

const WEB = { addresses: ['10.80.0.1'], names: ['www.web.example'] };
const DAY = '2026-03-01';

describe('hostMatches', () => {
  it.each([
    ['*', { addresses: [], names: [] }, true],
    ['10.80.0.0/24', { addresses: ['10.80.0.9'], names: [] }, true],
    ['10.80.0.0/24', { addresses: ['10.81.0.9'], names: [] }, false],
    ['10.80.0.0/24', { addresses: ['::ffff:10.80.0.9'], names: [] }, true],
    ['2001:db8::/32', { addresses: ['2001:db8::1'], names: [] }, true],
    ['2001:db8::/32', { addresses: ['10.0.0.1'], names: [] }, false],
    ['10.80.0.1', { addresses: ['10.80.0.1'], names: [] }, true],
    ['*.web.example', { addresses: [], names: ['a.WEB.example'] }, true],
    ['host1', { addresses: [], names: ['HOST1'] }, true],
    ['host1', { addresses: [], names: ['host2'] }, false],
  ] as const)('%s ~ %j → %s', (pattern, id, want) => { expect(hostMatches(pattern, { addresses: [...id.addresses], names: [...id.names] })).toBe(want); });
});

describe('judgePort', () => {
  it.each([
    { port: 443, proto: 'tcp', scope: 'all', status: 'allowed' },
    { port: 22, proto: 'tcp', scope: 'all', status: 'allowed' },
    { port: 123, proto: 'udp', scope: 'all', status: 'allowed' },
    { port: 123, proto: 'tcp', scope: 'all', status: 'unexpected' },
    { port: 6379, proto: 'tcp', scope: 'loopback', status: 'local-only' },
    { port: 6379, proto: 'tcp', scope: 'all', status: 'unexpected' },
    { port: 8080, proto: 'tcp', scope: 'address', status: 'accepted' },
    { port: 9000, proto: 'tcp', scope: 'all', status: 'expired' },
    { port: 3306, proto: 'tcp', scope: 'all', status: 'unexpected' },
  ] as const)('$port/$proto on $scope → $status', ({ port, proto, scope, status }) => {
    expect(judgePort(POLICY, WEB, proto, port, scope, DAY).status).toBe(status);
  });
  it('an accepted risk is valid through its expiry day, expired the day after', () => {
    expect(judgePort(POLICY, WEB, 'tcp', 8080, 'all', '2026-06-30').status).toBe('accepted');
    expect(judgePort(POLICY, WEB, 'tcp', 8080, 'all', '2026-07-01').status).toBe('expired');
  });
  it('says why, and a host in no group gets only the catch-all group', () => {
    const v = judgePort(POLICY, { addresses: ['192.0.2.1'], names: [] }, 'tcp', 443, 'all', DAY);
    expect(v).toMatchObject({ status: 'unexpected', groups: ['all'] });
    expect(v.why).toContain('no allow rule of all covers 443/tcp');
    expect(judgePort(POLICY, WEB, 'tcp', 6379, 'all', DAY).why).toContain('loopback only');
  });
  it('today() is the UTC date', () => { expect(today(new Date('2026-03-01T23:59:59Z'))).toBe('2026-03-01'); });
});

describe('applyPolicyToHost (scan --policy)', () => {
  it('adds policy findings to open ports only', () => {
    const port = (p: number, state: 'open' | 'closed') => ({ port: p, protocol: 'tcp' as const, state, reason: 'syn-ack' as const, service: { name: 'x' } });
    const host: HostResult = { address: '10.80.0.1', hostnames: [], state: 'up', reason: 'syn-ack', counts: { open: 4, closed: 1, filtered: 0, 'open|filtered': 0 },
      ports: [port(443, 'open'), port(6379, 'open'), port(9000, 'open'), port(8080, 'open'), port(3306, 'closed')] };
    applyPolicyToHost(POLICY, host, DAY);
    expect(host.ports.map((p) => [p.port, (p.findings ?? []).map((f) => f.id)])).toEqual([
      [443, []], [6379, ['policy-unexpected-port']], [9000, ['policy-expired-exception']], [8080, []], [3306, []],
    ]);
    const f = host.ports[2]?.findings?.[0];
    expect(f).toMatchObject({ severity: 'medium', details: { owner: 'bob', expires: '2025-01-31' } });
    expect(f?.evidence).toContain('expired on 2025-01-31');
  });
});

describe('evaluateInventory (local --policy)', () => {
  const l = (port: number, address: string, scope: Listener['scope'], name: string, protocol: 'tcp' | 'udp' = 'tcp'): Listener =>
    ({ protocol, address, family: 4, port, scope, processes: [{ pid: port, name, cmdline: `/usr/bin/${name} --x` }] });
  const inv = (): Inventory => ({ version: 1, source: 'linux-proc', hostname: 'h', taken: '', warnings: [], listeners: [
    l(22, '0.0.0.0', 'all', 'dropbear'), l(443, '0.0.0.0', 'all', 'nginx'), l(6379, '0.0.0.0', 'all', 'redis-server'),
    l(11211, '127.0.0.1', 'loopback', 'memcached'), l(5432, '10.80.0.1', 'address', 'postgres'), l(27017, '0.0.0.0', 'all', 'mongod'),
  ] });
  it('flags unknown listeners, loopback programs on all interfaces, a different owner than the policy names', () => {
    const i = inv();
    evaluateInventory(i, POLICY, WEB, DAY);
    expect(i.listeners.map((x) => [x.port, x.flags ?? [], (x.findings ?? []).map((f) => f.id)])).toEqual([
      [22, ['unknown-listener'], []],
      [443, [], []],
      [6379, ['loopback-program-exposed', 'unknown-listener'], ['policy-unexpected-port']],
      [11211, ['unknown-listener'], []],
      [5432, ['unknown-listener'], ['policy-unexpected-port']],
      [27017, ['loopback-program-exposed', 'unknown-listener'], ['policy-unexpected-port']],
    ]);
  });
  it('without a policy only the loopback-program flag', () => {
    const i = inv();
    evaluateInventory(i, null, WEB, DAY);
    expect(i.listeners.filter((x) => x.flags).map((x) => [x.port, x.flags])).toEqual([[6379, ['loopback-program-exposed']], [27017, ['loopback-program-exposed']]]);
  });
});
