/**
 * The per-run caches (server/resources/run-cache.ts, monitor/dashboard/finding-counts.ts) against a real server on
 * SQLite: grade, explain, plan, diff and the portfolio's finding counts read twice give the same answer, a new
 * ingest moves every one of them to the new run, and explain pages with its total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness } from './harness.js';
import { ALPHA_ADDR, alphaHost, seed, storeAndIngest, type Seeded } from './seed.js';
import { RunCache } from '../../src/server/resources/run-cache.js';
import { FindingCountCache } from '../../src/monitor/dashboard/finding-counts.js';
import { planFixes } from '../../src/score/plan.js';

type Json = Record<string, unknown>;

describe('per-run caches', () => {
  let h: Harness;
  let s: Seeded;
  let c: Client;
  beforeAll(async () => {
    h = await startHarness('sqlite');
    s = await seed(h);
    c = new Client(h.base);
    c.bearer = s.alphaWrite;
  }, 60_000);
  afterAll(async () => { await h.close(); });

  const get = async (path: string): Promise<Json> => {
    const r = await c.request('GET', path);
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    return r.json as Json;
  };
  const criticals = async (): Promise<number> => {
    const rows = (await get('/portfolio')).items as Array<{ organization: { id: number }; findings: { critical: number } }>;
    return rows.find((r) => r.organization.id === s.alpha)?.findings.critical ?? -1;
  };

  it('answers the same twice, and a new ingest moves grade, explain, plan, diff and portfolio counts to it', async () => {
    const paths = [`/organizations/${s.alpha}/grade`, `/organizations/${s.alpha}/explain`, `/organizations/${s.alpha}/plan?top=3`, `/organizations/${s.alpha}/diff`];
    const first = await Promise.all(paths.map(get));
    expect(await Promise.all(paths.map(get))).toEqual(first);
    expect(first[0]).toMatchObject({ runId: s.ids.runId });
    expect((first[2]!.plan as { steps: unknown[] }).steps).toHaveLength(1);
    expect(first[3]!.diff).toMatchObject({ from: s.ids.firstRunId, to: s.ids.runId });
    expect(await criticals()).toBe(1);
    expect(await criticals()).toBe(1);

    const fixed = await storeAndIngest(h, s.alpha, alphaHost(false)); // Redis closed: the critical finding fixed
    const [grade, explain, plan, diff] = await Promise.all(paths.map(get));
    expect(grade).toMatchObject({ runId: fixed });
    expect((grade!.grade as { score: number }).score).toBeGreaterThan((first[0]!.grade as { score: number }).score);
    expect(explain).toMatchObject({ runId: fixed, total: 0 });
    expect((plan!.plan as { steps: unknown[] }).steps).toHaveLength(0);
    expect(diff!.diff).toMatchObject({ from: s.ids.runId, to: fixed });
    expect((diff!.diff as { findings: { fixed: Array<{ host: string }> } }).findings.fixed).toEqual([expect.objectContaining({ host: ALPHA_ADDR })]);
    expect(await criticals()).toBe(0);
    // An older run by id is still its own answer.
    expect(await get(`/organizations/${s.alpha}/grade?run=${s.ids.runId}`)).toEqual(first[0]);
    expect(await get(`/organizations/${s.alpha}/diff?from=${s.ids.firstRunId}&to=${s.ids.runId}`)).toEqual(first[3]);
  });

  it('explain pages its contributions and gives their total', async () => {
    const e = await get(`/organizations/${s.alpha}/explain?run=${s.ids.runId}&limit=1&offset=0`);
    expect(e).toMatchObject({ runId: s.ids.runId, total: 1, offset: 0 });
    expect((e.explanation as { contributions: Array<{ findingId: string }> }).contributions.map((x) => x.findingId)).toEqual(['redis-no-auth']);
    const past = await get(`/organizations/${s.alpha}/explain?run=${s.ids.runId}&limit=1&offset=1`);
    expect(past).toMatchObject({ total: 1, offset: 1, explanation: { contributions: [] } });
  });

  it('a plan cut from a deeper one is the plan of that many steps', async () => {
    const host = alphaHost(true);
    const twoFindings = { ...host, ports: host.ports.map((p) => (p.port === 22 ? { ...p, findings: [{ id: 'ssh-weak-algorithms', severity: 'medium' as const, title: 'weak kex', evidence: 'kex', remediation: 'drop it', references: [] }] } : p)) };
    const runId = await storeAndIngest(h, s.alpha, twoFindings);
    const run = await get(`/organizations/${s.alpha}/scans/${runId}`);
    const doc = await h.monitor.store.getScan(run.scanId as number);
    for (const top of [1, 2, 10]) {
      const api = await get(`/organizations/${s.alpha}/plan?run=${runId}&top=${top}`);
      expect(api.plan, `top=${top}`).toEqual(JSON.parse(JSON.stringify(planFixes(doc!.hosts, top))));
    }
  });

  it('another organisation gets no cached answer', async () => {
    const other = new Client(h.base);
    other.bearer = s.bravoWrite;
    for (const path of [`/organizations/${s.alpha}/grade?run=${s.ids.runId}`, `/organizations/${s.alpha}/diff`, `/organizations/${s.alpha}/plan?top=3`]) {
      const r = await other.request('GET', path);
      expect([403, 404]).toContain(r.status);
      expect(r.text).not.toContain('redis-no-auth');
    }
  });

  it('RunCache: one computation per key, shared by concurrent callers; a failure is not kept', async () => {
    const cache = new RunCache();
    let n = 0;
    const compute = async (): Promise<number> => { n++; await new Promise((r) => setTimeout(r, 5)); return n; };
    expect(await Promise.all([cache.get(1, 'a', compute), cache.get(1, 'a', compute)])).toEqual([1, 1]);
    expect(await cache.get(2, 'a', compute)).toBe(2);
    expect(cache.misses).toBe(2);
    await expect(cache.get(1, 'b', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get(1, 'b', compute)).toBe(3);
  });

  it('FindingCountCache: recounts an organisation only after its next ingest', async () => {
    const cache = new FindingCountCache();
    const before = cache.misses;
    const a = await cache.counts(h.monitor, [s.alpha, s.bravo]);
    expect(cache.misses).toBe(before + 2);
    expect(await cache.counts(h.monitor, [s.alpha, s.bravo])).toEqual(a);
    expect(cache.misses).toBe(before + 2);
    expect(a.get(s.alpha)?.critical).toBe(1); // the previous test's run: Redis open again
    await storeAndIngest(h, s.alpha, alphaHost(false)); // Redis closed: fixed
    const b = await cache.counts(h.monitor, [s.alpha, s.bravo]);
    expect(cache.misses).toBe(before + 3);
    expect(b.get(s.alpha)?.critical).toBe(0);
    expect(b.get(s.bravo)).toEqual(a.get(s.bravo));
  });
});
