/** @module knowledge/top-ports — the n ports most often found open, from the ranked list in top-ports.json. */
import type { Protocol } from '../core/types.js';
import { UsageError } from '../errors/index.js';
import { topPortsData } from './services.js';

/**
 * The n ports most often found open (the first n of the ranked list in knowledge/top-ports.json), returned
 * sorted ascending like every PortSpec list. n must be 1..list length.
 */
export function topPorts(n: number, protocol: Protocol): number[] {
  const list = topPortsData()[protocol];
  if (!Number.isInteger(n) || n < 1 || n > list.length) {
    throw new UsageError('GH_ERR_PORT_SYNTAX', `--top-ports must be 1-${list.length} for ${protocol}, got ${n}`);
  }
  return list.slice(0, n).sort((a, b) => a - b);
}
