/**
 * Scale-out lab (issue 13): namespace scale-lab-<pid> holds the lab hosts (198.19.77.1-4 with real daemons: redis-server
 * without auth, python3 http.server; 198.19.78.0/24 all local, closed ports answering RST) behind a bridge; each worker
 * runs `gatehouse worker` in its own namespace (scale-wN-<pid>) with a veth into the bridge, like a separate machine,
 * and reaches the test's own redis-server (AOF on, `appendfsync always`) and the test's PostgreSQL database through the
 * root namespace's end of the bridge (198.18.77.1; PostgreSQL through a TCP relay to 127.0.0.1). The producer
 * (`gatehouse scan --queue`) runs in the root namespace and sends no probe.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Netns } from './netns.js';
import { builtMissing, firstMissing, labSkip, missingCommands, netnsMissing } from './require.js';
import { createTestDatabase, pgUnavailable, type TestDatabase } from '../support/pg.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const missing = firstMissing(netnsMissing, () => builtMissing(CLI), () => missingCommands(['redis-server', 'python3']).map((c) => `${c} on PATH`).join(', '));
const skip = labSkip(missing) || labSkip(await pgUnavailable());
const ROOT_IP = '198.18.77.1';
const PORTS = '22,80,443,3306,5432,6379,8080,8443';

interface Doc { hosts: Array<{ address: string; state: string; ports: Array<{ port: number; state: string; service: { name: string }; findings?: Array<{ id: string }> }> }>; grade: { letter: string; score: number }; scan: { errors?: number; failedShards?: unknown[] } }

function summary(doc: Doc) {
  const up = doc.hosts.filter((h) => h.state === 'up');
  return {
    open: up.flatMap((h) => h.ports.filter((p) => p.state === 'open').map((p) => `${h.address}:${p.port}`)).sort(),
    services: up.flatMap((h) => h.ports.map((p) => `${h.address}:${p.port}=${p.service.name}`)).sort(),
    findings: up.flatMap((h) => h.ports.flatMap((p) => (p.findings ?? []).map((f) => `${h.address}:${p.port}:${f.id}`))).sort(),
    grade: `${doc.grade.letter} ${doc.grade.score.toFixed(1)}`,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0)); }); });
}

async function waitPort(host: string, port: number, ms = 10_000, ns?: Netns): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = ns === undefined
      ? await new Promise<boolean>((r) => { const c = connect(port, host); c.once('connect', () => { c.destroy(); r(true); }); c.once('error', () => r(false)); })
      : (await ns.exec('python3', ['-c', `import socket; socket.create_connection(("${host}", ${port}), 1)`])).code === 0;
    if (ok) { return; }
    if (Date.now() > until) { throw new Error(`${host}:${port} not listening`); }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip)('distributed scan: BullMQ workers in their own namespaces, PostgreSQL results', () => {
  const tag = String(process.pid % 100000);
  let lab: Netns;
  const workerNs: Netns[] = [];
  const workers: Array<{ p: ChildProcess; log: string[] }> = [];
  let db: TestDatabase;
  let dir: string;
  let redis: ChildProcess;
  let redisPort: number;
  let relay: Server;
  let relayPort: number;
  let admin: pg.Client;

  const startRedis = async (): Promise<void> => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', `127.0.0.1 ${ROOT_IP}`, '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' });
    await waitPort('127.0.0.1', redisPort);
  };
  const startWorker = (i: number): void => {
    const ns = workerNs[i] as Netns;
    const url = new URL(db.url); url.host = `${ROOT_IP}:${relayPort}`;
    const p = spawn('ip', ['netns', 'exec', ns.name, process.execPath, CLI, 'worker', '--queue', `redis://${ROOT_IP}:${redisPort}`, '--db', url.toString(), '--lock-ms', '3000'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    p.stderr?.on('data', (d: Buffer) => { log.push(d.toString()); });
    workers[i] = { p, log };
  };
  const producer = (args: string[]): Promise<{ code: number; doc: Doc; stderr: string }> => new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, 'scan', ...args, '--queue', `redis://127.0.0.1:${redisPort}`, '--db', db.url, '--json', '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('close', (code) => resolve({ code: code ?? -1, doc: JSON.parse(out || '{}') as Doc, stderr: err }));
  });
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await admin.query<{ n: string }>(sql, params)).rows[0]?.n ?? -1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scale-'));
    db = await createTestDatabase('scale');
    admin = new pg.Client(db.url); await admin.connect();
    lab = Netns.create('scale-lab');
    lab.run('ip', ['link', 'add', 'scale-br', 'type', 'bridge']);
    lab.run('ip', ['addr', 'add', '198.18.77.254/24', 'dev', 'scale-br']);
    lab.run('ip', ['link', 'set', 'scale-br', 'up']);
    for (let h = 1; h <= 4; h++) { lab.run('ip', ['addr', 'add', `198.19.77.${h}/32`, 'dev', 'lo']); }
    lab.run('ip', ['addr', 'add', '198.19.78.0/24', 'dev', 'lo']); // every address of the /24 is a (closed) host
    execFileSync('ip', ['link', 'add', `scale-r${tag}`, 'type', 'veth', 'peer', 'name', 'scale-r1', 'netns', lab.name]);
    execFileSync('ip', ['addr', 'add', `${ROOT_IP}/24`, 'dev', `scale-r${tag}`]);
    execFileSync('ip', ['link', 'set', `scale-r${tag}`, 'up']);
    lab.run('ip', ['link', 'set', 'scale-r1', 'master', 'scale-br']);
    lab.run('ip', ['link', 'set', 'scale-r1', 'up']);
    for (let i = 0; i < 3; i++) {
      const ns = Netns.create(`scale-w${i}`);
      lab.run('ip', ['link', 'add', `scale-w${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.name]);
      lab.run('ip', ['link', 'set', `scale-w${i}`, 'master', 'scale-br']);
      lab.run('ip', ['link', 'set', `scale-w${i}`, 'up']);
      ns.run('ip', ['addr', 'add', `198.18.77.${11 + i}/24`, 'dev', 'eth0']);
      ns.run('ip', ['link', 'set', 'eth0', 'up']);
      ns.run('ip', ['route', 'add', '198.19.0.0/16', 'via', '198.18.77.254']);
      workerNs.push(ns);
    }
    // Real daemons on the lab hosts.
    void lab.background('redis-server', ['--port', '6379', '--bind', '198.19.77.2', '--save', '', '--protected-mode', 'no', '--daemonize', 'no', '--logfile', '/dev/null']).catch(() => undefined);
    void lab.background('python3', ['-m', 'http.server', '8080', '--bind', '198.19.77.1']).catch(() => undefined);
    void lab.background('python3', ['-m', 'http.server', '80', '--bind', '198.19.77.3']).catch(() => undefined);
    await waitPort('198.19.77.2', 6379, 10_000, workerNs[0]);
    await waitPort('198.19.77.1', 8080, 10_000, workerNs[0]);
    await waitPort('198.19.77.3', 80, 10_000, workerNs[0]);
    redisPort = await freePort();
    await startRedis();
    relay = createServer((c) => { const u = connect(5432, '127.0.0.1'); c.pipe(u).pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); });
    await new Promise<void>((r) => relay.listen(0, ROOT_IP, r));
    relayPort = (relay.address() as { port: number }).port;
    startWorker(0); startWorker(1);
  });

  afterAll(async () => {
    for (const w of workers) { w.p.kill('SIGKILL'); }
    redis?.kill('SIGKILL');
    relay?.close();
    await admin?.end();
    for (const ns of workerNs) { ns.destroy(); }
    lab?.destroy();
    try { execFileSync('ip', ['link', 'del', `scale-r${tag}`], { stdio: 'ignore' }); } catch { /* gone with the namespace's peer */ }
    await db?.drop();
    if (dir) { rmSync(dir, { recursive: true, force: true }); }
  });

  it('gives the single-process result: open set, services, findings, grade; no duplicate rows', async () => {
    // 198.19.77.5 is no lab host: down (no answer), in both results, but no shard_hosts row (workers write up hosts only).
    const single = await (workerNs[2] as Netns).exec(process.execPath, [CLI, 'scan', '198.19.77.1-5', '-p', PORTS, '--json', '--no-store', '--no-progress', '--seed', '7']);
    expect(single.code, single.stderr).toBe(0);
    const dist = await producer(['198.19.77.1-5', '-p', PORTS, '--seed', '7', '--shard-probes', '8']);
    expect(dist.code, dist.stderr).toBe(0);
    const singleDoc = JSON.parse(single.stdout) as Doc;
    const want = summary(singleDoc);
    expect(want.open).toEqual(['198.19.77.1:8080', '198.19.77.2:6379', '198.19.77.3:80']);
    expect(summary(dist.doc)).toEqual(want);
    const states = (d: Doc): string[] => d.hosts.map((h) => `${h.address}=${h.state}`).sort();
    expect(states(dist.doc)).toEqual(states(singleDoc));
    expect(states(dist.doc)).toContain('198.19.77.5=down');
    expect(await count('select count(*) n from scan_shards where status = \'done\'')).toBe(5);
    expect(await count('select count(*) n from shard_hosts')).toBe(4);
    expect(await count('select sum(down_hosts) n from scan_shards')).toBe(1);
    expect(await count('select count(*) - count(distinct (scan_id, address)) n from hosts')).toBe(0);
    expect(await count('select count(*) - count(distinct (scan_id, address, port, protocol)) n from ports')).toBe(0);
  });

  it('--rate caps the probes of all workers together (shared Redis bucket), measured', async () => {
    const rate = 2000;
    const t0 = Date.now();
    const r = await producer(['198.19.78.0/25', '-p', '1-50', '--no-service-detection', '--rate', String(rate), '--shard-probes', '800', '-q']);
    const wall = (Date.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const probes = 128 * 50;
    const scanId = await count('select max(id) n from scans');
    const span = (await admin.query<{ s: number; workers: string }>(`select extract(epoch from (max(finished_at::timestamptz) - min(started_at::timestamptz))) s, count(distinct worker) workers from scan_shards where scan_id = $1`, [scanId])).rows[0];
    const seconds = Number(span?.s);
    // Both workers took shards; together they never exceeded the rate (a 50 ms burst and lease slack allowed).
    expect(Number(span?.workers)).toBe(2);
    expect(probes / seconds).toBeLessThanOrEqual(rate * 1.1);
    expect(probes / seconds).toBeGreaterThan(rate * 0.4);
    process.stderr.write(`scale rate: ${probes} probes in ${seconds.toFixed(2)} s of shard time (${(probes / seconds).toFixed(0)}/s, cap ${rate}/s), ${wall.toFixed(1)} s wall\n`);
  });

  it('survives kill -9 of a worker mid-shard, a Redis restart and pg_terminate_backend: every shard done once', async () => {
    const run = producer(['198.19.78.0/24', '-p', '1-60', '--no-service-detection', '--rate', '2500', '--shard-probes', '600', '-q']);
    const scanId = async (): Promise<number> => count('select max(id) n from scans');
    const started = Date.now();
    while (await count('select count(*) n from scan_shards s where s.scan_id = (select max(id) from scans) and status = \'done\'') < 2 && Date.now() - started < 30_000) { await new Promise((r) => setTimeout(r, 100)); }
    (workers[0] as { p: ChildProcess }).p.kill('SIGKILL'); // mid-shard: it is always busy at this rate
    startWorker(0); // a replacement in the same namespace, like a restarted machine
    await new Promise((r) => setTimeout(r, 1000));
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await startRedis();
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < 3; i++) {
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      await new Promise((r) => setTimeout(r, 400));
    }
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    const id = await scanId();
    expect(await count('select count(*) n from scan_shards where scan_id = $1 and status <> \'done\'', [id])).toBe(0);
    expect(await count('select count(*) n from hosts where scan_id = $1', [id])).toBe(256);
    expect(await count('select count(*) - count(distinct address) n from hosts where scan_id = $1', [id])).toBe(0);
    expect(await count('select count(*) - count(distinct (shard, address)) n from shard_hosts where scan_id = $1', [id])).toBe(0);
    // Up hosts are rows; down ones (if the kernel left one unanswered) only counted on their shard.
    expect(await count('select (select count(*) from shard_hosts where scan_id = $1) + (select coalesce(sum(down_hosts), 0) from scan_shards where scan_id = $1) n', [id])).toBe(256);
    expect(r.doc.hosts.length).toBe(256);
  });
});
