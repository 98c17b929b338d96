/** Ingest on both stores: the finding lifecycle across runs and the stale grace period (docs/scoring.md § 9). */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Finding, HostResult, PortResult, Severity } from '../core/types.js';
import { backends } from '../../test/support/watch.js';
import type { OpenedMonitor } from './context.js';
import { SYSTEM_PRINCIPAL as admin } from './principal.js';
import { createOrganization } from './repo/organizations.js';
import { addAsset, createGroup } from './repo/assets.js';
import { listFindings } from './repo/findings.js';
import { gradeHistory, organizationSummary } from './repo/grades.js';
import { ingestScan } from './ingest.js';
import { diffRuns, latestRunDiff } from './run-diff.js';
import { gradeHosts } from '../score/index.js';

const f = (id: string, severity: Severity): Finding => ({ id, severity, title: id, evidence: 'e', remediation: 'r', references: [] });
const port = (n: number, name: string, findings: Finding[] = []): PortResult => ({ port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name, method: 'probed' }, findings });
const host = (address: string, ports: PortResult[]): HostResult => ({ address, hostnames: [], state: 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } });
const ssh = port(22, 'ssh');
const redis = port(6379, 'redis', [f('redis-no-auth', 'critical')]);
const HOUR = 3600_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (h: number): string => new Date(T0 + h * HOUR).toISOString();

for (const b of await backends()) {
  describe.skipIf(b.skip !== false)(`ingest on ${b.name}${b.skip !== false ? ` (skipped: ${b.skip})` : ''}`, () => {
    let m: OpenedMonitor;
    let cleanup: () => Promise<void>;
    let orgId: number;
    beforeEach(async () => {
      ({ m, cleanup } = await b.open(() => new Date(T0 + 100 * HOUR)));
      orgId = (await createOrganization(m, admin, { name: 'Acme' })).id;
    });
    afterEach(async () => { await cleanup(); });

    async function store(hours: number, hosts: HostResult[], opts: { interrupted?: boolean; targets?: string[] } = {}): Promise<number> {
      const meta = { started: at(hours), finished: null, targets: opts.targets ?? ['127.0.0.0/24'], ports: '22,6379' };
      const id = await m.store.beginScan(meta);
      for (const h of hosts) { await m.store.saveHost(id, h); }
      await m.store.finishScan(id, { ...meta, finished: at(hours), ...(opts.interrupted ? { interrupted: true } : {}) });
      return id;
    }

    it('lifecycle across three runs: new → fixed → reopened (first seen kept), and the diff says reopened', async () => {
      const s1 = await store(0, [host('127.0.0.1', [ssh, redis]), host('127.0.0.9', [port(80, 'http', [f('http-no-tls', 'medium')]), port(8080, 'http', [f('http-no-tls', 'medium')])])]);
      const r1 = await ingestScan(m, admin, orgId, s1, { kind: 'active' });
      expect(r1.counts).toMatchObject({ new: 3, fixed: 0 });
      // Ingest grades from the narrow columns; the grade equals the one computed from the full documents.
      const full = gradeHosts((await m.store.getScan(s1))!.hosts);
      expect(r1.grade.score).toBe(full.score);
      expect(r1.grade.deductions).toEqual(full.deductions);
      const r2 = await ingestScan(m, admin, orgId, await store(24, [host('127.0.0.1', [ssh])], { targets: ['127.0.0.1'] }), { kind: 'active' });
      expect(r2.counts).toMatchObject({ new: 0, fixed: 1 });
      let rows = (await listFindings(m, admin, orgId, { host: '127.0.0.1' })).items;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ findingId: 'redis-no-auth', state: 'fixed', fixedAt: at(24), fixedRunId: r2.run.id, fixedReason: 'not-observed', port: 6379, protocol: 'tcp' });
      const r3 = await ingestScan(m, admin, orgId, await store(48, [host('127.0.0.1', [ssh, redis])], { targets: ['127.0.0.1'] }), { kind: 'active' });
      expect(r3.counts).toMatchObject({ new: 0, reopened: 1 });
      rows = (await listFindings(m, admin, orgId, { state: 'current', host: '127.0.0.1' })).items;
      expect(rows[0]).toMatchObject({ state: 'open', firstSeen: at(0), firstRunId: r1.run.id, lastSeen: at(48), reopenedAt: at(48), reopenCount: 1, fixedAt: null });
      const d = await diffRuns(m, admin, orgId, r2.run.id, r3.run.id);
      expect(d.findings.reopened.map((x) => x.id)).toEqual(['redis-no-auth']);
      expect(d.findings.new).toEqual([]);
      expect(d.ports.opened.map((p) => p.port)).toEqual([6379]);
      expect(d.grade.delta).toBeLessThan(0);
      expect((await latestRunDiff(m, admin, orgId))?.to).toBe(r3.run.id);
      const hist = await gradeHistory(m, admin, orgId);
      expect(hist.map((h) => h.runId)).toEqual([r1.run.id, r2.run.id, r3.run.id]);
      expect(hist[1]!.score).toBeGreaterThan(hist[0]!.score);
      expect(hist[2]!.score).toBe(hist[0]!.score);
      expect(hist.every((h) => h.basis === 'active')).toBe(true);
      const hostLetters = (await gradeHistory(m, admin, orgId, { scope: 'host', key: '127.0.0.1' })).map((h) => h.letter);
      expect(hostLetters).toEqual([hostLetters[0], 'A', hostLetters[0]]);
      expect(hostLetters[0]).not.toBe('A');
    });

    it('stale grace: a host that stops answering keeps its findings and the grade does not improve until the grace period ends', async () => {
      const grace = { kind: 'active' as const, graceMs: 24 * HOUR };
      const r1 = await ingestScan(m, admin, orgId, await store(0, [host('127.0.0.1', [ssh]), host('127.0.0.2', [redis])]), grace);
      const r2 = await ingestScan(m, admin, orgId, await store(1, [host('127.0.0.1', [ssh])]), grace);
      expect(r2.staleHosts).toEqual(['127.0.0.2']);
      expect(r2.grade.score).toBe(r1.grade.score);
      expect(r2.counts).toMatchObject({ stale: 1, fixed: 0 });
      expect((await listFindings(m, admin, orgId, { state: 'stale' })).items[0]).toMatchObject({ host: '127.0.0.2', staleSince: at(1) });
      expect((await gradeHistory(m, admin, orgId)).at(-1)).toMatchObject({ staleHosts: 1, score: r1.grade.score });
      expect((await organizationSummary(m, admin, orgId)).hosts).toEqual({ up: 1, stale: 1 });
      // An interrupted run that never reached .2 says nothing about it.
      const r3 = await ingestScan(m, admin, orgId, await store(2, [host('127.0.0.1', [ssh])], { interrupted: true }), grace);
      expect(r3.run.status).toBe('interrupted');
      expect(r3.grade.score).toBe(r1.grade.score);
      const r4 = await ingestScan(m, admin, orgId, await store(30, [host('127.0.0.1', [ssh])]), grace);
      expect(r4.staleHosts).toEqual([]);
      expect(r4.counts).toMatchObject({ fixed: 1, hostsGone: 1 });
      expect(r4.grade.score).toBe(100);
      expect((await listFindings(m, admin, orgId)).items[0]).toMatchObject({ state: 'fixed', fixedReason: 'host-gone', staleSince: null });
    });

    it('values that need quoting survive the one-parameter writes (JSON on SQLite, arrays on PostgreSQL), in plan order', async () => {
      const odd = ['quote \' and "double"', 'comma, {brace} \\ backslash', 'NULL', '', 'unicode é ✓ 𝄞', 'x'.repeat(2000)];
      const hosts = [host('127.0.0.1', odd.map((title, i) => port(1000 + i, 'x', [{ ...f(`odd-${i}`, 'low'), title }]))), host('::1', [redis]), host('2001:db8::7', [ssh])];
      const r1 = await ingestScan(m, admin, orgId, await store(0, hosts, { targets: ['127.0.0.1', '::1', '2001:db8::7'] }), { kind: 'active' });
      expect(r1.counts).toMatchObject({ new: odd.length + 1 });
      const rows = (await listFindings(m, admin, orgId, { limit: 100 })).items;
      expect(rows.map((r) => [r.host, r.port, r.findingId, r.title])).toEqual([
        ...odd.map((title, i) => ['127.0.0.1', 1000 + i, `odd-${i}`, title]), ['::1', 6379, 'redis-no-auth', 'redis-no-auth'],
      ]);
      expect(rows.every((r) => r.state === 'open' && r.firstRunId === r1.run.id && r.fixedAt === null && r.reopenCount === 0 && r.staleSince === null)).toBe(true);
      // Seen again (one host silent within grace → stale), then the grade history rows of both runs, per host.
      const r2 = await ingestScan(m, admin, orgId, await store(1, [hosts[0]!, hosts[2]!], { targets: ['127.0.0.1', '::1', '2001:db8::7'] }), { kind: 'active' });
      expect(r2.counts).toMatchObject({ new: 0, seen: odd.length, stale: 1 });
      expect(r2.staleHosts).toEqual(['::1']);
      for (const h of ['127.0.0.1', '::1', '2001:db8::7']) {
        const hist = await gradeHistory(m, admin, orgId, { scope: 'host', key: h });
        expect(hist.map((g) => g.runId), h).toEqual([r1.run.id, r2.run.id]);
      }
      const org = await gradeHistory(m, admin, orgId, { scope: 'org' });
      expect(org.map((g) => [g.score, g.staleHosts])).toEqual([[r1.grade.score, 0], [r2.grade.score, 1]]);
    });

    // PostgreSQL only (SQLite has no autovacuum to wait for): registered for that store alone, never a skip.
    if (b.name === 'postgres') {
      it('a bulk ingest (1,000 new findings or more) refreshes the planner statistics of the tables it filled', async () => {
        const { sql } = await import('kysely');
        const many = Array.from({ length: 100 }, (_, i) => port(2000 + i, 'x', Array.from({ length: 10 }, (__, k) => f(`bulk-${k}`, 'low'))));
        const analysed = async (): Promise<string[]> => (await sql<{ relname: string }>`select relname from pg_stat_user_tables where schemaname = current_schema() and last_analyze is not null order by relname`.execute(m.db)).rows.map((r) => r.relname);
        const small = await ingestScan(m, admin, orgId, await store(0, [host('127.0.0.1', [ssh, redis])], { targets: ['127.0.0.1'] }), { kind: 'active' });
        expect(small.counts.new).toBeLessThan(1000);
        expect(await analysed()).toEqual([]);
        const bulk = await ingestScan(m, admin, orgId, await store(1, [host('127.0.0.2', many)], { targets: ['127.0.0.2'] }), { kind: 'active' });
        expect(bulk.counts.new).toBe(1000);
        expect(await analysed()).toEqual(['finding_states', 'grade_history', 'host_states']);
      });
    }

    it('a host outside the run\'s targets is carried, not judged; groups are graded; imports are passive', async () => {
      const web = await createGroup(m, admin, orgId, 'web');
      await addAsset(m, admin, orgId, { kind: 'address', value: '127.0.0.2', groupId: web.id });
      await ingestScan(m, admin, orgId, await store(0, [host('127.0.0.1', [ssh]), host('127.0.0.2', [redis])]));
      const r2 = await ingestScan(m, admin, orgId, await store(1, [host('127.0.0.1', [ssh])], { targets: ['127.0.0.1'] }));
      expect(r2.basis).toBe('passive');
      expect(r2.staleHosts).toEqual([]);
      expect(r2.grade.score).toBeLessThan(100);
      expect((await listFindings(m, admin, orgId, { state: 'open' })).items.map((x) => x.host)).toEqual(['127.0.0.2']);
      expect((await gradeHistory(m, admin, orgId, { scope: 'group', key: 'web' })).map((h) => h.letter)).toHaveLength(2);
      await expect(ingestScan(m, { ...admin, role: 'viewer' }, orgId, 1)).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(ingestScan(m, admin, orgId, 9999)).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
    });
  });
}
