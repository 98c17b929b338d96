/**
 * @module knowledge/services — shipped port data, loaded once on first use: service names per port and protocol
 * (iana-services.json: the IANA Service Name and Transport Protocol Port Number Registry) and ports ranked by open
 * frequency (top-ports.json, from nmap-services). Each file's `source` field says where it comes from;
 * scripts/build-knowledge.mjs regenerates both.
 *
 * Loaded with createRequire rather than `import … with { type: 'json' }` so the load is lazy (paid on first use,
 * not at import) and resolves next to this file both under vitest (src/) and from dist/; `npm run build` copies
 * the JSON files to dist/knowledge/ (tsc alone does not, as nothing imports them statically).
 */
import { createRequire } from 'node:module';
import type { Protocol } from '../core/types.js';

const load = createRequire(import.meta.url);

/** [service name, description] as registered with IANA. */
export type RegistryEntry = readonly [name: string, description: string];
export interface ServiceNames { readonly source: string; readonly tcp: Readonly<Record<string, RegistryEntry>>; readonly udp: Readonly<Record<string, RegistryEntry>> }
export interface TopPortsData { readonly source: string; readonly tcp: readonly number[]; readonly udp: readonly number[] }

let names: ServiceNames | null = null;
let top: TopPortsData | null = null;

/** Port → [primary service name, description], per protocol. */
export function serviceNames(): ServiceNames {
  names ??= Object.freeze(load('./iana-services.json') as ServiceNames);
  return names;
}

/** Ports ranked by how often they are found open, most frequent first, per protocol. */
export function topPortsData(): TopPortsData {
  top ??= Object.freeze(load('./top-ports.json') as TopPortsData);
  return top;
}

/** The registered service name for a port, or 'unknown'. */
export function serviceName(port: number, protocol: Protocol): string {
  return serviceNames()[protocol][port]?.[0] ?? 'unknown';
}

/** IANA's description of the service registered on a port ('' when none). */
export function serviceDescription(port: number, protocol: Protocol): string {
  return serviceNames()[protocol][port]?.[1] ?? '';
}
