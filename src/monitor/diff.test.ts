import { describe, it, expect } from 'vitest';
import type { Finding, HostResult, PortResult, ScanDocument, Severity } from '../core/types.js';
import { gradeHosts } from '../score/index.js';
import { diffScans, isEmptyDiff } from './diff.js';
import { findingKey } from './keys.js';

const f = (id: string, severity: Severity = 'high'): Finding => ({ id, severity, title: id, evidence: 'e', remediation: 'r', references: [] });
const port = (n: number, name: string, product?: string, version?: string, findings: Finding[] = []): PortResult => ({
  port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack',
  service: { name, method: 'probed', ...(product ? { product } : {}), ...(version ? { version } : {}) }, findings,
});
const host = (address: string, ports: PortResult[], state: 'up' | 'down' = 'up', findings?: Finding[]): HostResult => ({
  address, hostnames: [], state, reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 },
  ...(findings ? { findings } : {}),
});
const doc = (hosts: HostResult[]): ScanDocument => ({ version: 1, scan: { started: 't', finished: 't', targets: ['127.0.0.0/24'], ports: '1-1000' }, hosts, grade: gradeHosts(hosts) });

const ssh = port(22, 'ssh', 'OpenSSH', '8.9');
const redisOpen = port(6379, 'redis', 'Redis', '7.0', [f('redis-no-auth', 'critical')]);

describe('diffScans (table-driven)', () => {
  const cases: Array<{ name: string; a: HostResult[]; b: HostResult[]; seenBefore?: string[]; want: (d: ReturnType<typeof diffScans>) => void }> = [
    { name: 'identical scans: empty diff, grade unchanged', a: [host('127.0.0.1', [ssh])], b: [host('127.0.0.1', [ssh])],
      want: (d) => { expect(isEmptyDiff(d)).toBe(true); expect(d.grade.delta).toBe(0); } },
    { name: 'a port opens with a critical finding: opened, new, grade falls with the deduction named',
      a: [host('127.0.0.1', [ssh])], b: [host('127.0.0.1', [ssh, redisOpen])],
      want: (d) => {
        expect(d.ports.opened).toEqual([{ host: '127.0.0.1', port: 6379, protocol: 'tcp', service: 'redis' }]);
        expect(d.findings.new.map((x) => x.id)).toEqual(['redis-no-auth']);
        expect(d.grade.delta).toBeLessThan(0);
        expect(d.grade.deductions[0]).toMatchObject({ findingId: 'redis-no-auth', host: '127.0.0.1', port: 6379, before: 0 });
        expect(d.grade.deductions[0]!.delta).toBe(d.grade.delta);
      } },
    { name: 'a port closes: closed, its finding fixed, grade rises',
      a: [host('127.0.0.1', [ssh, redisOpen])], b: [host('127.0.0.1', [ssh])],
      want: (d) => {
        expect(d.ports.closed.map((p) => p.port)).toEqual([6379]);
        expect(d.findings.fixed.map((x) => x.id)).toEqual(['redis-no-auth']);
        expect(d.grade.delta).toBeGreaterThan(0);
      } },
    { name: 'the version behind a port changes', a: [host('127.0.0.1', [ssh])], b: [host('127.0.0.1', [port(22, 'ssh', 'OpenSSH', '9.6')])],
      want: (d) => { expect(d.services).toEqual([{ host: '127.0.0.1', port: 22, protocol: 'tcp', before: { name: 'ssh', product: 'OpenSSH', version: '8.9' }, after: { name: 'ssh', product: 'OpenSSH', version: '9.6' } }]); } },
    { name: 'the service behind a port changes', a: [host('127.0.0.1', [port(8080, 'http', 'nginx')])], b: [host('127.0.0.1', [port(8080, 'redis', 'Redis')])],
      want: (d) => { expect(d.services[0]?.after.name).toBe('redis'); expect(d.ports.opened).toEqual([]); } },
    { name: 'a host stops answering: listed as disappeared, not as closed ports or fixed findings',
      a: [host('127.0.0.1', [ssh]), host('127.0.0.2', [redisOpen])], b: [host('127.0.0.1', [ssh]), host('127.0.0.2', [], 'down')],
      want: (d) => { expect(d.hosts.disappeared).toEqual(['127.0.0.2']); expect(d.ports.closed).toEqual([]); expect(d.findings.fixed).toEqual([]); } },
    { name: 'a new host: appeared, its ports opened and findings new', a: [], b: [host('127.0.0.3', [redisOpen])],
      want: (d) => { expect(d.hosts.appeared).toEqual(['127.0.0.3']); expect(d.ports.opened).toHaveLength(1); expect(d.findings.new).toHaveLength(1); } },
    { name: 'a finding seen before A comes back: reopened, not new',
      a: [host('127.0.0.1', [ssh])], b: [host('127.0.0.1', [ssh, redisOpen])], seenBefore: [findingKey('127.0.0.1', 6379, 'tcp', 'redis-no-auth')],
      want: (d) => { expect(d.findings.reopened.map((x) => x.id)).toEqual(['redis-no-auth']); expect(d.findings.new).toEqual([]); } },
    { name: 'host-level findings are keyed without a port',
      a: [host('127.0.0.1', [ssh])], b: [host('127.0.0.1', [ssh], 'up', [f('policy-expired-exception', 'medium')])],
      want: (d) => { expect(d.findings.new).toEqual([{ host: '127.0.0.1', port: null, protocol: null, id: 'policy-expired-exception', severity: 'medium', title: 'policy-expired-exception' }]); } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      c.want(diffScans(doc(c.a), doc(c.b), c.seenBefore ? { seenBefore: new Set(c.seenBefore) } : {}));
    });
  }

  it('the deductions listed account for the whole grade change when one finding moves it', () => {
    const d = diffScans(doc([host('127.0.0.1', [ssh, redisOpen])]), doc([host('127.0.0.1', [ssh])]));
    const sum = d.grade.deductions.reduce((s, x) => s + x.delta, 0);
    expect(Math.round(sum * 100)).toBe(Math.round((d.grade.delta ?? NaN) * 100));
  });
});
