import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startHarness, type Harness, type StoreKind } from './harness.js';
import { ALPHA_ADDR, alphaHost, seed, storeAndIngest, type Seeded } from './seed.js';
import { pgUnavailable } from '../support/pg.js';
import { SYSTEM_PRINCIPAL } from '../../src/monitor/principal.js';
import { createRun, updateRun } from '../../src/monitor/repo/runs.js';

const pgSkip = await pgUnavailable();

/** Reads server-sent events until `end` (or the stream closes). */
async function readEvents(url: string, token: string, onFirst?: () => Promise<void>): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
  const out: Array<{ event: string; data: Record<string, unknown> }> = [];
  let buf = '';
  let first = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { break; }
    buf += new TextDecoder().decode(value);
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>;
      out.push({ event, data });
      if (first && onFirst) { first = false; await onFirst(); }
    }
  }
  return out;
}

describe.each<[StoreKind, string | false]>([['sqlite', false], ['postgres', pgSkip]])('API resources on %s', (kind, skip) => {
  let h: Harness;
  let s: Seeded;
  let c: Client;
  beforeAll(async () => {
    if (skip !== false) { return; }
    h = await startHarness(kind);
    s = await seed(h);
    c = new Client(h.base);
    c.bearer = s.alphaWrite;
  }, 60_000);
  afterAll(async () => { if (skip === false) { await h.close(); } });

  it.skipIf(skip !== false)('refuses a scan with a target outside the scope, naming it, before any run exists', async () => {
    const r = await c.request('POST', `/organizations/${s.alpha}/scans`, { targets: [`${ALPHA_ADDR}/32`, '127.0.0.9'], ports: '22' });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: { code: 'GH_ERR_OUT_OF_SCOPE' } });
    expect((r.json as { error: { message: string } }).error.message).toContain('127.0.0.9');
    const runs = await c.request('GET', `/organizations/${s.alpha}/scans`);
    expect((runs.json as { items: Array<{ id: number }> }).items.map((x) => x.id)).toEqual([s.ids.runId, s.ids.firstRunId]);
    const audit = await s.admin.request('GET', `/organizations/${s.alpha}/audit`);
    expect((audit.json as { items: Array<{ action: string }> }).items[0]?.action).toBe('scan.refused');
  });

  it.skipIf(skip !== false)('grade, explain and plan of the latest run; reports download as files', async () => {
    const g = await c.request('GET', `/organizations/${s.alpha}/grade`);
    expect(g.status).toBe(200);
    expect(g.json).toMatchObject({ runId: s.ids.runId, grade: { letter: expect.stringMatching(/^[A-F]$/) } });
    const e = await c.request('GET', `/organizations/${s.alpha}/explain`);
    expect((e.json as { explanation: { contributions: Array<{ findingId: string }> } }).explanation.contributions[0]?.findingId).toBe('redis-no-auth');
    const p = await c.request('GET', `/organizations/${s.alpha}/plan?top=3`);
    expect((p.json as { plan: { steps: Array<{ host: string; gain: number }> } }).plan.steps[0]).toMatchObject({ host: ALPHA_ADDR });
    const csv = await c.request('GET', `/organizations/${s.alpha}/reports/csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="gatehouse-org\d+-run\d+\.csv"/);
    expect(csv.text).toContain('redis-no-auth');
    const sarif = await c.request('GET', `/organizations/${s.alpha}/reports/sarif?run=${s.ids.runId}`);
    expect((sarif.json as { version: string }).version).toBe('2.1.0');
    const html = await c.request('GET', `/organizations/${s.alpha}/reports/html`);
    expect(html.text).toMatch(/^<!doctype html>/i);
    expect((await c.request('GET', `/organizations/${s.alpha}/reports/exe`)).status).toBe(400);
  });

  it.skipIf(skip !== false)('findings: lifecycle fields, filters, cursor pages; the diff of the last two runs', async () => {
    const all = await c.request('GET', `/organizations/${s.alpha}/findings?state=open`);
    const items = (all.json as { items: Array<{ findingId: string; host: string; port: number | null; severity: string; firstRunId: number }> }).items;
    expect(items.map((f) => f.findingId)).toContain('redis-no-auth');
    expect(items.find((f) => f.findingId === 'redis-no-auth')).toMatchObject({ host: ALPHA_ADDR, port: 6379, severity: 'critical', firstRunId: s.ids.runId });
    const crit = (await c.request('GET', `/organizations/${s.alpha}/findings?severity=critical&port=6379&host=${ALPHA_ADDR}&findingId=redis-no-auth`)).json as { items: unknown[] };
    expect(crit.items).toHaveLength(1);
    expect(((await c.request('GET', `/organizations/${s.alpha}/findings?severity=low`)).json as { items: unknown[] }).items).toHaveLength(0);
    const redis = (await c.request('GET', `/organizations/${s.alpha}/findings?service=redis`)).json as { items: Array<{ findingId: string }> };
    expect(redis.items.map((f) => f.findingId)).toEqual(['redis-no-auth']);
    expect(((await c.request('GET', `/organizations/${s.alpha}/findings?service=ftp`)).json as { items: unknown[] }).items).toHaveLength(0);
    expect(((await c.request('GET', `/organizations/${s.alpha}/findings?state=fixed`)).json as { items: unknown[] }).items).toHaveLength(0);
    const ids: number[] = [];
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const page = (await c.request('GET', `/organizations/${s.alpha}/findings?limit=1${cursor}`)).json as { items: Array<{ id: number }>; next: string | null };
      ids.push(...page.items.map((f) => f.id));
      if (page.next === null) { break; }
      cursor = `&cursor=${page.next}`;
    }
    expect(ids).toEqual(items.map((f) => (f as unknown as { id: number }).id));
    expect((await c.request('GET', `/organizations/${s.alpha}/findings?severity=severe`)).status).toBe(400);
    const diff = (await c.request('GET', `/organizations/${s.alpha}/diff`)).json as { diff: { from: number; to: number; ports: { opened: Array<{ port: number }> }; findings: { new: Array<{ id: string }> }; grade: { delta: number | null } } };
    expect(diff.diff).toMatchObject({ from: s.ids.firstRunId, to: s.ids.runId });
    expect(diff.diff.ports.opened.map((p) => p.port)).toEqual([6379]);
    expect(diff.diff.findings.new.map((f) => f.id)).toContain('redis-no-auth');
    expect(diff.diff.grade.delta).toBeLessThan(0);
    const explicit = await c.request('GET', `/organizations/${s.alpha}/diff?from=${s.ids.firstRunId}&to=${s.ids.runId}`);
    expect(explicit.json).toEqual(diff);
    expect((await c.request('GET', `/organizations/${s.alpha}/diff?from=${s.ids.firstRunId}`)).status).toBe(400);
  });

  it.skipIf(skip !== false)('organisation summary and a filtered, paged organisation list', async () => {
    const sum = await c.request('GET', `/organizations/${s.alpha}/summary`);
    expect(sum.json).toMatchObject({ organization: { id: s.alpha, relationship: 'own', criticality: 'high' }, authorised: true });
    const p1 = await s.admin.request('GET', '/organizations?limit=1');
    const page1 = p1.json as { items: Array<{ id: number }>; next: string | null };
    expect(page1.items).toHaveLength(1);
    expect(page1.next).not.toBeNull();
    const page2 = (await s.admin.request('GET', `/organizations?limit=1&cursor=${page1.next ?? ''}`)).json as { items: Array<{ id: number }>; next: string | null };
    expect(page2.items.map((o) => o.id)).toEqual([s.bravo]);
    expect(page2.next).toBeNull();
    const vendors = (await s.admin.request('GET', '/organizations?relationship=vendor')).json as { items: Array<{ id: number }> };
    expect(vendors.items.map((o) => o.id)).toEqual([s.bravo]);
  });

  it.skipIf(skip !== false)('follows a running run with server-sent events until it ends', async () => {
    const scanId = await h.monitor.store.beginScan({ started: '2026-12-01T12:00:00.000Z', finished: null, targets: [ALPHA_ADDR], ports: '6379' });
    const run = await createRun(h.monitor, SYSTEM_PRINCIPAL, s.alpha, { kind: 'active', basis: 'active', targets: [ALPHA_ADDR], ports: '6379', scanId });
    const events = await readEvents(`${h.base}/organizations/${s.alpha}/scans/${run.id}/events`, s.alphaRead, async () => {
      await h.monitor.store.saveHost(scanId, alphaHost());
      await new Promise((r) => setTimeout(r, 1200));
      await updateRun(h.monitor, SYSTEM_PRINCIPAL, s.alpha, run.id, { status: 'finished', finished_at: '2026-12-01T12:00:03.000Z' });
    });
    expect(events[0]).toEqual({ event: 'progress', data: expect.objectContaining({ status: 'running', hostsUp: 0 }) });
    expect(events.some((e) => e.event === 'progress' && e.data.hostsUp === 1)).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { id: run.id, status: 'finished' } });
    const foreign = await fetch(`${h.base}/organizations/${s.alpha}/scans/${run.id}/events`, { headers: { authorization: `Bearer ${s.bravoWrite}` } });
    expect(foreign.status).toBe(404);
  });

  it.skipIf(skip !== false)('the summary follows a new ingest (its cached parts are keyed by the latest ingested run)', async () => {
    const before = (await c.request('GET', `/organizations/${s.alpha}/summary`)).json as { lastRunId: number; findings: Record<string, number>; authorised: boolean };
    expect(before.lastRunId).toBe(s.ids.runId);
    expect(before.findings.critical).toBe(1);
    const runId = await storeAndIngest(h, s.alpha, alphaHost(false));
    const after = (await c.request('GET', `/organizations/${s.alpha}/summary`)).json as { lastRunId: number; findings: Record<string, number> };
    expect(after.lastRunId).toBe(runId);
    expect(after.findings.critical ?? 0).toBe(0);
    await s.admin.request('DELETE', `/organizations/${s.alpha}/authorizations/${s.ids.authId}`);
    expect(((await c.request('GET', `/organizations/${s.alpha}/summary`)).json as { authorised: boolean }).authorised).toBe(false);
  });
});
