/**
 * @module probes/services/redis — Redis / Valkey (port 6379). Spec: RESP (redis.io/docs/latest/develop/reference/
 * protocol-spec): replies start with '+' simple string, '-' error, '$' bulk. Sends `PING` (+PONG, or -NOAUTH /
 * -DENIED protected mode); when no auth is needed the session sends `INFO server` (read-only) for the version.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, firstLine } from '../util.js';

export function parseRedisPing(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 512);
  if (line === '+PONG') { return { name: 'redis', product: 'Redis key-value store', confidence: 0.9, facts: { 'redis.auth': 'none' } }; }
  if (/^-NOAUTH\b/.test(line)) { return { name: 'redis', product: 'Redis key-value store', confidence: 1, facts: { 'redis.auth': 'required' } }; }
  if (/^-DENIED Redis is running in protected mode/.test(line)) { return { name: 'redis', product: 'Redis key-value store', confidence: 1, facts: { 'redis.auth': 'protected-mode' } }; }
  if (/^-ERR operation not permitted/.test(line)) { return { name: 'redis', product: 'Redis key-value store', confidence: 0.8, facts: { 'redis.auth': 'required' } }; }
  return null;
}

/** `INFO server` bulk reply → fields (redis_version, redis_mode, os, server_name for Valkey). */
export function parseRedisInfo(data: Buffer): Record<string, string> | null {
  const s = data.toString('latin1', 0, Math.min(data.length, 16_384));
  if (!/^\$\d+\r\n/.test(s)) { return null; }
  const out: Record<string, string> = {};
  for (const line of s.split('\r\n').slice(1, 200)) {
    const m = /^([a-z_]{1,40}):(.{0,200})$/.exec(line);
    if (m !== null) { out[m[1] as string] = clean(m[2] as string, 128); }
  }
  return 'redis_version' in out ? out : null;
}

const bulkDone = (d: Buffer): boolean => {
  const m = /^\$(\d+)\r\n/.exec(d.toString('latin1', 0, 24));
  return m !== null ? d.length >= m[0].length + Number(m[1]) + 2 : /\r\n/.test(d.toString('latin1', 0, 512));
};

export const redisRule: ProbeRule = {
  name: 'redis',
  service: 'redis',
  ports: [6379, 6380, 16379],
  payload: 'PING\r\n',
  until: (d) => d.includes(0x0a),
  maxBytes: 1024,
  match: parseRedisPing,
  async session(conn, m, ctx) {
    if (m.facts?.['redis.auth'] !== 'none') { return m; }
    const r = await conn.exchange('INFO server\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 16_384, until: bulkDone });
    const info = parseRedisInfo(r.data);
    if (info === null) { return m; }
    const valkey = info.server_name === 'valkey' || info.valkey_version !== undefined;
    return compact({
      ...m, product: valkey ? 'Valkey' : 'Redis key-value store', version: valkey ? info.valkey_version ?? info.redis_version : info.redis_version, confidence: 1,
      extraInfo: info.os !== undefined ? clean(info.os, 64) : undefined,
      facts: compact({ ...m.facts, 'redis.mode': info.redis_mode }),
    });
  },
  cpe: { 'Redis key-value store': 'redislabs:redis', Valkey: 'lfprojects:valkey' },
};
