/** Unit tests of the scoring model: the worked example of docs/scoring.md, factors, letters, groups. */
import { describe, expect, it } from 'vitest';
import { gradeHosts, gradeHost, withGrades, withGradeChunk } from './document.js';
import { enforceFailUnder, gradeScanHosts, parseFailUnder } from './gate.js';
import { factorOf } from './factors.js';
import { letterFor, parseLetter } from './model.js';
import { hostDeficitUnits } from './host.js';
import { parseGroups } from './groups.js';
import { planFixes } from './plan.js';
import { explain } from './explain.js';
import { centiSum, finding, host, port } from '../../test/report/score-kit.js';
import type { HostResult } from '../core/types.js';

/** The worked example in docs/scoring.md § 8. */
export function workedExample(): HostResult[] {
  return [
    host('10.0.0.1', [port(23, [finding('telnet-exposed', 'high')]), port(80, [finding('http-no-tls', 'medium')]), port(8080, [finding('http-no-tls', 'medium')])]),
    host('10.0.0.2', [port(6379, [finding('redis-no-auth', 'critical')])]),
    host('10.0.0.3', [port(22, [])]),
    host('10.0.0.4', []),
  ];
}

describe('score model', () => {
  it('reproduces the worked example of docs/scoring.md', () => {
    const g = gradeHosts(workedExample());
    expect(g.hosts).toBe(4);
    expect(g.score).toBe(72.96);
    expect(g.letter).toBe('D'); // the score earns C; the critical redis-no-auth caps it at D (§ 5a)
    expect(g.cap).toEqual({ letter: 'D', severity: 'critical', findingIds: ['redis-no-auth'] });
    expect(g.factors.map((f) => [f.key, f.score, f.weight])).toEqual([
      ['exposure', 91.48, 1], ['configuration', 84.2, 1], ['encryption', 95.47, 0.6],
      ['amplification', 100, 0.8], ['software', 100, 0.6], ['policy', 100, 0.8],
    ]);
    expect(g.deductions).toEqual([
      { findingId: 'redis-no-auth', host: '10.0.0.2', port: 6379, protocol: 'tcp', factor: 'configuration', points: 15.8 },
      { findingId: 'telnet-exposed', host: '10.0.0.1', port: 23, protocol: 'tcp', factor: 'exposure', points: 8.52 },
      { findingId: 'http-no-tls', host: '10.0.0.1', port: 80, protocol: 'tcp', factor: 'encryption', points: 1.81 },
      { findingId: 'http-no-tls', host: '10.0.0.1', port: 8080, protocol: 'tcp', factor: 'encryption', points: 0.91 },
    ]);
    expect(centiSum(g.deductions)).toBe(10000 - Math.round(g.score * 100));
  });

  it("plans the worked example's fixes as docs/scoring.md § 8 says", () => {
    const plan = planFixes(workedExample());
    expect(plan.steps.map((st) => [st.kind, st.host, st.locations.map((l) => l.port), st.gain, st.scoreAfter, st.letterAfter])).toEqual([
      ['fix-finding', '10.0.0.2', [6379], 15.8, 88.76, 'B'],
      ['close-port', '10.0.0.1', [23], 8.52, 97.28, 'A'],
      ['fix-finding', '10.0.0.1', [80, 8080], 2.72, 100, 'A'],
    ]);
    expect(planFixes(workedExample(), 1)).toMatchObject({ scoreAfter: 88.76, letterAfter: 'B' });
  });

  it('explains every finding, with host and organisation points', () => {
    const ex = explain(workedExample());
    expect(ex.contributions.map((c) => [c.findingId, c.port, c.penalty, c.hostPoints, c.orgPoints])).toEqual([
      ['redis-no-auth', 6379, 60, 63.21, 15.8], ['telnet-exposed', 23, 25, 34.07, 8.52],
      ['http-no-tls', 80, 8, 7.25, 1.81], ['http-no-tls', 8080, 4, 3.63, 0.91],
    ]);
  });

  it('grades each host on its own', () => {
    const [a, b, c] = workedExample();
    expect(gradeHost(a!)).toMatchObject({ score: 55.05, letter: 'F' });
    expect(gradeHost(b!)).toMatchObject({ score: 36.79, letter: 'F' });
    expect(gradeHost(c!)).toMatchObject({ score: 100, letter: 'A', deductions: [] });
  });

  it('info findings and down hosts weigh nothing', () => {
    const down: HostResult = { ...host('10.0.0.9', [port(23, [finding('telnet-exposed', 'critical')])]), state: 'down' };
    const g = gradeHosts([host('10.0.0.1', [port(80, [finding('http-no-tls', 'info')])]), down]);
    expect(g).toMatchObject({ score: 100, letter: 'A', hosts: 1, deductions: [] });
  });

  it('an empty scan scores 100', () => {
    expect(gradeHosts([])).toMatchObject({ score: 100, letter: 'A', hosts: 0 });
  });

  it('severity weights are strictly ordered: critical ≫ high ≫ medium ≫ low', () => {
    const s = (sev: 'critical' | 'high' | 'medium' | 'low') => gradeHosts([host('192.0.2.1', [port(1, [finding('x', sev)])])]).score;
    expect(s('critical')).toBeLessThan(s('high'));
    expect(s('high')).toBeLessThan(s('medium'));
    expect(s('medium')).toBeLessThan(s('low'));
    expect(s('low')).toBeLessThan(100);
  });

  it('repeats of one kind on one host decay: the second counts half', () => {
    const one = gradeHosts([host('192.0.2.1', [port(80, [finding('http-no-tls', 'medium')])])]);
    const two = gradeHosts([host('192.0.2.1', [port(80, [finding('http-no-tls', 'medium')]), port(81, [finding('http-no-tls', 'medium')])])]);
    const pts = (g: typeof one) => g.deductions.map((d) => d.points);
    expect(pts(two)[0]).toBeGreaterThan(pts(two)[1]!);
    expect(100 - two.score).toBeLessThan(2 * (100 - one.score));
  });

  it('the same rate of problems grades alike for 10 and 1,000 hosts', () => {
    const org = (n: number): HostResult[] => Array.from({ length: n }, (_, i) =>
      host(`10.${i >> 8}.${i & 255}.1`, i % 10 === 0 ? [port(23, [finding('telnet-exposed', 'high')])] : []));
    expect(gradeHosts(org(10)).score).toBe(gradeHosts(org(1000)).score);
  });

  it('one host with several critical problems floors at 0 and still accounts for 100 points', () => {
    const h = host('192.0.2.1', [port(2375, [finding('docker-api-exposed', 'critical')]), port(6379, [finding('redis-no-auth', 'critical')]),
      port(11211, [finding('memcached-udp-amplification', 'critical')], 'udp'), port(443, [finding('tls-sslv2', 'critical')])]);
    const g = gradeHost(h);
    expect(g.score).toBe(0);
    expect(g.letter).toBe('F');
    expect(centiSum(g.deductions)).toBe(10000);
  });

  it('letters follow A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below', () => {
    const table: [number, string][] = [[100, 'A'], [90, 'A'], [89.99, 'B'], [80, 'B'], [79.99, 'C'], [70, 'C'], [60, 'D'], [59.99, 'F'], [0, 'F']];
    for (const [s, want] of table) { expect(letterFor(s), String(s)).toBe(want); }
    expect(parseLetter('b')).toBe('B');
    expect(parseLetter('E')).toBeUndefined();
  });

  it('places known ids in their factor and unknown ids by prefix', () => {
    const table: [string, string][] = [
      ['telnet-exposed', 'exposure'], ['redis-no-auth', 'configuration'], ['http-no-tls', 'encryption'],
      ['tls-expired-certificate', 'encryption'], ['ntp-monlist-amplification', 'amplification'], ['software-eol', 'software'],
      ['policy-whatever', 'policy'], ['foo-amplification', 'amplification'], ['kafka-exposed', 'exposure'],
      ['ldap-cleartext', 'encryption'], ['something-else', 'configuration'],
    ];
    for (const [id, want] of table) { expect(factorOf(id), id).toBe(want); }
  });

  it('host deficit saturates towards 100 points', () => {
    expect(hostDeficitUnits(0)).toBe(0);
    expect(hostDeficitUnits(60)).toBe(Math.round(1_000_000 * (1 - Math.exp(-1))));
    expect(hostDeficitUnits(1e6)).toBe(1_000_000);
  });

  it('grades asset groups by CIDR, address and hostname; the rest is "ungrouped"', () => {
    const groups = parseGroups({ web: ['10.0.0.0/31'], db: ['10.0.0.2'], named: ['db.example'] });
    const hosts = workedExample();
    hosts[3]!.hostnames = ['db.example'];
    const g = gradeHosts([...hosts, host('192.0.2.1', [])], { groups });
    expect(g.groups?.map((x) => [x.name, x.hosts])).toEqual([['db', 1], ['named', 1], ['ungrouped', 2], ['web', 1]]);
    const db = g.groups?.find((x) => x.name === 'db');
    expect(db).toMatchObject({ score: 36.79, letter: 'F' });
  });

  it('rejects a malformed groups file with GH_ERR_GROUPS', () => {
    const bad: unknown[] = [[], { web: [] }, { web: ['10.0.0.0/99'] }, { web: 'x' }, null];
    for (const doc of bad) { expect(() => parseGroups(doc), JSON.stringify(doc)).toThrow(expect.objectContaining({ code: 'GH_ERR_GROUPS' })); }
  });

  it('withGrades copies the document and sets top-level and per-host grades', () => {
    const doc = { version: 1 as const, scan: { started: 'x', finished: 'y', targets: [], ports: '1' }, hosts: workedExample() };
    const out = withGrades(doc);
    expect(doc.hosts[0]!.grade).toBeUndefined();
    expect(out.grade?.score).toBe(72.96);
    expect(out.hosts[1]!.grade?.letter).toBe('F');
  });

  it('splices the grade into the streamed JSON document', () => {
    const chunks = ['{"version":1,"scan":{},"hosts":[', '\n{"a":1}', '\n]}\n'];
    const g = gradeHosts([]);
    const text = [...withGradeChunk(chunks, g)].join('');
    expect(JSON.parse(text)).toEqual({ version: 1, scan: {}, hosts: [{ a: 1 }], grade: g });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('--fail-under: parses letters, grades hosts in place, exits 3 below the bar', () => {
    expect(parseFailUnder('c')).toBe('C');
    expect(() => parseFailUnder('E')).toThrow(expect.objectContaining({ code: 'GH_ERR_OPTION', exitCode: 2 }));
    const hosts = workedExample();
    const g = gradeScanHosts(hosts);
    expect(hosts[1]!.grade?.letter).toBe('F');
    expect(() => enforceFailUnder(g, 'D')).not.toThrow();
    expect(() => enforceFailUnder(g, 'C')).toThrow(expect.objectContaining({ code: 'GH_ERR_GRADE_BELOW', exitCode: 3 }));
  });
});
