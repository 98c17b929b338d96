/**
 * @module queue/bucket — `--rate` across every worker of a scan: one token bucket in Redis (a Lua script, so the
 * refill and the take are atomic and timed by Redis's clock, not the workers'), refilled at the scan's rate, holding
 * at most 50 ms of it. Each worker's engine draws through a SharedRate gate (engine/rate.ts RateGate): it leases
 * tokens in small batches (10 ms of the global rate) and starts a probe only with a token in hand, so the probes
 * all workers start in any interval stay under rate × interval + the bucket's 50 ms burst.
 */
import type { Redis } from 'ioredis';
import type { RateGate } from '../engine/rate.js';

/** KEYS[1] bucket; ARGV rate (tokens/s), capacity, wanted → tokens granted (0..wanted). */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'granted')
local tokens = tonumber(b[1]) or cap
local ts = tonumber(b[2]) or now
local granted = tonumber(b[3]) or 0
if now > ts then tokens = math.min(cap, tokens + (now - ts) * rate / 1000) end
local got = math.min(want, math.floor(tokens))
tokens = tokens - got
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)), 'granted', tostring(granted + got))
redis.call('PEXPIRE', KEYS[1], 3600000)
return got
`;

/** Takes up to `want` tokens from the bucket at `key`; resolves with how many were granted. */
export async function takeTokens(redis: Redis, key: string, pps: number, want: number): Promise<number> {
  const got = await redis.eval(TAKE, 1, key, String(pps), String(bucketCapacity(pps)), String(want));
  return Number(got);
}

/** Tokens the bucket holds at most: 50 ms of the rate. */
export function bucketCapacity(pps: number): number { return Math.max(1, Math.ceil(pps / 20)); }

/** Tokens granted so far from the bucket (what the benchmark and the test compare with the probes sent). */
export async function tokensGranted(redis: Redis, key: string): Promise<number> {
  return Number(await redis.hget(key, 'granted') ?? 0);
}

/** The engine's gate on the shared bucket: a local stock of leased tokens, refilled in the background. */
export class SharedRate implements RateGate {
  private stock = 0;
  private refilling = false;
  private readonly lease: number;

  constructor(private readonly redis: Redis, private readonly key: string, private readonly pps: number,
    private readonly onError: (err: unknown) => void) {
    this.lease = Math.max(1, Math.ceil(pps / 100));
  }

  allowance(): number {
    if (this.stock <= this.lease / 2) { this.refill(); }
    return this.stock;
  }

  /** While the stock is empty: a few milliseconds (a lease is 10 ms of the global rate). */
  waitMs(): number {
    return this.stock > 0 ? 0 : Math.min(20, Math.max(2, (1000 * this.lease) / this.pps / 2));
  }

  taken(n: number): void { this.stock -= n; }

  private refill(): void {
    if (this.refilling) { return; }
    this.refilling = true;
    takeTokens(this.redis, this.key, this.pps, this.lease)
      .then((got) => { this.stock += got; }, (err: unknown) => { this.onError(err); })
      .finally(() => { this.refilling = false; });
  }
}
