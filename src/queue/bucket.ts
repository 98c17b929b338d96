/**
 * @module queue/bucket — `--rate` across every worker of a scan: one token bucket in Redis (a Lua script, so the
 * refill and the take are atomic and timed by Redis's clock, not the workers'), refilled at the scan's rate, holding
 * at most 50 ms of it. Each shard's engine draws through a SharedRate gate (engine/rate.ts RateGate): it leases
 * tokens in batches sized to what it will use soon — at most the bucket's 50 ms, never more than the probes left in
 * its shard — starts a probe only with a token in hand, and gives back what it did not use when the shard ends
 * (`release`). The bucket never holds more than its capacity, so returned tokens cannot raise the cap: the probes
 * all workers start in any interval stay under rate × interval + the bucket's 50 ms burst.
 */
import type { Redis } from 'ioredis';
import type { RateGate } from '../engine/rate.js';

/** KEYS[1] bucket; ARGV rate (tokens/s), capacity, wanted → tokens granted (0..wanted). A negative `wanted` returns tokens. */
export const TAKE = `
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
local got
if want < 0 then
  got = want
  tokens = math.min(cap, tokens - want)
else
  got = math.min(want, math.floor(tokens))
  tokens = tokens - got
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)), 'granted', tostring(granted + got))
redis.call('PEXPIRE', KEYS[1], 3600000)
return got
`;

/** Takes up to `want` tokens from the bucket at `key` (or gives back −`want` when negative); resolves with how many were granted. */
export async function takeTokens(redis: Redis, key: string, pps: number, want: number): Promise<number> {
  const got = await redis.eval(TAKE, 1, key, String(pps), String(bucketCapacity(pps)), String(want));
  return Number(got);
}

/** Tokens the bucket holds at most: 50 ms of the rate. */
export function bucketCapacity(pps: number): number { return Math.max(1, Math.ceil(pps / 20)); }

/** Tokens granted so far from the bucket, net of those given back (the probes all workers could start). */
export async function tokensGranted(redis: Redis, key: string): Promise<number> {
  return Number(await redis.hget(key, 'granted') ?? 0);
}

/** Lease size: what the shard will use soon — the bucket's capacity, capped by the probes left in the shard (≥ 1). */
export function leaseSize(pps: number, probesLeft: number): number {
  return Math.max(1, Math.min(bucketCapacity(pps), Math.ceil(probesLeft)));
}

/** Longest pause between two lease calls of a starved gate (ms): bounds Redis calls to ≤ 10/s per waiting shard. */
const MAX_BACKOFF_MS = 100;

/** The engine's gate on the shared bucket: a local stock of leased tokens, refilled in the background. */
export class SharedRate implements RateGate {
  private stock = 0;
  private used = 0;
  private refilling = false;
  private released = false;
  /** After a short grant (the bucket is being shared): no new lease before this time. */
  private notBefore = 0;
  /** Lease calls made (what the benchmark counts). */
  calls = 0;

  /** `probes`: the shard's probe count (retries may add a few: the lease then stays small, not zero). */
  constructor(private readonly redis: Redis, private readonly key: string, private readonly pps: number,
    private readonly onError: (err: unknown) => void, private readonly probes = Infinity) {}

  /** The next lease: the shard's probes not yet covered (≤ the bucket's 50 ms); past the count (retries), a few at a time; 0: none needed. */
  private lease(): number {
    const need = this.probes - this.used - this.stock;
    if (need > 0) { return leaseSize(this.pps, need); }
    return this.stock <= 0 ? leaseSize(this.pps, Math.min(16, bucketCapacity(this.pps))) : 0;
  }

  allowance(nowMs: number): number {
    const lease = this.lease();
    if (lease > 0 && this.stock <= lease / 2 && nowMs >= this.notBefore) { this.refill(lease, nowMs); }
    return this.stock;
  }

  /** While the stock is empty: until the next lease may be asked for (a few ms; longer while the bucket is contended). */
  waitMs(nowMs: number): number {
    if (this.stock > 0) { return 0; }
    const base = Math.min(20, Math.max(2, (1000 * Math.max(1, this.lease())) / this.pps / 2));
    return Math.max(base, this.notBefore - nowMs);
  }

  taken(n: number): void { this.stock -= n; this.used += n; }

  /** The shard is over: its unused tokens go back to the bucket (for the other workers). */
  async release(): Promise<void> {
    this.released = true;
    const left = Math.floor(this.stock);
    this.stock = 0;
    if (left > 0) { await takeTokens(this.redis, this.key, this.pps, -left); }
  }

  private refill(want: number, nowMs: number): void {
    if (this.refilling || this.released) { return; }
    this.refilling = true;
    this.calls++;
    takeTokens(this.redis, this.key, this.pps, want)
      .then((got) => {
        if (this.released) { if (got > 0) { void takeTokens(this.redis, this.key, this.pps, -got).catch(this.onError); } return; }
        this.stock += got;
        if (got >= want) { this.notBefore = 0; return; }
        // Short grant: others are drawing too. Ask again once the bucket can have refilled what we missed (jittered,
        // so starved shards do not call in step): ≤ rate / lease calls per second each, not one every few ms.
        const refillMs = Math.min(MAX_BACKOFF_MS, Math.max(2, (1000 * (want - got)) / this.pps));
        this.notBefore = nowMs + refillMs * (0.5 + Math.random());
      }, (err: unknown) => { this.onError(err); })
      .finally(() => { this.refilling = false; });
  }
}
