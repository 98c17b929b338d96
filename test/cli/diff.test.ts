/** `gatehouse diff A B` on stored scans: table, --json, @last/@previous, and bad references (exit 2, one line). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostResult, PortResult } from '../../src/core/types.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { withGrades } from '../../src/score/index.js';
import { runCli } from './run.js';

const port = (n: number, name: string, version: string, critical = false): PortResult => ({
  port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name, method: 'probed', product: name, version },
  findings: critical ? [{ id: 'redis-no-auth', severity: 'critical', title: 'Redis answers without authentication', evidence: 'PING → +PONG', remediation: 'requirepass', references: [] }] : [],
});
const host = (ports: PortResult[]): HostResult => ({ address: '127.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } });

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-diff-'));
  db = join(dir, 'h.db');
  const store = await openSqliteStore(db);
  for (const hosts of [[host([port(6379, 'redis', '7.0', true)])], [host([port(22, 'ssh', '8.9')])], [host([port(22, 'ssh', '9.6'), port(6379, 'redis', '7.0', true)])]]) {
    const meta = { started: '2026-12-01T10:00:00Z', finished: null, targets: ['127.0.0.1'], ports: '22,6379' };
    const doc = withGrades({ version: 1, scan: meta, hosts });
    const id = await store.beginScan(meta);
    for (const h of doc.hosts) { await store.saveHost(id, h); }
    await store.finishScan(id, { ...meta, finished: '2026-12-01T10:00:05Z' }, doc.grade);
  }
  await store.close();
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('gatehouse diff', () => {
  it('prints the changes as a table: opened port, changed version, reopened finding, what moved the grade', async () => {
    const r = await runCli(['diff', '@previous', '@last', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Scan 2 → 3: grade A \(100\.00\) → [B-F] \(\d+\.\d\d\) \(-\d+\.\d\d\)/);
    expect(r.stdout).toContain('Ports opened (1)\n  127.0.0.1 6379/tcp redis');
    expect(r.stdout).toContain('127.0.0.1 22/tcp ssh ssh 8.9 → ssh ssh 9.6');
    expect(r.stdout).toContain('Reopened findings (1)\n  [critical] 127.0.0.1 6379/tcp redis-no-auth');
    expect(r.stdout).toMatch(/What moved the grade \(1\)\n {2}-\d+\.\d\d {2}redis-no-auth 127\.0\.0\.1 6379\/tcp/);
  });
  it('--json gives the same diff as one document; plain ids work', async () => {
    const r = await runCli(['diff', '1', '2', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { from: number; to: number; findings: { fixed: Array<{ id: string }> }; ports: { closed: unknown[]; opened: unknown[] }; grade: { delta: number } };
    expect(d.from).toBe(1);
    expect(d.findings.fixed.map((x) => x.id)).toEqual(['redis-no-auth']);
    expect(d.ports.closed).toHaveLength(1);
    expect(d.grade.delta).toBeGreaterThan(0);
  });
  it('a scan that does not exist, or a malformed reference, is a usage error (exit 2, one line)', async () => {
    for (const args of [['diff', '1', '99', '--db', db], ['diff', '@first', '@last', '--db', db]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/GH_ERR_OPTION|stored scan/);
    }
  });
});
