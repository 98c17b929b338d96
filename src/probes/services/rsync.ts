/**
 * @module probes/services/rsync — rsync daemon (port 873). Spec: rsync's daemon protocol (rsyncd.conf(5),
 * "CONNECTING TO AN RSYNC DAEMON" in rsync(1)): the daemon greets with "@RSYNCD: <protocol>[.<sub>] [digests]\n".
 * Nothing is sent (module listing is a check's job). Reveals the protocol version.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, firstLine } from '../util.js';

export function parseRsync(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 512);
  const m = /^@RSYNCD: (\d+)(?:\.(\d+))?(?: (.*))?$/.exec(line);
  if (m === null) { return null; }
  return {
    name: 'rsync', product: 'rsync', extraInfo: `protocol version ${m[1] as string}`, confidence: 1,
    facts: { 'rsync.protocol': Number(m[1]), ...(m[3] !== undefined ? { 'rsync.digests': m[3].split(/\s+/).map((s) => clean(s, 32)).slice(0, 16) } : {}) },
  };
}

export const rsyncRule: ProbeRule = { name: 'rsync', service: 'rsync', ports: [873], banner: true, match: parseRsync };
