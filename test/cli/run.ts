/** Test helper: runs the built CLI (dist/) as a child process and captures its exit code and output. */
import { spawn } from 'node:child_process';

/** `GATEHOUSE_TEST_CLI` runs the tests against another build (e.g. the code before a fix, to see a regression test fail). */
export const CLI = process.env.GATEHOUSE_TEST_CLI ?? new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface CliRun { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; killAfterMs?: number; signal?: NodeJS.Signals } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    if (opts.killAfterMs !== undefined) { setTimeout(() => p.kill(opts.signal ?? 'SIGINT'), opts.killAfterMs); }
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
