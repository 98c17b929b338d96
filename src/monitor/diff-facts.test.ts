/** The diff over the narrowed read (only the hosts whose rows differ) equals the diff over both full scans, on both stores. */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Finding, HostResult, PortResult, Severity } from '../core/types.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { backends } from '../../test/support/watch.js';
import type { OpenedMonitor } from './context.js';
import { changedHosts, loadDiffPair } from './diff-facts.js';
import { diffScans } from './diff.js';
import { loadScanFacts } from './scan-facts.js';

const f = (id: string, severity: Severity, title = id): Finding => ({ id, severity, title, evidence: 'e', remediation: 'r', references: [] });
const port = (n: number, name: string, findings: Finding[] = [], extra: Partial<PortResult['service']> = {}): PortResult =>
  ({ port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name, method: 'probed', ...extra }, findings });
const host = (address: string, ports: PortResult[], o: { state?: HostResult['state']; findings?: Finding[] } = {}): HostResult => ({
  address, hostnames: [], state: o.state ?? 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 },
  ...(o.findings !== undefined ? { findings: o.findings } : {}),
});

// Every kind of change, each on its own host; .1 and .2 do not change.
const before: HostResult[] = [
  host('10.0.0.1', [port(22, 'ssh', [], { product: 'OpenSSH', version: '9.6' })]),
  host('10.0.0.2', [port(80, 'http', [f('http-no-tls', 'medium')])], { findings: [f('host-level', 'low')] }),
  host('10.0.0.3', [port(22, 'ssh')]),                                             // a port opens
  host('10.0.0.4', [port(22, 'ssh'), port(23, 'telnet', [f('telnet-exposed', 'high')])]), // a port closes, its finding fixed
  host('10.0.0.5', [port(22, 'ssh', [], { product: 'OpenSSH', version: '8.9' })]),   // version changes
  host('10.0.0.6', [port(22, 'ssh', [], { product: 'OpenSSH' })]),                    // product null → set (version null both)
  host('10.0.0.7', [port(6379, 'redis')]),                                           // a finding appears
  host('10.0.0.8', [port(80, 'http')], { findings: [f('host-level', 'low')] }),      // a host-level finding goes
  host('10.0.0.9', [port(22, 'ssh')]),                                               // stops answering
  host('10.0.0.10', [], { state: 'down' }),                                          // starts answering
  host('10.0.0.11', [port(443, 'https', [f('tls-weak', 'medium', 'old title')])]),   // only the title changes: no diff
];
const after: HostResult[] = [
  before[0] as HostResult,
  before[1] as HostResult,
  host('10.0.0.3', [port(22, 'ssh'), port(3306, 'mysql', [f('mysql-exposed', 'high')])]),
  host('10.0.0.4', [port(22, 'ssh')]),
  host('10.0.0.5', [port(22, 'ssh', [], { product: 'OpenSSH', version: '9.6' })]),
  host('10.0.0.6', [port(22, 'ssh', [], { product: 'Dropbear' })]),
  host('10.0.0.7', [port(6379, 'redis', [f('redis-no-auth', 'critical')])]),
  host('10.0.0.8', [port(80, 'http')]),
  host('10.0.0.9', [], { state: 'down' }),
  host('10.0.0.10', [port(80, 'http', [f('http-no-tls', 'medium')])]),
  host('10.0.0.11', [port(443, 'https', [f('tls-weak', 'medium', 'new title')])]),
];

for (const b of await backends()) {
  describe.skipIf(b.skip !== false)(`diff facts on ${b.name}${b.skip !== false ? ` (skipped: ${b.skip})` : ''}`, () => {
    let m: OpenedMonitor;
    let cleanup: () => Promise<void>;
    beforeEach(async () => { ({ m, cleanup } = await b.open(() => new Date())); });
    afterEach(async () => { await cleanup(); });

    async function store(hosts: HostResult[]): Promise<number> {
      const meta = { started: '2026-12-01T00:00:00.000Z', finished: null, targets: ['10.0.0.0/24'], ports: '22-6379' };
      const id = await m.store.beginScan(meta);
      for (const h of hosts) { await m.store.saveHost(id, h); }
      await m.store.finishScan(id, { ...meta, finished: '2026-12-01T01:00:00.000Z' });
      return id;
    }

    it('loads only the hosts that changed, and the diff equals the one over the full scans', async () => {
      const db = m.db as unknown as Kysely<Database>;
      const [a, c] = [await store(before), await store(after)];
      expect([...await changedHosts(db, a, c)].sort()).toEqual(['10.0.0.10', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8', '10.0.0.9']);
      const [na, nb] = await loadDiffPair(db, a, c);
      const [fa, fb] = [await loadScanFacts(db, a), await loadScanFacts(db, c)];
      if (na === null || nb === null || fa === null || fb === null) { throw new Error('scan missing'); }
      expect(nb.hosts.find((h) => h.address === '10.0.0.1')?.ports).toEqual([]); // unchanged: not loaded
      const narrow = diffScans(na, nb);
      expect(narrow).toEqual(diffScans(fa, fb));
      expect(narrow.services.map((s) => s.host)).toEqual(['10.0.0.5', '10.0.0.6']);
      expect(narrow.ports.opened.map((p) => `${p.host}:${p.port}`)).toEqual(['10.0.0.10:80', '10.0.0.3:3306']);
      expect(narrow.findings.fixed.map((x) => `${x.host}:${x.id}`)).toEqual(['10.0.0.4:telnet-exposed', '10.0.0.8:host-level']);
      expect(narrow.hosts).toEqual({ appeared: ['10.0.0.10'], disappeared: ['10.0.0.9'] });
      expect(await loadDiffPair(db, a, 999_999)).toEqual([expect.anything(), null]);
    });
  });
}
