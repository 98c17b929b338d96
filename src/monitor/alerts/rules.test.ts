import { describe, expect, it } from 'vitest';
import { evaluateRule, evaluateRules, type AlertRule } from './rules.js';
import type { RunDiff } from '../run-diff.js';

const diff = (over: Partial<RunDiff> = {}): RunDiff => ({
  from: 1, to: 2, hosts: { appeared: [], disappeared: [] }, ports: { opened: [], closed: [] }, services: [],
  findings: { new: [], fixed: [], reopened: [] },
  grade: { before: { score: 91, letter: 'A' }, after: { score: 78, letter: 'C' }, delta: -13, deductions: [] },
  ...over,
});
const rule = (kind: AlertRule['kind'], params: AlertRule['params'] = {}, enabled = true): AlertRule => ({ id: 1, orgId: 1, channelId: 1, kind, params, enabled });

describe('alert rules', () => {
  it.each([
    { name: 'grade below B fires when it crosses', r: rule('grade-below', { letter: 'B' }), d: diff(), fires: true },
    { name: 'grade below B stays quiet when it was already below', r: rule('grade-below', { letter: 'B' }), d: diff({ grade: { before: { score: 70, letter: 'C' }, after: { score: 60, letter: 'D' }, delta: -10, deductions: [] } }), fires: false },
    { name: 'grade below F never fires', r: rule('grade-below', { letter: 'F' }), d: diff(), fires: false },
    { name: 'grade drop of 10 fires on 13', r: rule('grade-drop', { points: 10 }), d: diff(), fires: true },
    { name: 'grade drop of 20 stays quiet on 13', r: rule('grade-drop', { points: 20 }), d: diff(), fires: false },
    { name: 'a rise never drops', r: rule('grade-drop', { points: 1 }), d: diff({ grade: { before: { score: 70, letter: 'C' }, after: { score: 80, letter: 'B' }, delta: 10, deductions: [] } }), fires: false },
    { name: 'port opened, filtered by port list', r: rule('port-opened', { ports: [22] }), d: diff({ ports: { opened: [{ host: '127.0.0.1', port: 23, protocol: 'tcp', service: 'telnet' }], closed: [] } }), fires: false },
    { name: 'port opened', r: rule('port-opened'), d: diff({ ports: { opened: [{ host: '127.0.0.1', port: 23, protocol: 'tcp', service: 'telnet' }], closed: [] } }), fires: true },
    { name: 'new medium finding under a high threshold', r: rule('finding-new', { minSeverity: 'high' }), d: diff({ findings: { new: [{ host: 'h', port: 1, protocol: 'tcp', id: 'x', severity: 'medium', title: 't' }], fixed: [], reopened: [] } }), fires: false },
    { name: 'reopened critical finding', r: rule('finding-new', { minSeverity: 'high' }), d: diff({ findings: { new: [], fixed: [], reopened: [{ host: 'h', port: 1, protocol: 'tcp', id: 'x', severity: 'critical', title: 't' }] } }), fires: true },
    { name: 'disabled rule', r: rule('grade-drop', { points: 1 }, false), d: diff(), fires: false },
  ])('$name', ({ r, d, fires }) => {
    expect(evaluateRule(r, d, 'Org') !== null).toBe(fires);
  });
  it('names what changed behind a port', () => {
    const d = diff({ services: [{ host: '127.0.0.1', port: 22, protocol: 'tcp', before: { name: 'ssh', product: 'OpenSSH', version: '8.4' }, after: { name: 'ssh', product: 'Dropbear', version: null } }] });
    const [a] = evaluateRules([rule('service-changed')], d, 'Org');
    expect(a?.details).toEqual(['127.0.0.1:22/tcp: ssh OpenSSH 8.4 → ssh Dropbear']);
  });
});
