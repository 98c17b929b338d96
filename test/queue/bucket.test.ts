/**
 * @module test/queue/bucket.test — the shared rate bucket (src/queue/bucket.ts) on a real redis-server this test
 * starts on a free loopback port: a shard's lease is bounded by its probes and by the bucket's 50 ms, unused tokens
 * go back to the bucket, and returning never lifts the bucket over its capacity.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketCapacity, SharedRate, takeTokens, tokensGranted } from '../../src/queue/bucket.js';
import { labSkip, missingCommands } from '../lab/require.js';

const skip = labSkip(missingCommands(['redis-server']).map((c) => `${c} on PATH (bash scripts/setup.sh)`).join(', '));

const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer(); s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0)); });
});
const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('SharedRate on a real Redis', () => {
  let server: ChildProcess;
  let redis: Redis;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 50 });
    redis.on('error', () => undefined); // refused while redis-server starts: ioredis reconnects
    await redis.ping();
  });
  afterAll(() => { redis?.disconnect(); server?.kill('SIGTERM'); });

  it('leases no more than the shard needs and gives the rest back when the shard ends', async () => {
    const errors: unknown[] = [];
    const gate = new SharedRate(redis, 'b1', 1000, (e) => errors.push(e), 30);
    expect(gate.allowance(performance.now())).toBe(0); // the lease is on its way
    await settle();
    expect(gate.allowance(performance.now())).toBe(30); // min(50 ms of 1000/s = 50, 30 probes)
    gate.taken(10);
    expect(gate.allowance(performance.now())).toBe(20); // the shard's probes are covered: no new lease
    await settle();
    expect(await tokensGranted(redis, 'b1')).toBe(30);
    await gate.release();
    expect(await tokensGranted(redis, 'b1')).toBe(10); // net: what was used
    expect(errors).toEqual([]);
  });

  it('returning tokens never fills the bucket over its capacity', async () => {
    const cap = bucketCapacity(1000);
    expect(await takeTokens(redis, 'b2', 1000, cap)).toBe(cap);
    await takeTokens(redis, 'b2', 1000, -10 * cap);
    expect(await takeTokens(redis, 'b2', 1000, 10 * cap)).toBeLessThanOrEqual(cap + 5); // + what 5 ms of refill may add
  });
});
