/**
 * @module test/lab/dashboard-lab — the world the dashboard end-to-end test drives: a namespace host (webe2e-<pid>,
 * 10.83.0.1, reached from the root namespace over a veth pair at 10.83.0.2) running real daemons (python3's
 * http.server on 8080 first; `openRedis()` adds an unauthenticated redis-server on 6379), a webhook receiver on
 * loopback, and a real `gatehouse serve` (the built CLI) on an ephemeral loopback port over a temp SQLite file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netns } from './netns.js';
import { exitOf, startServe } from '../server/serve-process.js';

export const LAB_ADDR = '10.83.0.1';
const ROOT_ADDR = '10.83.0.2';
const VETH_ROOT = 'webe2e0';
const VETH_LAB = 'webe2e1';

export interface Hook { readonly headers: Record<string, string | string[] | undefined>; readonly body: string }

export interface DashboardLab {
  readonly ns: Netns;
  readonly url: string;
  readonly adminPassword: string;
  readonly hookUrl: string;
  readonly hooks: Hook[];
  /** Starts the unauthenticated redis-server on 6379 (the change between the two scans). */
  openRedis(): Promise<void>;
  close(): Promise<void>;
}

async function waitListening(ns: Netns, port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ns.run('ss', ['-Htln', `sport = :${port}`]).trim() !== '') { return; }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${LAB_ADDR}:${port} in ${ns.name}`);
}

function startIn(ns: Netns, dir: string, cmd: string, args: string[]): void {
  const p = spawn('ip', ['netns', 'exec', ns.name, cmd, ...args], { stdio: 'ignore', cwd: dir });
  p.on('error', (err) => { console.error(`${cmd} in ${ns.name}: ${err.message}`); });
}

export async function startDashboardLab(): Promise<DashboardLab> {
  const dir = mkdtempSync(join(tmpdir(), 'webe2e-'));
  const www = join(dir, 'www');
  mkdirSync(www);
  const ns = Netns.create('webe2e');
  const cleanups: Array<() => Promise<void> | void> = [() => ns.destroy(), () => rmSync(dir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const c of cleanups.reverse()) {
      try { await c(); } catch (err) { console.error(`dashboard lab cleanup: ${(err as Error).message}`); }
    }
  };
  try {
    // the veth's lab end moves into the namespace; deleting the namespace deletes the pair
    execFileSync('ip', ['link', 'add', VETH_ROOT, 'type', 'veth', 'peer', 'name', VETH_LAB, 'netns', ns.name]);
    execFileSync('ip', ['addr', 'add', `${ROOT_ADDR}/24`, 'dev', VETH_ROOT]);
    execFileSync('ip', ['link', 'set', VETH_ROOT, 'up']);
    ns.run('ip', ['addr', 'add', `${LAB_ADDR}/24`, 'dev', VETH_LAB]);
    ns.run('ip', ['link', 'set', VETH_LAB, 'up']);
    startIn(ns, www, 'python3', ['-m', 'http.server', '8080', '--bind', LAB_ADDR]);
    await waitListening(ns, 8080);

    const hooks: Hook[] = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString() }); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => receiver.close(() => r())));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gatehouse-hook`;

    const srv = await startServe(join(dir, 'gatehouse.db'));
    cleanups.push(async () => { srv.proc.kill('SIGTERM'); await exitOf(srv.proc); });
    const pw = /one-time password\s+(\S+)/.exec(srv.stdout());
    if (pw?.[1] === undefined) { throw new Error(`no one-time admin password in: ${srv.stdout()}`); }

    return {
      ns, url: srv.url, adminPassword: pw[1], hookUrl, hooks, close,
      async openRedis() {
        startIn(ns, dir, 'redis-server', ['--port', '6379', '--bind', LAB_ADDR, '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir]);
        await waitListening(ns, 6379);
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
