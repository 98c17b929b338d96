import { describe, expect, it } from 'vitest';
import { hostTable } from '../../src/report/table.js';
import { hostFor, portFor } from './fake-server.js';

describe('table output', () => {
  it('prints one line per finding under its port row: severity, id, title', () => {
    const p = portFor(6379, { name: 'redis' });
    p.findings = [{ id: 'redis-no-auth', severity: 'critical', title: 'Redis accepts commands without authentication', evidence: 'e', remediation: 'r', references: [] }];
    const lines = hostTable(hostFor(p)).split('\n');
    const row = lines.findIndex((l) => l.startsWith('6379/tcp'));
    expect(row).toBeGreaterThan(0);
    expect(lines[row + 1]).toBe('  CRITICAL redis-no-auth  Redis accepts commands without authentication');
  });
});
