/** Issue 16 item 2: target/exclude lists of 125,000+ entries, /dev/zero, garbage and oversized list files. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from './run.js';

let dir: string;
let server: Server;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-lists-'));
  server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.40.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

function repeatFile(name: string, line: string, n: number): string {
  const path = join(dir, name);
  writeFileSync(path, `${line}\n`.repeat(n));
  return path;
}

function distinctFile(name: string, n: number): string {
  const path = join(dir, name);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) { lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`); }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A scan that found exactly our listener on 127.0.40.1. */
function expectOneOpenHost(r: CliRun): void {
  expect(r.code, r.stderr.slice(0, 500)).toBe(0);
  const doc = JSON.parse(r.stdout) as { hosts: { address: string; ports: { port: number; state: string }[] }[] };
  expect(doc.hosts.map((h) => h.address)).toEqual(['127.0.40.1']);
  expect(doc.hosts[0]?.ports.find((p) => p.port === port)?.state).toBe('open');
}

function expectOneLineError(r: CliRun, ...mentions: (string | RegExp)[]): void {
  expect(r.code, r.stderr.slice(0, 500)).toBe(2);
  expect(r.stderr.trimEnd().split('\n'), r.stderr.slice(0, 500)).toHaveLength(1);
  expect(r.stderr.length).toBeLessThan(800);
  for (const m of mentions) { expect(r.stderr).toMatch(m); }
  expect(r.stdout).toBe('');
}

const scanArgs = (): string[] => ['-p', String(port), '--no-store', '--no-service-detection', '--json', '-q', '--threads', '1'];

describe('big target and exclude lists', () => {
  it('-iL with 125,000 entries', async () => {
    expectOneOpenHost(await runCli(['scan', '-iL', repeatFile('t125k.txt', '127.0.40.1', 125_000), ...scanArgs()]));
  });

  it('-iL with 300,000 entries on one line', async () => {
    const path = join(dir, 'oneline.txt');
    writeFileSync(path, `${'127.0.40.1 '.repeat(300_000)}\n`);
    expectOneOpenHost(await runCli(['scan', '-iL', path, ...scanArgs()]));
  });

  it('--exclude-file with 300,000 entries', async () => {
    expectOneOpenHost(await runCli(['scan', '127.0.40.1', '--exclude-file', distinctFile('x300k.txt', 300_000), ...scanArgs()]));
  });

  it('history shows a stored 125,000-entry scan on one short line', async () => {
    const db = join(dir, 'h.db');
    const args = ['scan', '-iL', repeatFile('h125k.txt', '127.0.40.1', 125_000), '-p', String(port), '--no-service-detection', '-q', '--threads', '1'];
    expect((await runCli([...args, '--db', db])).code).toBe(0);
    const r = await runCli(['history', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/127\.0\.40\.1 .*… \(125000 entries\)/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(300);
  });

  it('-iL /dev/zero: one line naming the file, at once', async () => {
    const t0 = Date.now();
    expectOneLineError(await runCli(['scan', '-iL', '/dev/zero', '--no-store']), '/dev/zero', /limit/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a 50 MB garbage file: a syntax error naming the file and line', async () => {
    const path = join(dir, 'garbage.bin');
    writeFileSync(path, randomBytes(50 * 1024 * 1024));
    expectOneLineError(await runCli(['scan', '-iL', path, '--no-store']), 'garbage.bin', /line \d+/);
  });

  it('a list file over the size limit: one line naming the file and the limit', async () => {
    const path = repeatFile('huge.txt', '127.0.40.1', 1_650_000); // 18.2 MB
    expectOneLineError(await runCli(['scan', '127.0.40.1', '--exclude-file', path, '--no-store']), 'huge.txt', /16 MiB/);
  });
});
