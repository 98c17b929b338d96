/**
 * @module checks/redis — `redis-no-auth` (port 6379, RESP: https://redis.io/docs/latest/develop/reference/protocol-spec/).
 * Sends the inline commands PING and INFO server without AUTH. `+PONG` and an INFO bulk reply prove that any
 * client can run commands (read and overwrite all data, often write files via CONFIG SET); `-NOAUTH`/`-DENIED`
 * (protected mode) mean access is refused. Only read commands are sent.
 */
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, withConn } from './session.js';
import { REF, sansPort } from './refs.js';

/** A complete RESP reply: simple string/error/integer line, or a bulk string with all its bytes. */
export function respComplete(d: Buffer): boolean {
  const nl = d.indexOf('\r\n');
  if (nl < 0) { return false; }
  if (d[0] !== 0x24) { return true; } // '$'
  const len = Number(d.subarray(1, nl).toString('latin1'));
  if (!Number.isInteger(len) || len < 0) { return true; }
  return d.length >= nl + 2 + len + 2;
}

/** `key:value` fields of an INFO reply. */
export function parseInfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) { m.set(line.slice(0, i), line.slice(i + 1).trim()); }
  }
  return m;
}

export const redisNoAuth: Check = {
  id: 'redis-no-auth',
  title: 'Redis accepts commands without authentication',
  severity: 'critical',
  services: ['redis'],
  proves: 'Redis answered PING with +PONG and returned INFO without AUTH: anyone who reaches the port can read, change or delete all data.',
  probe: 'PING and INFO server as inline commands, no AUTH; the connection is then closed.',
  remediation: 'Set a password or ACL users (requirepass / ACL SETUSER, Redis 6+), bind to 127.0.0.1 or a private interface, keep protected-mode yes, and firewall port 6379.',
  references: [REF.redisSecurity, REF.cwe306, sansPort(6379)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const opts = { until: respComplete, maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs };
      const ping = await conn.exchange('PING\r\n', opts);
      const text = ping.data.toString('latin1');
      if (/^-(NOAUTH|DENIED|WRONGPASS|ERR operation not permitted)/.test(text)) {
        return secure(`PING refused: "${firstLine(ping.data)}".`, conn.exchanges);
      }
      if (!text.startsWith('+PONG')) { return notRun(`unexpected answer to PING: "${firstLine(ping.data)}"`, conn.exchanges); }
      const info = await conn.exchange('INFO server\r\n', opts);
      const fields = parseInfo(info.data.toString('latin1'));
      const version = fields.get('redis_version');
      const mode = fields.get('redis_mode');
      return vulnerable(`Redis answered PING with +PONG without AUTH${version ? ` and INFO reports redis_version ${version}` : ''}.`, conn.exchanges,
        { details: { version: version ?? null, mode: mode ?? null } });
    });
  },
};
