/** @module test/server/serve-process — `gatehouse serve` (the built CLI) as a child process on an ephemeral loopback port. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from '../cli/run.js';

/** Starts `gatehouse serve` on an ephemeral loopback port; resolves once it printed its URL. */
export function startServe(db: string, extraEnv: NodeJS.ProcessEnv = {}, extraArgs: readonly string[] = []): Promise<{ proc: ChildProcessWithoutNullStreams; url: string; stdout: () => string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '--db', db, '--log-level', 'warn', ...extraArgs], { env: { ...process.env, ...extraEnv } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 20_000);
    proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+?) /.exec(out);
      if (m?.[1]) { clearTimeout(timer); resolve({ proc, url: m[1], stdout: () => out, stderr: () => err }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${err}`)); });
  });
}

export function exitOf(proc: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve({ code: proc.exitCode, signal: proc.signalCode }); return; }
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

