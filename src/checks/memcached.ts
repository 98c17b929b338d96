/**
 * @module checks/memcached — `memcached-exposed` (port 11211, text protocol:
 * https://github.com/memcached/memcached/blob/master/doc/protocol.txt). Sends `version` and `stats`; a VERSION
 * reply and statistics prove the cache answers anyone (its keys can be read, overwritten and flushed; over UDP it
 * amplifies). A SASL-only server refuses text commands and is not reported.
 */
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, lineOpts, withConn } from './session.js';
import { REF, sansPort } from './refs.js';

/** STAT name value lines of a `stats` reply. */
export function parseStats(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const f = /^STAT (\S+) (.*)$/.exec(line);
    if (f) { m.set(f[1] as string, f[2] as string); }
  }
  return m;
}

export const memcachedExposed: Check = {
  id: 'memcached-exposed',
  title: 'Memcached reachable without authentication',
  severity: 'high',
  services: ['memcached', 'memcache'],
  proves: 'Memcached answered `version` and `stats` without authentication: anyone reaching it can read, overwrite and flush cached data.',
  probe: 'The text commands `version` and `stats`; the connection is then closed.',
  remediation: 'Bind memcached to 127.0.0.1 or a private interface (-l), disable UDP (-U 0), enable SASL (-S) where remote access is needed, and firewall port 11211.',
  references: [REF.memcachedWiki, REF.cisaUdpAmp, REF.cwe306, sansPort(11211)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const v = await conn.exchange('version\r\n', lineOpts(ctx));
      const text = v.data.toString('latin1');
      const m = /^VERSION (\S+)/.exec(text);
      if (!m) {
        return /^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(text) ? secure(`Text commands refused: "${firstLine(v.data)}".`, conn.exchanges)
          : notRun(`unexpected answer to version: "${firstLine(v.data)}"`, conn.exchanges);
      }
      const s = await conn.exchange('stats\r\n', { until: (d) => d.includes('END\r\n'), maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      conn.write('quit\r\n');
      const stats = parseStats(s.data.toString('latin1'));
      const items = stats.get('curr_items');
      return vulnerable(`Memcached ${m[1] ?? ''} answered without authentication${items !== undefined ? ` and reports ${items} cached items` : ''}.`, conn.exchanges,
        { details: { version: m[1] ?? null, currItems: items === undefined ? null : Number(items) } });
    });
  },
};
