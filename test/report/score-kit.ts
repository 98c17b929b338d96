/** Test helper (score): builders and fast-check arbitraries of hosts with findings, for the score's tests. */
import fc from 'fast-check';
import type { Finding, HostResult, PortResult, Severity } from '../../src/core/types.js';

export function finding(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { id, severity, title: `${id} title`, evidence: `${id} seen`, remediation: `fix ${id}`, references: [], ...extra };
}

export function port(n: number, findings: Finding[], protocol: 'tcp' | 'udp' = 'tcp'): PortResult {
  return { port: n, protocol, state: 'open', reason: 'syn-ack', service: { name: 'unknown' }, findings };
}

export function host(address: string, ports: PortResult[], hostFindings?: Finding[]): HostResult {
  const h: HostResult = {
    address, hostnames: [], state: 'up', reason: 'syn-ack', ports,
    counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 },
  };
  if (hostFindings) { h.findings = hostFindings; }
  return h;
}

export const IDS = ['telnet-exposed', 'redis-no-auth', 'http-no-tls', 'tls-weak-cipher', 'dns-open-resolver',
  'software-eol', 'policy-unexpected-port', 'ssh-password-auth', 'made-up-check'] as const;
const SEVS: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const arbFinding: fc.Arbitrary<Finding> = fc.record({
  id: fc.constantFrom(...IDS),
  severity: fc.constantFrom(...SEVS),
  n: fc.nat(3),
}).map(({ id, severity, n }) => finding(id, severity, { evidence: `e${n}` }));

export const arbPort: fc.Arbitrary<PortResult> = fc.record({
  n: fc.constantFrom(21, 22, 23, 53, 80, 443, 6379),
  proto: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  fs: fc.array(arbFinding, { maxLength: 4 }),
}).map(({ n, proto, fs }) => port(n, fs, proto));

/** Hosts with distinct addresses (10.0.0.x). */
export const arbHosts: fc.Arbitrary<HostResult[]> = fc.array(
  fc.record({ ports: fc.uniqueArray(arbPort, { maxLength: 4, selector: (p) => `${p.protocol}${p.port}` }), hf: fc.array(arbFinding, { maxLength: 2 }) }),
  { minLength: 1, maxLength: 6 },
).map((list) => list.map((x, i) => host(`10.0.0.${i + 1}`, x.ports, x.hf)));

/** Σ of deductions in hundredths (integers, so the comparison with 100 − score is exact). */
export function centiSum(ds: readonly { points: number }[]): number {
  return ds.reduce((a, d) => a + Math.round(d.points * 100), 0);
}
