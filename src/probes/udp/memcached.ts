/**
 * @module probes/udp/memcached — memcached over UDP, port 11211 (protocol.txt "UDP protocol"): every datagram
 * starts with an 8-byte frame header (request id, sequence number, datagram count, reserved); we send `stats`.
 * A reply of `STAT …` lines over UDP is the 2018 amplifier (factors in the tens of thousands with stored values).
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';

export function buildStats(requestId = 0x4748): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(requestId, 0);
  h.writeUInt16BE(0, 2);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, Buffer.from('stats\r\n', 'latin1')]);
}

export interface MemcachedFrame { requestId: number; seq: number; total: number; payload: Buffer }

export function parseFrame(b: Buffer): MemcachedFrame | null {
  if (b.length < 8 || b.readUInt16BE(6) !== 0) { return null; }
  const total = b.readUInt16BE(4);
  const seq = b.readUInt16BE(2);
  if (total === 0 || seq >= total) { return null; }
  return { requestId: b.readUInt16BE(0), seq, total, payload: b.subarray(8) };
}

/** STAT name → value from the frames of one reply, in sequence order; null if no frame holds a STAT line. */
export function parseStats(frames: readonly Buffer[]): Record<string, string> | null {
  const parsed = frames.map((f) => parseFrame(f)).filter((f): f is MemcachedFrame => f !== null).sort((a, b) => a.seq - b.seq);
  const text = Buffer.concat(parsed.map((f) => f.payload)).subarray(0, 65536).toString('latin1');
  const stats: Record<string, string> = {};
  let n = 0;
  for (const m of text.matchAll(/^STAT (\S{1,64}) ([^\r\n]{0,256})\r?$/gm)) {
    stats[m[1] as string] = m[2] as string;
    if (++n >= 512) { break; }
  }
  return n > 0 ? stats : null;
}

export const memcachedProbe: UdpProbe = {
  name: 'memcache',
  ports: [11211],
  discovery: () => [buildStats()],
  requests: () => [{ label: 'stats', bytes: buildStats() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    for (const ex of exchanges) {
      const s = parseStats(ex.replies);
      if (s) { return { name: 'memcache', product: 'memcached', version: s.version, confidence: 1, label: ex.label }; }
    }
    return null;
  },
};
