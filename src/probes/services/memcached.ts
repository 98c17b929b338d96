/**
 * @module probes/services/memcached — Memcached (port 11211). Spec: memcached protocol.txt ("version" command →
 * "VERSION <version>\r\n"). Sends `version` (read-only). Reveals the version.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, firstLine } from '../util.js';

export function parseMemcached(data: Buffer): ServiceMatch | null {
  const m = /^VERSION (\d[\w.+-]{0,40})$/.exec(firstLine(data, 128));
  if (m === null) { return null; }
  const version = clean(m[1] as string, 48);
  return { name: 'memcached', product: 'Memcached', version, confidence: 1, facts: { 'memcached.version': version } };
}

export const memcachedRule: ProbeRule = {
  name: 'memcached',
  service: 'memcached',
  ports: [11211],
  payload: 'version\r\n',
  until: (d) => d.includes(0x0a),
  maxBytes: 512,
  match: parseMemcached,
  cpe: { Memcached: 'memcached:memcached' },
};
