/** Unit tests of the grade caps (issue 14 item 8): a critical finding caps at D, a high one at B, at every scope. */
import { describe, expect, it } from 'vitest';
import { gradeHosts, gradeHost } from './document.js';
import { enforceFailUnder } from './gate.js';
import { planFixes } from './plan.js';
import { explain } from './explain.js';
import { parseGroups } from './groups.js';
import { finding, host, port } from '../../test/report/score-kit.js';
import type { HostResult } from '../core/types.js';
import { explainText } from '../cli/commands/explain.js';
import { planText } from '../cli/commands/plan.js';

/** n hosts, the first with an unauthenticated Redis, the rest clean. */
function oneCriticalAmong(n: number): HostResult[] {
  return Array.from({ length: n }, (_, i) =>
    host(`10.1.${i >> 8}.${(i & 255) + 1}`, i === 0 ? [port(6379, [finding('redis-no-auth', 'critical')])] : [port(22, [])]));
}

describe('grade caps', () => {
  it('one unauthenticated Redis among 256 hosts: the rate says A, the cap says D', () => {
    const g = gradeHosts(oneCriticalAmong(256));
    expect(g.score).toBe(99.75);
    expect(g.letter).toBe('D');
    expect(g.cap).toEqual({ letter: 'D', severity: 'critical', findingIds: ['redis-no-auth'] });
  });

  it('one critical host among ten is capped at D; its own host grade too', () => {
    const hosts = oneCriticalAmong(10);
    const g = gradeHosts(hosts);
    expect(g.score).toBeGreaterThanOrEqual(90);
    expect(g.letter).toBe('D');
    expect(gradeHost(hosts[0]!).cap?.severity).toBe('critical');
    expect(gradeHost(hosts[1]!)).toMatchObject({ letter: 'A' });
    expect(gradeHost(hosts[1]!).cap).toBeUndefined();
  });

  it('a high finding caps at B; medium, low and info findings do not cap', () => {
    const hosts = Array.from({ length: 50 }, (_, i) => host(`10.2.0.${i + 1}`, i === 0 ? [port(23, [finding('telnet-exposed', 'high')]), port(80, [finding('http-no-tls', 'medium')])] : []));
    const g = gradeHosts(hosts);
    expect(g.score).toBeGreaterThanOrEqual(90);
    expect(g).toMatchObject({ letter: 'B', cap: { letter: 'B', severity: 'high', findingIds: ['telnet-exposed'] } });
    const mild = gradeHosts([host('10.2.1.1', [port(80, [finding('http-no-tls', 'medium'), finding('x-low', 'low'), finding('y-info', 'info')])])]);
    expect(mild.cap).toBeUndefined();
  });

  it('a cap never raises a letter: a grade already below the cap keeps its own letter, cap still reported', () => {
    const h = host('10.3.0.1', [port(6379, [finding('redis-no-auth', 'critical')]), port(2375, [finding('docker-api-exposed', 'critical')])]);
    const g = gradeHost(h);
    expect(g.letter).toBe('F');
    expect(g.cap).toEqual({ letter: 'D', severity: 'critical', findingIds: ['docker-api-exposed', 'redis-no-auth'] });
  });

  it('caps asset groups: only the group holding the critical host', () => {
    const hosts = oneCriticalAmong(4);
    const g = gradeHosts(hosts, { groups: parseGroups({ db: [hosts[0]!.address], web: [hosts[1]!.address, hosts[2]!.address] }) });
    expect(g.groups?.map((x) => [x.name, x.letter, x.cap?.letter ?? null])).toEqual([['db', 'F', 'D'], ['ungrouped', 'A', null], ['web', 'A', null]]);
  });

  it('--fail-under judges the capped letter', () => {
    const g = gradeHosts(oneCriticalAmong(256));
    expect(() => enforceFailUnder(g, 'B')).toThrow(expect.objectContaining({ code: 'GH_ERR_GRADE_BELOW', exitCode: 3 }));
    expect(() => enforceFailUnder(g, 'D')).not.toThrow();
  });

  it('plan ranks the fix that lifts the cap first, even when another fix gains more points', () => {
    // 10.4.0.2 has three high exposures on one port: closing it gains more points than fixing the Redis on 10.4.0.1,
    // but only the Redis fix lifts the D cap.
    const hosts = [
      host('10.4.0.1', [port(6379, [finding('redis-no-auth', 'critical')])]),
      host('10.4.0.2', [port(445, [finding('smb-exposed', 'high'), finding('netbios-exposed', 'high'), finding('rdp-exposed', 'high')])]),
      ...Array.from({ length: 20 }, (_, i) => host(`10.4.1.${i + 1}`, [])),
    ];
    const plan = planFixes(hosts);
    expect(plan.letter).toBe('D');
    const [first, second] = plan.steps;
    expect(first).toMatchObject({ host: '10.4.0.1', kind: 'fix-finding', letterAfter: 'B', capLifted: { letter: 'D', severity: 'critical' } });
    expect(second).toMatchObject({ host: '10.4.0.2', kind: 'close-port', letterAfter: 'A', capLifted: { letter: 'B', severity: 'high' } });
    expect(second!.gain).toBeGreaterThan(first!.gain);
  });

  it('explain names the cap, the findings holding it and the fixes that lift it', () => {
    const ex = explain(oneCriticalAmong(10));
    expect(ex.cap).toMatchObject({ letter: 'D', severity: 'critical', findingIds: ['redis-no-auth'], uncappedLetter: 'A' });
    expect(ex.cap?.holders).toEqual([{ host: '10.1.0.1', port: 6379, protocol: 'tcp', findingId: 'redis-no-auth' }]);
    expect(ex.cap?.lift).toMatch(/redis-no-auth title on 10\.1\.0\.1/);
    expect(ex.cap?.letterAfterLift).toBe('A');
  });

  it('the explain and plan texts say which cap applies, what lifts it, and which step lifted it', () => {
    const hosts = oneCriticalAmong(10);
    const ex = explain(hosts);
    const text = explainText(ex.grade, ex.contributions, ex.cap);
    expect(text).toContain('Capped at D: 1 critical finding(s) reachable from other hosts (the score alone earns A): redis-no-auth on 10.1.0.1:6379/tcp');
    expect(text).toMatch(/Lifts the cap \(→ A\): redis-no-auth title on 10\.1\.0\.1/);
    expect(planText(planFixes(hosts))).toMatch(/→ +100\.00 A .*lifts the D cap \(last critical finding\)/);
  });
});
