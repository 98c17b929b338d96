/**
 * @module import/masscan — a masscan `-oJ` file → a scan document. masscan writes one object per port
 * (`{"ip","timestamp","ports":[{"port","proto","status","reason","ttl"}]}`), sometimes with a trailing comma before
 * the closing bracket; records are merged per address. masscan does not identify services: names come from the
 * IANA table (method 'table'), so no check runs on them.
 */
import { z } from 'zod';
import type { HostResult, PortResult, PortState, ScanDocument } from '../core/types.js';
import { checkJsonDepth } from '../core/json-depth.js';
import { UsageError } from '../errors/index.js';
import { serviceName } from '../knowledge/services.js';

const Record = z.object({
  ip: z.string().min(1).max(64),
  timestamp: z.union([z.string(), z.number()]).optional(),
  ports: z.array(z.object({
    port: z.number().int().min(1).max(65535),
    proto: z.enum(['tcp', 'udp']),
    status: z.string().optional(),
    reason: z.string().optional(),
  }).passthrough()).max(65536 * 2),
}).passthrough();

/** Parses masscan JSON text (lenient about the trailing comma masscan leaves). */
export function masscanToDocument(text: string): ScanDocument {
  let raw: unknown;
  try { raw = JSON.parse(text.replace(/,\s*\]\s*$/, ']')); } catch (err) {
    throw new UsageError('GH_ERR_IMPORT', 'masscan file is not valid JSON', { cause: err });
  }
  checkJsonDepth(raw, 'masscan file');
  if (!Array.isArray(raw)) { throw new UsageError('GH_ERR_IMPORT', 'masscan JSON must be an array of records'); }
  const byIp = new Map<string, Map<string, PortResult>>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const item of raw) {
    if (item !== null && typeof item === 'object' && 'finished' in item) { continue; } // masscan's end marker
    const r = Record.safeParse(item);
    if (!r.success) { throw new UsageError('GH_ERR_IMPORT', 'masscan record without ip/ports'); }
    const ts = Number(r.data.timestamp);
    if (Number.isFinite(ts) && ts > 0) { first = Math.min(first, ts); last = Math.max(last, ts); }
    const ports = byIp.get(r.data.ip) ?? new Map<string, PortResult>();
    byIp.set(r.data.ip, ports);
    for (const p of r.data.ports) {
      const state: PortState = p.status === 'open' ? 'open' : p.status === 'closed' ? 'closed' : 'unknown';
      const name = serviceName(p.port, p.proto);
      ports.set(`${p.proto}/${p.port}`, {
        port: p.port, protocol: p.proto, state,
        reason: p.reason === 'syn-ack' ? 'syn-ack' : p.reason === 'rst' || p.reason === 'rst-ack' ? 'conn-refused' : state === 'open' ? 'syn-ack' : 'error',
        service: { name, method: 'table' },
      });
    }
  }
  const hosts: HostResult[] = [...byIp.entries()].map(([address, ports]) => {
    const list = [...ports.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
    const open = list.filter((p) => p.state === 'open').length;
    return { address, hostnames: [], state: 'up', reason: 'syn-ack', ports: list, counts: { open, closed: list.filter((p) => p.state === 'closed').length, filtered: 0, 'open|filtered': 0 } };
  });
  hosts.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const iso = (s: number): string => new Date(s * 1000).toISOString();
  return {
    version: 1,
    scan: { started: Number.isFinite(first) ? iso(first) : new Date(0).toISOString(), finished: last > 0 ? iso(last) : null, targets: hosts.map((h) => h.address), ports: '' },
    hosts,
  };
}
