// The distributed scan's shared --rate (src/queue/bucket.ts SharedRate), measured without a network: N simulated
// workers, each running shards of --shard probes back to back through its own SharedRate gate (a probe costs
// nothing, so the gate alone limits the rate), against a redis-server this script starts on a free loopback port
// and stops. Prints the rate the probes achieved against the cap, and the bucket's Redis calls per second.
// Usage: node bench/scale-bucket.mjs [--rate 2000] [--workers 2] [--seconds 5] [--shard 4096] [--dist dist]
// (`--dist` points at another build, e.g. of the commit before a change, for a before/after in one run). Loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from './proc.mjs';

const argv = process.argv;
const arg = (name, dflt) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : dflt; };
const RATE = Number(arg('--rate', 2000));
const WORKERS = Number(arg('--workers', 2));
const SECONDS = Number(arg('--seconds', 5));
const SHARD = Number(arg('--shard', 4096));
const DIST = resolve(arg('--dist', 'dist'));
const { SharedRate } = await import(pathToFileURL(join(DIST, 'queue/bucket.js')).href);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'scale-bucket-'));
const port = await freePort();
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
const admin = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 100 });
admin.on('error', () => undefined); // refused while redis-server starts: ioredis reconnects
await admin.ping();
await admin.config('RESETSTAT');

const key = 'bench:bucket';
const until = performance.now() + SECONDS * 1000;
let probes = 0;
let shards = 0;
const worker = async () => {
  const redis = new Redis({ port, host: '127.0.0.1' });
  const onError = (err) => { process.stderr.write(`bucket: ${err.message}\n`); };
  while (performance.now() < until) {
    const gate = new SharedRate(redis, key, RATE, onError, SHARD);
    let sent = 0;
    while (sent < SHARD && performance.now() < until) {
      const now = performance.now();
      const n = Math.min(gate.allowance(now), SHARD - sent);
      if (n > 0) { gate.taken(n); sent += n; probes += n; await yieldTurn(); } else { await sleep(Math.max(1, gate.waitMs(now))); }
    }
    if (sent >= SHARD) { shards++; }
    if (typeof gate.release === 'function') { await gate.release(); }
  }
  redis.disconnect();
};
const t0 = performance.now();
await Promise.all(Array.from({ length: WORKERS }, worker));
const secs = (performance.now() - t0) / 1000;
const stats = await admin.info('commandstats');
const evals = Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0);
admin.disconnect();
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
const achieved = probes / secs;
process.stdout.write(`bucket (${DIST}): --rate ${RATE}, ${WORKERS} worker(s), shards of ${SHARD}, ${secs.toFixed(2)} s: `
  + `${probes} probes = ${achieved.toFixed(0)}/s = ${(100 * achieved / RATE).toFixed(1)} % of the cap; ${shards} shards; `
  + `${evals} bucket calls = ${(evals / secs).toFixed(0)}/s; load ${loadavg()[0].toFixed(1)}\n`);
