/** Test helper: a throw-away network namespace for one test file (root only). Everything it scans lives inside. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { netnsMissing } from './require.js';

/** Root and `ip` on PATH (what Netns runs); the reason when not: `netnsMissing()` (test/lab/require.ts). */
export const canUseNetns = netnsMissing() === '';

export class Netns {
  private readonly children: ChildProcess[] = [];
  constructor(readonly name: string) {}

  static create(prefix: string): Netns {
    const ns = new Netns(`${prefix}-${process.pid}`);
    execFileSync('ip', ['netns', 'add', ns.name]);
    ns.run('ip', ['link', 'set', 'lo', 'up']);
    return ns;
  }

  run(cmd: string, args: string[], opts: { input?: string } = {}): string {
    return execFileSync('ip', ['netns', 'exec', this.name, cmd, ...args], { encoding: 'utf8', input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** Runs a command inside; resolves with its exit code, stdout and stderr (never rejects). */
  exec(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const p = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** Starts a long-running process inside; resolves once it prints `ready`. */
  background(cmd: string, args: string[]): Promise<ChildProcess> {
    const p = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.children.push(p);
    return new Promise((resolve, reject) => {
      p.stdout?.on('data', (d: Buffer) => { if (d.toString().includes('ready')) { resolve(p); } });
      p.once('exit', (code) => reject(new Error(`${cmd} exited with ${code} before it was ready`)));
    });
  }

  destroy(): void {
    for (const c of this.children) { c.kill('SIGTERM'); }
    try {
      const pids = execFileSync('ip', ['netns', 'pids', this.name], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
      for (const pid of pids) { process.kill(Number(pid), 'SIGKILL'); }
    } finally {
      execFileSync('ip', ['netns', 'del', this.name]);
    }
  }
}
