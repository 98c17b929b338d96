import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run.js';
import { exitOf, startServe } from './serve-process.js';
import { parseListen } from '../../src/cli/serve.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) { rmSync(d, { recursive: true, force: true }); } });

describe('gatehouse serve', () => {
  it('parses --listen', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListen(':0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(() => parseListen('8080')).toThrow(expect.objectContaining({ code: 'GH_ERR_OPTION' }));
    expect(() => parseListen('h:70000')).toThrow(expect.objectContaining({ code: 'GH_ERR_OPTION' }));
  });

  it('prints a one-time admin password on first start only, serves the API, and closes cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-serve-'));
    dirs.push(dir);
    const db = join(dir, 'g.db');
    const first = await startServe(db);
    const pw = /one-time password\n\n {4}(\S+)\n/.exec(first.stdout())?.[1];
    expect(pw).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const login = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: pw }) });
    expect(login.status).toBe(200);
    const doc = await (await fetch(`${first.url}/api/v1/openapi.json`)).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
    first.proc.kill('SIGTERM');
    expect(await exitOf(first.proc)).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('gatehouse serve: stopped');

    const second = await startServe(db);
    expect(second.stdout()).not.toContain('one-time password');
    second.proc.kill('SIGTERM');
    expect((await exitOf(second.proc)).code).toBe(0);

    const added = await runCli(['user', 'add', 'ana', '--role', 'viewer', '--org', '1', '--db', db]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/created user "ana" \(id \d+, viewer\)/);
    const dup = await runCli(['user', 'add', 'ana', '--db', db]);
    expect(dup.code).toBe(2);
    expect(dup.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a bad --listen with one line and exit 2', async () => {
    const r = await runCli(['serve', '--listen', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gatehouse: --listen wants HOST:PORT/);
  });

  it('refuses a bad --discovery-deadline with one line and exit 2', async () => {
    for (const bad of ['0', '1.5', 'soon', '601']) {
      const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--discovery-deadline', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(r.stderr).toMatch(/^gatehouse: --discovery-deadline wants whole seconds between 1 and 600/);
    }
  });
});
