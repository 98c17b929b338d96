/** Issue 16 item 6: a stdout closed early (`| head -1`) ends the command quietly, exit 0, in every output mode. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from './run.js';

interface Closed { code: number | null; signal: NodeJS.Signals | null; stderr: string; got: number }

/** Runs the CLI and closes the read end of its stdout after the first chunk, as `| head -c N` would. */
function runClosingStdout(args: string[]): Promise<Closed> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    p.stdout.once('data', (d: Buffer) => { got = d.length; p.stdout.destroy(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const killer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code, signal) => { clearTimeout(killer); resolve({ code, signal, stderr, got }); });
  });
}

function expectQuietEnd(r: Closed): void {
  expect(r.got).toBeGreaterThan(0);
  expect(r.signal).toBeNull();
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled|internal error|\n\s+at /);
  expect(r.code, r.stderr).toBe(0);
}

const scan = ['scan', '127.0.40.0/25', '-p', '1-200', '--no-store', '--no-service-detection', '--all-states', '--threads', '1'];
let dir: string;
let doc: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-pipe-'));
  const r = await runCli([...scan, '--json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.length).toBeGreaterThan(1 << 20);
  doc = join(dir, 'scan.json');
  writeFileSync(doc, r.stdout);
}, 120_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('a closed stdout', () => {
  it('plain lines', async () => { expectQuietEnd(await runClosingStdout(scan)); });
  it('--ndjson', async () => { expectQuietEnd(await runClosingStdout([...scan, '--ndjson'])); });
  it('--json', async () => { expectQuietEnd(await runClosingStdout([...scan, '--json'])); });
  it('report -f json', async () => { expectQuietEnd(await runClosingStdout(['report', doc, '-f', 'json'])); });
});
