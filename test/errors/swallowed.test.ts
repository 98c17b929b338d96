/**
 * @module test/errors/swallowed — errors are never swallowed (issue 15 item 2). A test-only stage list (no
 * monkeypatching) injects a check that throws, a stage that throws and an identification rule that throws against a
 * real loopback listener: each failure is recorded on the port (`checksNotRun` reason 'error', code, message), the
 * grade computed over it is provisional, and the table, plain lines and every report say so. A network failure
 * (connection refused) stays a plain not-run reason and does not make the grade provisional.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import dgram from 'node:dgram';
import { UdpHostScanner } from '../../src/pipeline/udp-host-scan.js';
import { DEFAULT_EXCHANGE } from '../../src/net/udp-exchange.js';
import type { HostResult, PortResult } from '../../src/core/types.js';
import { HostPipeline, type PortStage } from '../../src/pipeline/host-pipeline.js';
import { runChecks } from '../../src/checks/index.js';
import { withConn } from '../../src/checks/session.js';
import { notRun, type Check } from '../../src/checks/types.js';
import { tcpDialer } from '../../src/net/dialer.js';
import { identifyPort } from '../../src/probes/identify.js';
import type { ProbeRule } from '../../src/probes/types.js';
import { gradeHost, gradeHosts, withGrades } from '../../src/score/document.js';
import { summarise } from '../../src/score/summary.js';
import { hostTable, plainPortLine } from '../../src/report/table.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/md.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderCsv } from '../../src/report/csv.js';
import { errorEntry, safeMessage } from '../../src/errors/record.js';
import { GatehouseError } from '../../src/errors/index.js';
import { enumerate } from '../../src/tls/enumerate.js';

let server: net.Server;
let port = 0;
let closedPort = 0;
beforeAll(async () => {
  server = net.createServer((c) => { c.on('error', () => c.destroy()); c.end('+OK gatehouse test peer\r\n'); });
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  const probe = net.createServer();
  closedPort = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)));
  await new Promise((r) => probe.close(r));
});
afterAll(async () => { await new Promise((r) => server.close(r)); });

const base = { title: 'test', severity: 'high' as const, services: ['testproto'], proves: 'p', probe: 'p', remediation: 'r', references: [] };
/** A check whose own code fails (a bug) after talking to the peer. */
const throwingCheck: Check = {
  ...base, id: 'test-throws',
  run: (ctx) => withConn(ctx, async (conn) => { await conn.read({ timeoutMs: 1000, until: (d) => d.includes(0x0a) }); throw new TypeError('check bug\x01\nsecond line'); }),
};
/** A check that cannot connect: the network's doing, a plain not-run. */
const refusedCheck: Check = {
  ...base, id: 'test-refused',
  run: (ctx) => withConn({ ...ctx, port: { ...ctx.port, port: closedPort } }, async () => notRun('unreachable')),
};
const findingCheck: Check = {
  ...base, id: 'test-finding',
  run: () => Promise.resolve({ status: 'vulnerable', evidence: 'the peer said +OK', exchanges: [] }),
};

/** The test-only stage list: name the service, run the three checks, then a stage that fails itself. */
const stages: PortStage[] = [
  { name: 'test-identify', applies: () => true, run: (p) => { p.service = { name: 'testproto', method: 'probed', confidence: 1 }; return Promise.resolve(); } },
  { name: 'checks', applies: () => true, async run(p, h, ctx) { await runChecks(p, h, { dialer: tcpDialer, signal: ctx.signal, checks: [throwingCheck, refusedCheck, findingCheck], readTimeoutMs: 1000 }); } },
  { name: 'test-broken-stage', applies: () => true, run: () => Promise.reject(new GatehouseError('GH_ERR_INTERNAL', 'stage bug')) },
];

function freshHost(): HostResult {
  const p: PortResult = { port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'unknown' } };
  return { address: '127.0.0.1', hostnames: [], state: 'up', reason: 'user-set', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } };
}

async function runPipeline(): Promise<HostResult> {
  const emitted: HostResult[] = [];
  const pipeline = new HostPipeline({ stages, concurrency: 4, portBudgetMs: 10_000, emit: (h) => emitted.push(h) });
  pipeline.push(freshHost());
  await pipeline.drain();
  expect(emitted).toHaveLength(1);
  return emitted[0] as HostResult;
}

describe('a throwing check or stage is recorded, never swallowed', () => {
  it('records the check error and the stage error on the port with code and escaped message', async () => {
    const h = await runPipeline();
    const notRunList = h.ports[0]?.checksNotRun ?? [];
    expect(notRunList).toContainEqual({ id: 'test-throws', reason: 'error', code: 'GH_ERR_INTERNAL', message: 'TypeError: check bug\\x01\\nsecond line' });
    expect(notRunList).toContainEqual({ id: 'test-broken-stage', reason: 'error', code: 'GH_ERR_INTERNAL', message: 'stage bug' });
    // connection refused is the network's answer: a plain reason, not an error
    const refused = notRunList.find((e) => e.id === 'test-refused');
    expect(refused?.reason).toMatch(/could not connect/);
    expect(refused?.code).toBeUndefined();
    // the rest of the port's work still counts
    expect(h.ports[0]?.findings?.map((f) => f.id)).toEqual(['test-finding']);
  });

  it('marks the host and organisation grade provisional, naming each error', async () => {
    const h = await runPipeline();
    const g = gradeHost(h);
    expect(g.provisional).toBe(true);
    expect(g.provisionalReasons).toEqual([
      `127.0.0.1:${port}/tcp test-throws: GH_ERR_INTERNAL TypeError: check bug\\x01\\nsecond line`,
      `127.0.0.1:${port}/tcp test-broken-stage: GH_ERR_INTERNAL stage bug`,
    ]);
    const doc = withGrades({ version: 1, scan: { started: '2026-12-01T00:00:00.000Z', finished: '2026-12-01T00:00:01.000Z', targets: ['127.0.0.1'], ports: String(port), errors: 2 }, hosts: [h] });
    expect(doc.grade?.provisional).toBe(true);
    expect(doc.hosts[0]?.grade?.provisional).toBe(true);
  });

  it('a grade without errors is not provisional (refused connections do not count)', () => {
    const h = freshHost();
    (h.ports[0] as PortResult).checksNotRun = [{ id: 'x', reason: 'could not connect: refused' }];
    expect(gradeHost(h).provisional).toBeUndefined();
    expect(gradeHost(h).provisionalReasons).toBeUndefined();
  });

  it('shows the errors in the table and the plain lines', async () => {
    const h = await runPipeline();
    const table = hostTable(h);
    expect(table).toMatch(/^ {2}ERROR {4}test-throws {2}GH_ERR_INTERNAL: TypeError: check bug\\x01\\nsecond line$/m);
    expect(table).toMatch(/^ {2}ERROR {4}test-broken-stage {2}GH_ERR_INTERNAL: stage bug$/m);
    const plain = plainPortLine(h, h.ports[0] as PortResult).split('\n').filter(Boolean);
    expect(plain[0]).toBe(`127.0.0.1\t${port}/tcp\topen\ttestproto\tsyn-ack`);
    expect(plain.slice(1)).toEqual([
      `127.0.0.1\t${port}/tcp\terror\ttest-throws\tGH_ERR_INTERNAL: TypeError: check bug\\x01\\nsecond line`,
      `127.0.0.1\t${port}/tcp\terror\ttest-broken-stage\tGH_ERR_INTERNAL: stage bug`,
    ]);
  });

  it('says provisional in the HTML, Markdown, SARIF and CSV reports', async () => {
    const h = await runPipeline();
    const s = summarise({ version: 1, scan: { started: '2026-12-01T00:00:00.000Z', finished: '2026-12-01T00:00:01.000Z', targets: ['127.0.0.1'], ports: String(port) }, hosts: [h] });
    expect(renderHtml(s)).toContain('<strong>Provisional grade:</strong>');
    expect(renderHtml(s)).toContain('test-broken-stage: GH_ERR_INTERNAL stage bug');
    expect(renderMarkdown(s)).toContain('> **Provisional grade:**');
    const sarif = JSON.parse(renderSarif(s, '0.1.0')) as { runs: Array<{ properties: { grade: { provisional?: boolean; provisionalReasons?: string[] } } }> };
    expect(sarif.runs[0]?.properties.grade.provisional).toBe(true);
    expect(sarif.runs[0]?.properties.grade.provisionalReasons).toHaveLength(2);
    expect(renderCsv(s).split('\r\n')[1]).toMatch(/^127\.0\.0\.1,,[A-F] \(provisional\),/);
  });

  it('a writer that throws fails drain() instead of becoming an unhandled rejection', async () => {
    const pipeline = new HostPipeline({ stages, concurrency: 4, portBudgetMs: 10_000, emit: () => { throw new Error('writer bug'); } });
    pipeline.push(freshHost());
    await expect(pipeline.drain()).rejects.toThrow('writer bug');
  });
});

describe('identification records a rule that throws', () => {
  it('a matcher that throws on the banner is listed as identify:<rule>, not taken for "unknown"', async () => {
    const broken: ProbeRule = { name: 'broken-matcher', service: 'broken', ports: [port], banner: true, match: () => { throw new RangeError('matcher bug'); } };
    const id = await identifyPort('127.0.0.1', port, { rules: [broken], bannerWaitMs: 1000, readTimeoutMs: 500 });
    expect(id.service.name).toBe('unknown');
    expect(id.errors).toContainEqual({ id: 'identify:broken-matcher', reason: 'error', code: 'GH_ERR_INTERNAL', message: 'RangeError: matcher bug' });
  });
});

describe('error records', () => {
  it('keep a Node code, escape control characters and stay within 300 characters', () => {
    const err = Object.assign(new RangeError('out of range'), { code: 'ERR_OUT_OF_RANGE' });
    expect(errorEntry('x', err)).toEqual({ id: 'x', reason: 'error', code: 'ERR_OUT_OF_RANGE', message: 'RangeError: out of range' });
    const long = safeMessage(`a\x1b[31m${'z'.repeat(400)}`);
    expect(long.length).toBeLessThanOrEqual(300);
    expect(long.startsWith('a\\x1b[31m')).toBe(true);
  });
});

describe('TLS enumeration does not read a bug as "version not supported"', () => {
  it('an opener failing with an error of ours rejects; a refused connection is a failed handshake', async () => {
    await expect(enumerate(() => Promise.reject(new TypeError('opener bug')), { timeoutMs: 200 })).rejects.toThrow('opener bug');
    const refused = await enumerate(() => Promise.reject(new GatehouseError('GH_ERR_CONNECT', 'connect failed: ECONNREFUSED')), { timeoutMs: 200 });
    expect(refused.versions.length).toBeGreaterThan(0);
    expect(refused.versions.every((v) => !v.supported && v.detail.includes('ECONNREFUSED'))).toBe(true);
    expect(refused.sslv2.supported).toBe(false);
  });
});

describe('a failed UDP scan is never "no UDP ports"', () => {
  it('each asked UDP port is kept, state unknown, with the error recorded (udp-scan)', async () => {
    const echo = dgram.createSocket('udp4');
    const udpPort = await new Promise<number>((resolve) => echo.bind(0, '127.0.0.1', () => resolve(echo.address().port)));
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    try {
      // the enrich options are this test's own object: reading keepClosed fails like a bug in the UDP pipeline would
      const enrich = { interrogate: true, checks: true, ctx: { dnsRecursionName: 'probe.gh-far.test' }, exchange: DEFAULT_EXCHANGE, get keepClosed(): boolean { throw new TypeError('udp pipeline bug'); } };
      const scanner = new UdpHostScanner({ ports: [udpPort], concurrency: 4, perHostInFlight: 4, ratePps: 0, retries: 0, timeouts: { initialMs: 200, minMs: 100, maxMs: 300 }, quietTries: 1 }, enrich);
      const host = freshHost();
      const added = await new Promise<PortResult[]>((resolve) => scanner.add(host, resolve));
      await scanner.drain();
      expect(added).toEqual([{ port: udpPort, protocol: 'udp', state: 'unknown', reason: 'error', service: expect.objectContaining({ name: expect.any(String) }), checksNotRun: [{ id: 'udp-scan', reason: 'error', code: 'GH_ERR_INTERNAL', message: 'TypeError: udp pipeline bug' }] }]);
      expect(host.ports.map((p) => `${p.port}/${p.protocol}`)).toContain(`${udpPort}/udp`);
      expect(gradeHost(host).provisional).toBe(true);
    } finally {
      echo.close();
    }
  });
});

describe('asset groups', () => {
  it('only the group holding the errored port is provisional', async () => {
    const h = await runPipeline();
    const clean: HostResult = { ...freshHost(), address: '127.0.0.2' };
    const g = gradeHosts([h, clean], { groups: [{ name: 'a', match: (addr) => addr === '127.0.0.1' }, { name: 'b', match: (addr) => addr === '127.0.0.2' }] });
    expect(g.groups?.map((x) => [x.name, x.provisional === true])).toEqual([['a', true], ['b', false]]);
  });
});
