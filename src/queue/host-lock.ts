/**
 * @module queue/host-lock — politeness: while one worker scans a host block, no other worker takes another port
 * block of the same hosts. A Redis lock (SET NX PX) with a token, renewed while held, released only by its holder;
 * a SIGKILLed holder's lock expires after `ttlMs`.
 */
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface HostLock { release(): Promise<void> }

/** The lock, or null when another worker holds it. */
export async function acquireHostLock(redis: Redis, key: string, token: string, ttlMs: number, onError: (err: unknown) => void): Promise<HostLock | null> {
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') { return null; }
  const timer = setInterval(() => { redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(onError); }, Math.max(100, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
