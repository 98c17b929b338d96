// Inputs of docs/scale.md, measured: Redis commands (and Redis time) per BullMQ job and per token-bucket lease, on a
// redis-server this script starts on a free loopback port and stops; sizes, WAL and insert rate of the shard tables
// (migration 006's DDL, the transaction of src/queue/results.ts) in a PostgreSQL database it creates and drops, for
// three host documents: down, up with one open port, up with service detection (the two up ones from a real scan of
// a loopback HTTP listener this script starts). Usage: node bench/scale-model.mjs [--jobs N] [--shards N]
// (needs `npm run build`; PostgreSQL at $GATEHOUSE_TEST_PG or postgres://postgres@127.0.0.1:5432/postgres).
// Loopback only. Prints a table; no timed assertion.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from './proc.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const JOBS = arg('--jobs', 2000);
const SHARDS = arg('--shards', 20);
const PER_SHARD = 4096;
const PG_ADMIN = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = promisify(execFile);

// The token bucket's Lua, the very script the workers run (npm run build first).
const { TAKE } = await import(new URL('../dist/queue/bucket.js', import.meta.url).href);


async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gh-scale-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const r = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, lazyConnect: true });
  r.on('error', () => undefined); // refused while redis-server starts: the loop below retries
  for (let i = 0; ; i++) {
    try { await r.connect(); await r.ping(); break; } catch (err) { if (i > 100) { throw err; } await new Promise((res) => setTimeout(res, 100)); }
  }
  return { port, r, stop: async () => { r.disconnect(); child.kill('SIGTERM'); await new Promise((res) => child.once('exit', res)); rmSync(dir, { recursive: true, force: true }); } };
}

/** Commands (scripts and the commands inside them) and script microseconds since the last RESETSTAT. */
async function commandStats(r) {
  const out = { commands: 0, scripts: 0, scriptUs: 0 };
  for (const line of (await r.info('commandstats')).split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (m === null || m[1] === 'info' || m[1] === 'config|resetstat') { continue; }
    out.commands += Number(m[2]);
    if (m[1] === 'evalsha' || m[1] === 'eval') { out.scripts += Number(m[2]); out.scriptUs += Number(m[3]); }
  }
  return out;
}

async function redisFigures() {
  const { port, r, stop } = await startRedis();
  const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
  const rows = [];
  try {
    const hosts = Array.from({ length: PER_SHARD }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const q = new Queue('scale-model', { connection });
    await r.config('RESETSTAT');
    const mem0 = Number(/used_memory:(\d+)/.exec(await r.info('memory'))[1]);
    for (let i = 0; i < JOBS; i += 1000) {
      await q.addBulk(Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({
        name: 'shard', data: { scanId: 1, shard: `h${i + k}p0`, hosts, ports: '443' },
        opts: { jobId: `scan1-h${i + k}p0`, attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 86_400 } },
      })));
    }
    const add = await commandStats(r);
    const mem = Number(/used_memory:(\d+)/.exec(await r.info('memory'))[1]) - mem0;
    await r.config('RESETSTAT');
    let done = 0; let finish; const finished = new Promise((res) => { finish = res; });
    const t0 = performance.now();
    const w = new Worker('scale-model', async () => undefined, { connection, concurrency: 20, lockDuration: 10_000 });
    w.on('completed', () => { if (++done === JOBS) { finish(); } });
    await finished;
    const secs = (performance.now() - t0) / 1000;
    const take = await commandStats(r);
    await w.close(); await q.close();
    rows.push({ what: 'BullMQ add (addBulk)', 'commands/job': +(add.commands / JOBS).toFixed(1), 'scripts/job': +(add.scripts / JOBS).toFixed(2), 'script µs/job': +(add.scriptUs / JOBS).toFixed(0), note: `${Math.round(mem / JOBS / 1024)} KB of Redis memory per job (4,096-address host list)` });
    rows.push({ what: 'BullMQ take + complete', 'commands/job': +(take.commands / JOBS).toFixed(1), 'scripts/job': +(take.scripts / JOBS).toFixed(2), 'script µs/job': +(take.scriptUs / JOBS).toFixed(0), note: `${Math.round(JOBS / secs)} no-op jobs/s, one worker, concurrency 20` });
    await r.config('RESETSTAT');
    const N = 20_000;
    const t1 = performance.now();
    for (let i = 0; i < N; i += 100) { await Promise.all(Array.from({ length: 100 }, () => r.eval(TAKE, 1, 'bench:bucket', '1000000000', '50000000', '100'))); }
    const bsecs = (performance.now() - t1) / 1000;
    const b = await commandStats(r);
    rows.push({ what: 'token bucket lease (TAKE)', 'commands/job': +(b.commands / N).toFixed(1), 'scripts/job': +(b.scripts / N).toFixed(2), 'script µs/job': +(b.scriptUs / N).toFixed(1), note: `${Math.round(N / bsecs)} leases/s, 100 in flight` });
  } finally { await stop(); }
  return rows;
}

/** Host documents from a real scan of a loopback HTTP listener (the loopback-only `local`/`self` fields removed). */
async function hostDocuments() {
  const srv = http.createServer((_q, res) => { res.setHeader('server', 'nginx/1.24.0'); res.end('<html><title>hi</title></html>'); });
  await new Promise((res) => srv.listen(0, '127.0.0.1', res));
  const port = srv.address().port;
  const main = new URL('../dist/cli/main.js', import.meta.url).pathname;
  const scan = async (extra) => {
    const { stdout } = await run(process.execPath, [main, 'scan', '127.0.0.1', '-p', String(port), '--json', '--no-store', ...extra], { maxBuffer: 1 << 24 });
    const h = JSON.parse(stdout).hosts[0];
    delete h.self; for (const p of h.ports) { delete p.local; }
    return h;
  };
  try {
    const up = await scan(['--no-service-detection']);
    const upSd = await scan([]);
    const down = { address: '', hostnames: [], state: 'down', reason: 'no-response', ports: [], counts: { open: 0, closed: 0, filtered: 1, 'open|filtered': 0 } };
    return { 'down': down, 'up, 1 open port': up, 'up, service detection': upSd };
  } finally { srv.close(); }
}

async function pgFigures(docs) {
  const name = `gh_bench_scale_${process.pid}`;
  const admin = new pg.Client(PG_ADMIN); await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(PG_ADMIN); u.pathname = `/${name}`;
  const c = new pg.Client(u.toString());
  const rows = [];
  try {
    await c.connect();
    // Migration 006's tables (src/store/migrations/006-shards.ts), PostgreSQL types as Kysely creates them.
    await c.query(`create table scan_shards (scan_id integer not null, shard text not null, host_block integer not null, port_block integer not null,
      hosts integer not null, probes integer not null, status text not null, attempts integer not null default 0, worker text, error text,
      queued_at text not null, started_at text, finished_at text, scan_ms integer, write_ms integer, constraint scan_shards_pk primary key (scan_id, shard))`);
    await c.query(`create table shard_hosts (scan_id integer not null, shard text not null, address text not null, document text not null,
      constraint shard_hosts_pk primary key (scan_id, shard, address))`);
    const addr = (i) => `${11 + ((i >> 24) & 127)}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    let scan = 0;
    for (const [kind, doc] of Object.entries(docs)) {
      scan++;
      const now = new Date().toISOString();
      for (let s = 0; s < SHARDS; s++) {
        await c.query(`insert into scan_shards (scan_id, shard, host_block, port_block, hosts, probes, status, queued_at) values ($1, $2, $3, 0, $4, $4, 'queued', $5)`, [scan, `h${s}p0`, s, PER_SHARD, now]);
      }
      await c.query('checkpoint');
      const wal0 = (await c.query('select pg_current_wal_lsn() as l')).rows[0].l;
      const t0 = performance.now();
      for (let s = 0; s < SHARDS; s++) { // the transaction of queue/results.ts writeShard
        await c.query('begin');
        await c.query('select status from scan_shards where scan_id = $1 and shard = $2 for update', [scan, `h${s}p0`]);
        for (let i = 0; i < PER_SHARD; i += 2000) {
          const n = Math.min(2000, PER_SHARD - i); const vals = []; const ps = [];
          for (let k = 0; k < n; k++) {
            const a = addr(s * PER_SHARD + i + k);
            vals.push(`($${ps.length + 1}, $${ps.length + 2}, $${ps.length + 3}, $${ps.length + 4})`);
            ps.push(scan, `h${s}p0`, a, JSON.stringify({ ...doc, address: a }));
          }
          await c.query(`insert into shard_hosts (scan_id, shard, address, document) values ${vals.join(',')} on conflict (scan_id, shard, address) do nothing`, ps);
        }
        await c.query(`update scan_shards set status = 'done', worker = 'w', attempts = 1, started_at = $3, finished_at = $3, scan_ms = 0, write_ms = 0 where scan_id = $1 and shard = $2`, [scan, `h${s}p0`, now]);
        await c.query('commit');
      }
      const secs = (performance.now() - t0) / 1000;
      const wal = Number((await c.query('select pg_wal_lsn_diff(pg_current_wal_lsn(), $1) as b', [wal0])).rows[0].b);
      const sz = (await c.query('select avg(octet_length(document))::int as text, avg(pg_column_size(document))::int as stored, avg(pg_column_size(t.*))::int as row from shard_hosts t where scan_id = $1', [scan])).rows[0];
      const n = SHARDS * PER_SHARD;
      rows.push({ document: kind, 'JSON bytes': sz.text, 'stored bytes': sz.stored, 'row bytes': sz.row, 'WAL bytes/row': Math.round(wal / n), 'rows/s': Math.round(n / secs), 'shards/s': +(SHARDS / secs).toFixed(1) });
    }
    const idx = (await c.query(`select pg_indexes_size('shard_hosts') as i, (select count(*) from shard_hosts) as n`)).rows[0];
    rows.push({ document: `primary-key index: ${Math.round(Number(idx.i) / Number(idx.n))} B/row` });
  } finally {
    await c.end().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`); await admin.end();
  }
  return rows;
}

console.log(`Scale-model inputs (docs/scale.md): ${JOBS} BullMQ jobs, ${SHARDS} shards × ${PER_SHARD} hosts per document kind; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.table(await redisFigures());
console.table(await pgFigures(await hostDocuments()));
