/**
 * @module probes/udp/chargen — Character Generator, port 19 (RFC 864): any datagram is answered with a datagram
 * of 0–512 characters of the rotating printable pattern. We send one byte.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildChargen(): Buffer { return Buffer.from([0x0a]); }

/** True when the reply looks like the RFC 864 pattern: printable ASCII lines, consecutive characters rising by one. */
export function looksLikeChargen(b: Buffer): boolean {
  if (b.length < 16) { return false; }
  let rising = 0;
  let pairs = 0;
  for (let i = 1; i < Math.min(b.length, 512); i++) {
    const p = b[i - 1] as number; const c = b[i] as number;
    if (c === 0x0d || c === 0x0a || p === 0x0d || p === 0x0a) { continue; }
    if (c < 0x20 || c > 0x7e) { return false; }
    pairs++;
    if (c === p + 1 || (p === 0x7e && c === 0x20) || (p === 0x7e && c === 0x21)) { rising++; }
  }
  return pairs > 0 && rising / pairs > 0.9;
}

export const chargenProbe: UdpProbe = {
  name: 'chargen',
  ports: [19],
  discovery: () => [buildChargen()],
  requests: () => [{ label: 'chargen', bytes: buildChargen() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => looksLikeChargen(b) ? true : null);
    return r ? { name: 'chargen', confidence: 1, label: r.exchange.label } : null;
  },
};
