/**
 * Stored run artifacts (migration 011, monitor/dashboard/run-artifacts.ts, server/artifacts) against a real server
 * on SQLite: an explanation of 1,200 contributions and a letter cap held by 240 findings, stored in parts, pages
 * back exactly as `explain()` computes it in process (across part boundaries, the cap's holders and fixes paged
 * with their totals); a stored run is never recomputed (what a restarted server relies on); and the worker thread
 * (the compiled dist/ build, as `gatehouse serve` runs it) stores the same plan as `planFixes`.
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, ScanMeta } from '../../src/core/types.js';
import { SYSTEM_PRINCIPAL } from '../../src/monitor/principal.js';
import { ingestScan } from '../../src/monitor/ingest.js';
import { explain } from '../../src/score/explain.js';
import { planFixes } from '../../src/score/plan.js';
import { computeRunArtifacts, PART_SIZE, storedDiff, storedPlan } from '../../src/monitor/dashboard/run-artifacts.js';
import { diffRuns } from '../../src/monitor/run-diff.js';
import { ArtifactRunner } from '../../src/server/artifacts/runner.js';
import { Client, startHarness, type Harness } from './harness.js';
import { seed, type Seeded } from './seed.js';
import { labSkip } from '../lab/require.js';

type Json = Record<string, unknown>;
const HOSTS = 240;
// The worker as tsc builds it and as the bundled CLI (`gatehouse serve`) runs it (scripts/bundle-cli.mjs).
const WORKERS = [new URL('../../dist/server/artifacts/artifacts-worker.js', import.meta.url), new URL('../../dist/bundle/artifacts-worker.js', import.meta.url)];

/** 240 hosts with 5 findings each: an unauthenticated Redis (critical: holds the cap) and 4 weaker ones. */
function hosts(): HostResult[] {
  return Array.from({ length: HOSTS }, (_, i) => ({
    address: `127.0.${1 + (i >> 8)}.${i & 255}`, hostnames: [], state: 'up', reason: 'syn-ack',
    ports: [
      { port: 6379, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'redis', method: 'probed' },
        findings: [{ id: 'redis-no-auth', severity: 'critical', title: 'Redis without auth', evidence: 'PING', remediation: 'requirepass', references: [] }] },
      { port: 22, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'ssh', method: 'probed' },
        findings: ['ssh-weak-algorithms', 'software-eol', 'dns-version-disclosure', 'https-no-hsts'].map((id, k) => ({ id, severity: (['medium', 'high', 'info', 'low'] as const)[k]!, title: id, evidence: `e${i}`, remediation: 'fix', references: [] })) },
    ],
    counts: { open: 2, closed: 0, filtered: 0, 'open|filtered': 0 },
  }));
}

describe('stored run artifacts', () => {
  let h: Harness;
  let s: Seeded;
  let c: Client;
  let runId = 0;
  let scanId = 0;
  let doc = hosts();
  let full: ReturnType<typeof explain>;
  beforeAll(async () => {
    h = await startHarness('sqlite');
    s = await seed(h);
    c = new Client(h.base);
    c.bearer = s.alphaWrite;
    const meta: ScanMeta = { started: h.clock.now.toISOString(), finished: null, targets: ['127.0.1.0/24'], ports: '22,6379' };
    scanId = await h.monitor.store.beginScan(meta);
    for (const host of doc) { await h.monitor.store.saveHost(scanId, host); }
    await h.monitor.store.finishScan(scanId, { ...meta, finished: h.clock.now.toISOString() });
    runId = (await ingestScan(h.monitor, SYSTEM_PRINCIPAL, s.alpha, scanId, { kind: 'active' })).run.id;
    doc = (await h.monitor.store.getScan(scanId))!.hosts; // as stored: by address
    full = JSON.parse(JSON.stringify(explain(doc))) as ReturnType<typeof explain>;
  }, 120_000);
  afterAll(async () => { await h.close(); });

  const get = async (path: string): Promise<Json> => {
    const r = await c.request('GET', path);
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    return r.json as Json;
  };

  it('pages the explanation across stored parts exactly as explain() computes it, the cap with its totals', async () => {
    expect(full.contributions).toHaveLength(HOSTS * 5);
    expect(full.contributions.length).toBeGreaterThan(PART_SIZE);
    const all = await get(`/organizations/${s.alpha}/explain?run=${runId}&limit=5000`);
    expect(all).toMatchObject({ runId, total: HOSTS * 5, offset: 0, capOffset: 0 });
    const ex = all.explanation as { grade: unknown; contributions: unknown[]; cap: Json };
    expect(ex.contributions).toEqual(full.contributions);
    expect(ex.grade).toEqual(full.grade);
    // Across the boundary between part 0 and part 1.
    const mid = await get(`/organizations/${s.alpha}/explain?run=${runId}&offset=${PART_SIZE - 5}&limit=10`);
    expect((mid.explanation as { contributions: unknown[] }).contributions).toEqual(full.contributions.slice(PART_SIZE - 5, PART_SIZE + 5));
    const past = await get(`/organizations/${s.alpha}/explain?run=${runId}&offset=${HOSTS * 5}`);
    expect((past.explanation as { contributions: unknown[] }).contributions).toEqual([]);

    const cap = full.cap!;
    expect(cap.holders).toHaveLength(HOSTS);
    expect(ex.cap).toMatchObject({ letter: cap.letter, severity: 'critical', holdersTotal: HOSTS, fixesTotal: cap.fixes.length, letterAfterLift: cap.letterAfterLift, uncappedLetter: cap.uncappedLetter });
    expect(ex.cap.holders).toEqual(cap.holders.slice(0, 100)); // capLimit's default
    const page = await get(`/organizations/${s.alpha}/explain?run=${runId}&limit=1&capOffset=3&capLimit=7`);
    const pc = (page.explanation as { cap: { holders: unknown[]; fixes: Array<{ action: string }>; lift: string } }).cap;
    expect(pc.holders).toEqual(cap.holders.slice(3, 10));
    expect(pc.fixes).toEqual(cap.fixes.slice(3, 10));
    expect(pc.lift).toBe(cap.fixes.slice(3, 10).map((f) => f.action).join('; '));
    expect(page.capOffset).toBe(3);
  });

  it('refuses pages beyond the bounds with a 400', async () => {
    for (const q of ['limit=5001', 'capLimit=1001', 'offset=-1']) {
      const r = await c.request('GET', `/organizations/${s.alpha}/explain?run=${runId}&${q}`);
      expect(r.status, q).toBe(400);
    }
  });

  it('a stored run is not recomputed (a restarted server reads it), and the plan is the plan', async () => {
    await get(`/organizations/${s.alpha}/plan?run=${runId}&top=3`);
    for (const spec of [{ what: 'explain' as const }, { what: 'plan' as const, depth: 10 }, { what: 'plan' as const, depth: 2 }]) {
      expect(await computeRunArtifacts(h.monitor, h.monitor.store, { runId, orgId: s.alpha, scanId, ...spec }), spec.what).toBe(0);
    }
    expect(await storedPlan(h.monitor, { id: runId, orgId: s.alpha }, 10)).toEqual(JSON.parse(JSON.stringify(planFixes(doc, 10))));
    // Another organisation's id never reads them.
    expect(await storedPlan(h.monitor, { id: runId, orgId: s.bravo }, 1)).toBeNull();
  });

  it('the diff of two runs is computed once and stored; the change timeline uses the same', async () => {
    const before = s.ids.runId!;
    const d = await get(`/organizations/${s.alpha}/diff?from=${before}&to=${runId}`);
    const want = JSON.parse(JSON.stringify(await diffRuns(h.monitor, SYSTEM_PRINCIPAL, s.alpha, before, runId))) as unknown;
    expect(d.diff).toEqual(want);
    expect(await storedDiff(h.monitor, { id: runId, orgId: s.alpha }, before)).toEqual(want);
    expect(await storedDiff(h.monitor, { id: runId, orgId: s.bravo }, before)).toBeNull();
    const changes = await get(`/organizations/${s.alpha}/changes?limit=1`);
    expect((changes.items as Array<{ runId: number; hostsAppeared: { count: number } }>)[0]).toMatchObject({ runId, hostsAppeared: { count: HOSTS } });
  });

  for (const WORKER of WORKERS) {
  const where = WORKER.pathname.includes('/bundle/') ? 'bundled' : 'tsc';
  const noWorker = existsSync(WORKER) ? false : `${WORKER.pathname} missing (npm run build)`;
  it.skipIf(labSkip(noWorker === false ? '' : noWorker))(`the worker thread (${where}) stores the same plan as planFixes${noWorker === false ? '' : ` — skipped: ${noWorker}`}`, async () => {
    const runner = new ArtifactRunner(h.monitor, h.monitor.store, pino({ level: 'silent' }), WORKER);
    try {
      expect(runner.mode).toBe('worker');
      await Promise.all([runner.run({ runId, orgId: s.alpha, scanId, what: 'plan', depth: 25 }), runner.run({ runId, orgId: s.alpha, scanId, what: 'plan', depth: 25 })]);
      expect(runner.computed).toBe(1); // the second caller shared the first's job
      expect(await storedPlan(h.monitor, { id: runId, orgId: s.alpha }, 25)).toEqual(JSON.parse(JSON.stringify(planFixes(doc, 25))));
    } finally { await runner.close(); }
  });
  }
});
