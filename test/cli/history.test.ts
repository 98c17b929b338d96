import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let server: Server;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-hist-'));
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => { server.close(); rmSync(dir, { recursive: true, force: true }); });

describe('scan history', () => {
  it('stores each scan by default and shows it back as the same document', async () => {
    const db = join(dir, 'h.db');
    const scan = await run(['scan', '127.0.0.1', '-p', String(port), '--no-service-detection', '--json'], { GATEHOUSE_DB: db });
    expect(scan.code).toBe(0);
    const list = await run(['history', '--json'], { GATEHOUSE_DB: db });
    const scans = JSON.parse(list.stdout) as Array<{ id: number; hostsUp: number; finished: string | null }>;
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ hostsUp: 1 });
    const shown = await run(['show', String(scans[0]?.id), '--db', db]);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(scan.stdout));
  });
  it('--no-store leaves the database untouched', async () => {
    const db = join(dir, 'none.db');
    await run(['scan', '127.0.0.1', '-p', String(port), '--no-service-detection', '--no-store', '-q'], { GATEHOUSE_DB: db });
    const list = await run(['history', '--json', '--db', db]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
  it('refuses an unusable --db before scanning: one line, exit 2', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    const r = await run(['scan', '127.0.0.1', '-p', String(port), '--db', join(file, 'x.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/scan history database/);
  });
  it('show: unknown id is a usage error', async () => {
    const r = await run(['show', '424242', '--db', join(dir, 'h.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no stored scan with id 424242/);
  });
});
