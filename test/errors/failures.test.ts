/**
 * @module test/errors/failures — failures outside the port stages fail cleanly: a scan thread that dies stops its
 * siblings and fails the scan (GH_ERR_WORKER); a second Ctrl-C exits at once (a child process, two SIGINTs); an
 * `-oX` file that cannot be written (/dev/full) fails the command with one line after the scan, history kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { ParallelScan } from '../../src/engine/parallel.js';
import type { TcpScanOptions } from '../../src/engine/tcp-scan.js';
import { runCli } from '../cli/run.js';

const OPTS: TcpScanOptions = {
  ports: [1, 2, 3, 4], concurrency: 8, ratePps: 0, retries: 0, timeouts: { initialMs: 100, minMs: 100, maxMs: 100 },
  discovery: false, discoveryPorts: [], allStates: false, hostGroupSize: 16, seed: 1,
};
const FAILING_WORKER = new URL('../fixtures/workers/fail.mjs', import.meta.url);
const INTERRUPT = new URL('../../dist/cli/interrupt.js', import.meta.url).pathname;

describe('a failing scan thread', () => {
  it('fails the scan with GH_ERR_WORKER and stops every sibling thread', async () => {
    const scan = new ParallelScan([], 100, { specs: [], exclude: [], names: [] }, OPTS, 3, { onHost: () => undefined }, FAILING_WORKER);
    await expect(scan.run()).rejects.toMatchObject({ code: 'GH_ERR_WORKER', message: expect.stringMatching(/^scan thread 1 of 3 failed: thread bug$/) });
    for (let i = 0; i < 100 && scan.runningThreads > 0; i++) { await new Promise((r) => setTimeout(r, 20)); }
    expect(scan.runningThreads).toBe(0);
  });
});

describe('Ctrl-C twice', () => {
  it('the first stops the work, the second exits at once with 130 and one line', async () => {
    // a command whose stop action does not end it (a stuck writer): only the second signal may end it
    const script = `const { Interrupt } = await import(${JSON.stringify(INTERRUPT)});
      const i = new Interrupt(); i.onStop(() => console.log('stopping')); setInterval(() => {}, 1000); console.log('ready');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = (text: string): Promise<void> => new Promise((resolve) => {
      const check = (d: Buffer): void => { out += d.toString(); if (out.includes(text)) { child.stdout.off('data', check); resolve(); } };
      child.stdout.on('data', check);
    });
    await waitFor('ready');
    child.kill('SIGINT');
    await waitFor('stopping');
    expect(child.exitCode).toBeNull(); // still running after the first
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err.trim().split('\n')).toEqual(['gatehouse: interrupted again: exiting now (results not yet written are lost)']);
  });
});

describe('-oX write failure', () => {
  let dir = '';
  let listener: net.Server;
  let port = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-ox-'));
    listener = net.createServer((c) => c.destroy());
    port = await new Promise<number>((resolve) => listener.listen(0, '127.0.0.1', () => resolve((listener.address() as net.AddressInfo).port)));
  });
  afterAll(async () => { await new Promise((r) => listener.close(r)); rmSync(dir, { recursive: true, force: true }); });

  it('a full disk (/dev/full) fails the command with one line, exit 1, the JSON output and the history kept', async () => {
    const r = await runCli(['scan', '127.0.0.1', '-p', String(port), '-Pn', '--no-service-detection', '--json', '-oX', '/dev/full'], { env: { GATEHOUSE_DB: join(dir, 'h.db') } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gatehouse: cannot write -oX file "\/dev\/full": ENOSPC .*kept in the history as scan 1/);
    const doc = JSON.parse(r.stdout) as { hosts: Array<{ ports: Array<{ port: number; state: string }> }> };
    expect(doc.hosts[0]?.ports).toMatchObject([{ port, state: 'open' }]);
    const list = await runCli(['history', '--json'], { env: { GATEHOUSE_DB: join(dir, 'h.db') } });
    expect(list.stdout).toMatch(/"id":\s*1/);
  });
});
