/** @module web/components/diff.test — a diff as timeline lines: order, tone, wording; the summary; timeline entries. */
import { describe, expect, it } from 'vitest';
import type { DiffView } from '../api/views';
import type { Change } from '../api/pending';
import { changeAsDiff, diffLines, diffSummary, signed } from './diff';

const empty: DiffView = {
  from: 1, to: 2, hosts: { appeared: [], disappeared: [] }, ports: { opened: [], closed: [] }, services: [],
  findings: { new: [], fixed: [], reopened: [] }, grade: { before: { score: 90, letter: 'A' }, after: { score: 90, letter: 'A' }, delta: 0, deductions: [] },
};

describe('diffLines', () => {
  it('no change: no line, summary says so', () => {
    expect(diffLines(empty)).toEqual([]);
    expect(diffSummary(empty)).toBe('No change');
  });

  it('puts the grade first, then what got worse, then what got better, each with its tone', () => {
    const d: DiffView = {
      ...empty,
      hosts: { appeared: ['10.0.0.9'], disappeared: ['10.0.0.7'] },
      ports: { opened: [{ host: '10.0.0.5', port: 23, protocol: 'tcp', service: 'telnet' }], closed: [{ host: '10.0.0.5', port: 21, protocol: 'tcp', service: 'ftp' }] },
      services: [{ host: '10.0.0.5', port: 22, protocol: 'tcp', before: { name: 'ssh', product: 'OpenSSH', version: '8.9' }, after: { name: 'ssh', product: 'OpenSSH', version: '9.6' } }],
      findings: { new: [{ host: '10.0.0.5', port: 23, protocol: 'tcp', id: 'telnet-cleartext', severity: 'critical', title: 'Telnet in clear text' }], fixed: [{ host: '10.0.0.5', port: null, id: 'x', title: 'Old thing' }], reopened: [] },
      grade: { before: { score: 91.5, letter: 'A' }, after: { score: 62.25, letter: 'D' }, delta: -29.25, deductions: [] },
    };
    const lines = diffLines(d);
    expect(lines.map((l) => l.kind)).toEqual(['grade', 'port-opened', 'finding-new', 'host-appeared', 'service-changed', 'port-closed', 'finding-fixed', 'host-silent']);
    expect(lines[0]).toEqual({ kind: 'grade', tone: 'worse', text: 'Grade A → D (−29.3 points, 91.5 → 62.3)' });
    expect(lines[1]?.text).toBe('Port opened: 10.0.0.5:23/tcp (telnet)');
    expect(lines[2]?.text).toBe('New critical finding: Telnet in clear text on 10.0.0.5:23/tcp');
    expect(lines[4]?.text).toBe('Service changed on 10.0.0.5:22/tcp: ssh OpenSSH 8.9 → ssh OpenSSH 9.6');
    expect(lines[5]).toMatchObject({ tone: 'better', text: 'Port closed: 10.0.0.5:21/tcp (ftp)' });
    expect(lines[6]?.text).toBe('Fixed: Old thing on 10.0.0.5');
    expect(lines[7]?.text).toContain('not counted as fixed');
    expect(diffSummary(d)).toBe('1 port opened, 1 port closed, 1 new finding, 1 finding fixed, 1 service changed, 1 new host, 1 host silent');
  });

  it('first grade and signed numbers', () => {
    expect(diffLines({ ...empty, grade: { before: null, after: { score: 80, letter: 'B' }, delta: null, deductions: [] } })[0]?.text).toBe('First grade: B (80.0)');
    expect(signed(2.04)).toBe('+2.0');
    expect(signed(-0.25)).toBe('−0.3');
    expect(signed(0)).toBe('±0.0');
  });
});

describe('changeAsDiff (timeline entries)', () => {
  it('maps capped lists and counts what was left out', () => {
    const c: Change = {
      runId: 7, previousRunId: 6, at: '2026-12-01T00:00:00Z',
      grade: { from: 80, to: 70, delta: -10, fromLetter: 'B', toLetter: 'C' },
      hostsAppeared: { count: 0, items: [] }, hostsDisappeared: { count: 0, items: [] },
      portsOpened: { count: 60, items: Array.from({ length: 50 }, (_, i) => ({ host: '10.0.0.1', port: 1000 + i, protocol: 'tcp' as const, service: 'x' })) },
      portsClosed: { count: 0, items: [] }, servicesChanged: { count: 0, items: [] },
      findingsNew: { count: 0, items: [] }, findingsFixed: { count: 0, items: [] }, findingsReopened: { count: 0, items: [] }, detailed: true,
    };
    const { diff, omitted } = changeAsDiff(c);
    expect(omitted).toBe(10);
    expect(diff.grade.before).toEqual({ score: 80, letter: 'B' });
    expect(diffLines(diff)[0]?.text).toBe('Grade B → C (−10.0 points, 80.0 → 70.0)');
    expect(diffLines(diff)).toHaveLength(51);
  });
});
