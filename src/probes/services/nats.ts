/**
 * @module probes/services/nats — NATS (port 4222). Spec: NATS client protocol (docs.nats.io "Client Protocol"):
 * the server greets with `INFO {json}\r\n` holding server_id, version, auth_required, tls_required. Nothing sent.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, firstLine } from '../util.js';
import { isRecord } from '../../core/guards.js';

export function parseNats(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 16_384);
  if (!line.startsWith('INFO {')) { return null; }
  let info: unknown;
  try { info = JSON.parse(line.slice(5)); } catch { return null; }
  if (!isRecord(info) || !('server_id' in info)) { return null; }
  const o = info;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? clean(o[k], 64) : undefined);
  return compact({
    name: 'nats', product: 'NATS Server', version: str('version'), confidence: 1,
    extraInfo: str('go') !== undefined ? `go ${str('go') as string}` : undefined,
    facts: compact({ 'nats.authRequired': o.auth_required === true, 'nats.tlsRequired': o.tls_required === true, 'nats.serverName': str('server_name') }),
  });
}

export const natsRule: ProbeRule = { name: 'nats', service: 'nats', ports: [4222], banner: true, match: parseNats, cpe: { 'NATS Server': 'linuxfoundation:nats-server' } };
