/** Issue 16 item 1: every command that sends packets goes through the one scope guard; `tls` honours the config's scope, --scope and --config. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

let dir: string;
let outside: Server;
let inside: Server;
let outsidePort: number;
let insidePort: number;
let outsideConnections = 0;
let insideConnections = 0;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-scope-'));
  writeFileSync(join(dir, 'config.json'), '{"scope":["127.0.40.0/24"]}');
  outside = createServer((s) => { outsideConnections++; s.destroy(); });
  // the analyser resets a connection when it hears no TLS
  const count = (s: Socket): void => { s.on('error', () => s.destroy()); };
  inside = createServer((s) => { count(s); insideConnections++; s.end('not TLS\r\n'); });
  outsidePort = await listen(outside, '127.0.41.20');
  insidePort = await listen(inside, '127.0.40.20');
});
afterAll(() => { outside.close(); inside.close(); rmSync(dir, { recursive: true, force: true }); });

function expectRefused(r: { code: number | null; stderr: string; stdout: string }): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toContain('127.0.41.20');
  expect(r.stderr).toMatch(/outside the scope/);
  expect(r.stdout).toBe('');
}

describe('tls: the scope guard', () => {
  it('refuses a target outside $GATEHOUSE_CONFIG scope: exit 2, names it, sends no packet', async () => {
    const r = await runCli(['tls', `127.0.41.20:${outsidePort}`, '--timeout', '500'], { env: { GATEHOUSE_CONFIG: join(dir, 'config.json') } });
    expectRefused(r);
    expect(outsideConnections).toBe(0);
  });

  it('refuses with --config FILE and with --scope CIDRS', async () => {
    expectRefused(await runCli(['tls', `127.0.41.20:${outsidePort}`, '--config', join(dir, 'config.json')]));
    expectRefused(await runCli(['tls', `127.0.41.20:${outsidePort}`, '--scope', '127.0.40.0/24,127.0.42.1']));
    expect(outsideConnections).toBe(0);
  });

  it('refuses a hostname resolving outside the scope', async () => {
    const r = await runCli(['tls', `localhost:${outsidePort}`, '--scope', '127.0.40.0/24']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/localhost.*outside the scope/);
  });

  it('lets an in-scope target through (the guard is not a blanket refusal)', async () => {
    const r = await runCli(['tls', `127.0.40.20:${insidePort}`, '--timeout', '500', '--no-http'], { env: { GATEHOUSE_CONFIG: join(dir, 'config.json') } });
    expect(r.stderr).not.toMatch(/outside the scope/);
    expect(insideConnections).toBeGreaterThan(0);
  });

  it('scan refuses the same target through the same guard', async () => {
    const r = await runCli(['scan', '127.0.41.20', '-p', String(outsidePort), '--no-store'], { env: { GATEHOUSE_CONFIG: join(dir, 'config.json') } });
    expectRefused(r);
    expect(outsideConnections).toBe(0);
  });
});
