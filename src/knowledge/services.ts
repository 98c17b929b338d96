/**
 * @module knowledge/services — shipped port data, loaded once on first use: IANA service names per port and
 * protocol (iana-services.json) and ports ranked by open frequency (top-ports.json). Each file's `source` field
 * says where it comes from; scripts/build-knowledge.mjs regenerates both.
 */
import { createRequire } from 'node:module';
import type { Protocol } from '../core/types.js';

const load = createRequire(import.meta.url);

interface IanaData { source: string; tcp: Record<string, [string, string]>; udp: Record<string, [string, string]> }
interface TopPortsData { source: string; tcp: number[]; udp: number[] }

let iana: IanaData | null = null;
let top: TopPortsData | null = null;

export function ianaData(): IanaData {
  iana ??= load('./iana-services.json') as IanaData;
  return iana;
}

export function topPortsData(): TopPortsData {
  top ??= load('./top-ports.json') as TopPortsData;
  return top;
}

/** The IANA service name registered for a port, or 'unknown'. */
export function serviceName(port: number, protocol: Protocol): string {
  return ianaData()[protocol][port]?.[0] ?? 'unknown';
}
