/**
 * @module probes/udp/qotd — Quote of the Day, port 17 (RFC 865): any datagram is answered with a short message
 * (a quote, < 512 characters). We send one byte; a reply of printable text proves it.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildQotd(): Buffer { return Buffer.from([0x0a]); }

/** The quote, when the reply is 1–512 bytes of printable text (tabs and line breaks allowed). */
export function parseQuote(b: Buffer): string | null {
  if (b.length === 0 || b.length > 512) { return null; }
  for (const c of b) { if ((c < 0x20 || c > 0x7e) && c !== 0x0a && c !== 0x0d && c !== 0x09) { return null; } }
  const text = b.toString('latin1').trim();
  return text === '' ? null : text;
}

export const qotdProbe: UdpProbe = {
  name: 'qotd',
  ports: [17],
  discovery: () => [buildQotd()],
  requests: () => [{ label: 'qotd', bytes: buildQotd() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseQuote(b));
    return r ? { name: 'qotd', extraInfo: r.value.slice(0, 100), confidence: 0.9, label: r.exchange.label } : null;
  },
};
