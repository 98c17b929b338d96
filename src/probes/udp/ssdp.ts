/**
 * @module probes/udp/ssdp — SSDP, port 1900 (UPnP Device Architecture 2.0 §1.3.2): a unicast M-SEARCH for
 * `ssdp:all`; devices answer with HTTP-over-UDP `200 OK` carrying SERVER, LOCATION, ST and USN.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildMSearch(): Buffer {
  return Buffer.from('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n', 'latin1');
}

export interface SsdpReply { status: number; headers: Record<string, string> }

/** An HTTP/1.x status line and headers (names lower-cased; at most 32 headers of 512 bytes). */
export function parseSsdp(b: Buffer): SsdpReply | null {
  const text = b.subarray(0, 8192).toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r?\n/.exec(text);
  if (!m) { return null; }
  const headers: Record<string, string> = {};
  for (const line of text.slice(m[0].length).split(/\r?\n/).slice(0, 32)) {
    const i = line.indexOf(':');
    if (i > 0) { headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim().slice(0, 512); }
  }
  return { status: Number(m[1]), headers };
}

export const ssdpProbe: UdpProbe = {
  name: 'ssdp',
  ports: [1900],
  discovery: () => [buildMSearch()],
  requests: () => [{ label: 'm-search', bytes: buildMSearch(), slow: true }], // MX: 1 → answers within a random second
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => { const p = parseSsdp(b); return p && (p.headers.st !== undefined || p.headers.usn !== undefined) ? p : null; });
    if (!r) { return null; }
    const server = r.value.headers.server;
    return { name: 'ssdp', product: server, extraInfo: r.value.headers.location ? `location ${r.value.headers.location}` : undefined, confidence: 1, label: r.exchange.label };
  },
};
