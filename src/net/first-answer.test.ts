/** net/first-answer against real loopback servers on listen(0): each kind of first answer, the waits, the ceiling, abort. */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closedPort } from '../../test/support/loopback.js';
import { askFirstAnswers, askFirstAnswersSplit, type FirstAnswer, type FirstAnswerOptions } from './first-answer.js';

const servers: Server[] = [];
const held: Socket[] = [];
afterEach(() => {
  for (const s of held.splice(0)) { s.destroy(); }
  for (const s of servers.splice(0)) { s.close(); }
});

async function listen(onConn: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => { s.on('error', () => undefined).resume(); held.push(s); onConn(s); });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

const base: Omit<FirstAnswerOptions, 'waitOf'> = { payload: Buffer.from('GET / HTTP/1.0\r\n\r\n'), maxBytes: 8, connectTimeoutMs: 1000, concurrency: 64 };

async function ask(ports: number[], opts: Partial<FirstAnswerOptions> = {}): Promise<Map<number, FirstAnswer>> {
  const got = new Map<number, FirstAnswer>();
  await askFirstAnswers('127.0.0.1', ports, { ...base, waitOf: () => 200, ...opts }, (p, a) => { got.set(p, a); });
  return got;
}

describe('askFirstAnswers', () => {
  it('tells bytes, silence, EOF and refusal apart, keeping at most maxBytes of the answer', async () => {
    const echo = await listen((s) => { s.once('data', (d) => { s.write(`HTTP/1.0 200 ${d.length}\r\n`); }); });
    const silent = await listen(() => undefined);
    const closes = await listen((s) => { s.end(); });
    const refused = await closedPort();
    const got = await ask([echo, silent, closes, refused]);
    expect(got.size).toBe(4);
    const data = got.get(echo)!;
    expect(data.kind).toBe('data');
    expect(data.kind === 'data' && Buffer.from(data.data).toString()).toBe('HTTP/1.0'); // 8 bytes kept, the payload was sent
    expect(got.get(silent)).toEqual({ kind: 'silent' });
    expect(got.get(closes)).toEqual({ kind: 'closed' });
    expect(got.get(refused)).toEqual({ kind: 'connect-error', code: 'ECONNREFUSED' });
  });

  it('each port gets its own wait: a slow answer is seen only by the port given long enough', async () => {
    const slow = await listen((s) => { setTimeout(() => { s.write('late\r\n'); }, 300); });
    const t0 = Date.now();
    const short = await ask([slow], { waitOf: () => 100 });
    expect(short.get(slow)).toEqual({ kind: 'silent' });
    expect(Date.now() - t0).toBeLessThan(1000);
    const long = await ask([slow], { waitOf: () => 1500 });
    expect(long.get(slow)?.kind).toBe('data');
  });

  it('never holds more than `concurrency` sockets and answers every port once', async () => {
    // Connections the server accepted that the client has not answered yet: at most the ones it holds open.
    let accepted = 0;
    let answers = 0;
    let peak = 0;
    const port = await listen(() => { accepted++; peak = Math.max(peak, accepted - answers); });
    const ports = Array.from({ length: 300 }, () => port); // the same listener, asked 300 times
    await askFirstAnswers('127.0.0.1', ports, { ...base, concurrency: 20, waitOf: () => 20 }, (_p, a) => { answers++; expect(a.kind).toBe('silent'); });
    expect(answers).toBe(300);
    expect(peak).toBeLessThanOrEqual(20);
    expect(peak).toBeGreaterThan(1); // they did run side by side
  });

  it('an abort ends the run at once, with every socket closed', async () => {
    const port = await listen(() => undefined);
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => { ac.abort(); }, 50);
    const got = await ask(Array.from({ length: 50 }, () => port), { waitOf: () => 10_000, signal: ac.signal });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(got.size).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((s) => s.destroyed)).toBe(true);
  });

  it('no ports: resolves without connecting', async () => {
    expect((await ask([])).size).toBe(0);
  });
});

describe('askFirstAnswersSplit', () => {
  // The thread runs the compiled module (dist/, built by `npm run build` before the tests).
  const workerUrl = new URL('../../dist/net/first-answer-worker.js', import.meta.url);

  it('gives the same answers over two threads as over one, each port once', async () => {
    expect(existsSync(workerUrl), 'dist/net/first-answer-worker.js (npm run build)').toBe(true);
    const talks = await listen((s) => { s.once('data', () => { s.write('hello'); }); });
    const silent = await listen(() => undefined);
    const ports = [talks, silent];
    for (let p = 20_000; ports.length < 600; p++) { if (p !== talks && p !== silent) { ports.push(p); } }
    const run = async (threads: number): Promise<Map<number, string>> => {
      const got = new Map<number, string>();
      let twice = 0;
      await askFirstAnswersSplit('127.0.0.1', ports, { ...base, waitOf: () => 200 }, threads, (p, a) => {
        if (got.has(p)) { twice++; }
        got.set(p, a.kind === 'data' ? `data:${Buffer.from(a.data).toString()}` : a.kind === 'connect-error' ? `error:${a.code}` : a.kind);
      }, { workerUrl, minPorts: 100 });
      expect(twice).toBe(0);
      return got;
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.size).toBe(ports.length);
    expect(two.get(talks)).toBe('data:hello');
    expect(two.get(silent)).toBe('silent');
    // Loopback ports above 20,000 that nothing listens on refuse; one another process listens on answers alike both times.
    expect([...two].filter(([p]) => p !== talks && p !== silent).every(([p, a]) => a === one.get(p))).toBe(true);
  });

  it('stops every thread on abort and resolves', async () => {
    const silent = await listen(() => undefined);
    const ports = Array.from({ length: 300 }, () => silent);
    const stop = new AbortController();
    const t0 = Date.now();
    const done = askFirstAnswersSplit('127.0.0.1', ports, { ...base, waitOf: () => 60_000, concurrency: 400, signal: stop.signal }, 2, () => undefined, { workerUrl, minPorts: 100 });
    setTimeout(() => stop.abort(), 300);
    await done;
    expect(Date.now() - t0).toBeLessThan(30_000); // resolved by the abort, not by the 60 s waits
  });

  it('falls back to one thread where the thread script is not built', async () => {
    const ports = Array.from({ length: 200 }, (_, i) => 20_000 + i);
    const missing = new URL('../../dist/net/first-answer-missing.js', import.meta.url);
    let n = 0;
    await askFirstAnswersSplit('127.0.0.1', ports, { ...base, waitOf: () => 50 }, 2, () => { n++; }, { workerUrl: missing, minPorts: 100 });
    expect(n).toBe(ports.length);
  });

  it('rejects when a thread fails, and ends the others', async () => {
    const file = join(tmpdir(), `gh-first-answer-fail-${process.pid}.js`);
    writeFileSync(file, 'throw new Error("boom in the thread");\n');
    try {
      const silent = await listen(() => undefined);
      const ports = Array.from({ length: 200 }, () => silent);
      await expect(askFirstAnswersSplit('127.0.0.1', ports, { ...base, waitOf: () => 500 }, 2, () => undefined, { workerUrl: pathToFileURL(file), minPorts: 100 })).rejects.toThrow(/boom in the thread/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
