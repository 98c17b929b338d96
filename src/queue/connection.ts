/**
 * @module queue/connection — where the queue lives: a `redis://[user:password@]host[:port][/db]` URL parsed once
 * into ioredis/BullMQ options, the queue's name, and the Redis key names the shards share (rate bucket, host locks).
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { UsageError } from '../errors/index.js';

/** The BullMQ queue every shard goes through. */
export const QUEUE_NAME = 'gatehouse-shards';

/** Parsed once at the edge: invalid URLs are usage errors before anything connects. */
export interface QueueConfig {
  readonly url: string;
  readonly redis: Readonly<RedisOptions>;
}

export function parseQueueUrl(url: string): QueueConfig {
  let u: URL;
  try { u = new URL(url); } catch (err) {
    throw new UsageError('GH_ERR_OPTION', `--queue: "${redact(url)}" is not a redis:// URL`, { cause: err });
  }
  if (u.protocol !== 'redis:') { throw new UsageError('GH_ERR_OPTION', `--queue: "${redact(url)}" is not a redis:// URL`); }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) { throw new UsageError('GH_ERR_OPTION', `--queue: "${redact(url)}": the database must be a number`); }
  const redis: RedisOptions = {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: u.port !== '' ? Number(u.port) : 6379,
    db,
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
    // BullMQ's blocking connections need this; commands wait through a Redis restart instead of failing.
    maxRetriesPerRequest: null,
    // Reconnect quickly (a restarted Redis is back within a second or two), never give up.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
  return Object.freeze({ url, redis: Object.freeze(redis) });
}

/** The same connection as BullMQ's options (each Queue, Worker and QueueEvents opens its own connections). */
export function bullConnection(cfg: QueueConfig): BullRedisOptions {
  const r = cfg.redis;
  return {
    host: r.host, port: r.port, db: r.db, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(50 * times, 1000),
    ...(r.username !== undefined ? { username: r.username } : {}), ...(r.password !== undefined ? { password: r.password } : {}),
  };
}

/** A plain client for the queue's own keys (rate bucket, host locks). */
export function redisClient(cfg: QueueConfig): Redis {
  return new Redis({ ...cfg.redis });
}

/** The rate bucket of one scan: every worker running its shards draws from it. */
export function bucketKey(scanId: number): string { return `gatehouse:rate:${scanId}`; }

/** The politeness lock of one host block of one scan. */
export function hostLockKey(scanId: number, hostBlock: number): string { return `gatehouse:hostlock:${scanId}:${hostBlock}`; }

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@]*@/, '$1:***@');
}
