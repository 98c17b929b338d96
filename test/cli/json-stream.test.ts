/**
 * Issue 16 item 3: `scan --json` writes each host as it is found instead of holding every host for one document at
 * the end (memory grew with every responsive host). The document is still one valid contract-v1 JSON value.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, runCli } from './run.js';

describe('scan --json streams its hosts array', () => {
  it('prints the first host while the scan is still running', async () => {
    // 256 hosts at 40 probes per second: about 6 s in all; the first hosts are done within the first second.
    const p = spawn(process.execPath, [CLI, 'scan', '127.0.61.0/24', '-Pn', '-p', '9', '--rate', '40', '--no-service-detection', '--no-store', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    let exited = false;
    p.on('exit', () => { exited = true; });
    const seen = await new Promise<boolean>((resolve) => {
      p.stdout.on('data', (d: Buffer) => { out += d.toString(); if (/"address":"127\.0\.61\.\d+"/.test(out)) { resolve(true); } });
      p.on('close', () => resolve(false));
    });
    const stillRunning = !exited;
    p.kill('SIGKILL');
    expect(seen).toBe(true);
    expect(stillRunning).toBe(true);
    expect(out.startsWith('{"version":1,"hosts":[')).toBe(true);
  }, 30_000);

  it('is one valid document with scan meta and grade at the end', async () => {
    const r = await runCli(['scan', '127.0.61.0/29', '-Pn', '-p', '9', '--no-service-detection', '--no-store', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { version: number; scan: { finished: string | null }; hosts: Array<{ address: string; grade?: unknown }>; grade: { hosts: number; letter: string } };
    expect(doc.version).toBe(1);
    expect(doc.scan.finished).not.toBeNull();
    expect(doc.hosts).toHaveLength(8);
    expect(doc.grade).toMatchObject({ hosts: 8, letter: 'A' });
    for (const h of doc.hosts) { expect(h.grade).toBeDefined(); }
  }, 30_000);
});
