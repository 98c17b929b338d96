/**
 * @module probes/udp/ubiquiti — Ubiquiti device discovery, port 10001 (vendor protocol, no public spec; the v1
 * request is 4 bytes `01 00 00 00`). Devices answer with TLVs: MAC/IP, hostname (0x0b), firmware (0x03), model (0x0c/0x14).
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildUbntDiscovery(): Buffer { return Buffer.from([0x01, 0x00, 0x00, 0x00]); }

export interface UbntReply { hostname?: string; firmware?: string; model?: string; tlvs: number }

export function parseUbnt(b: Buffer): UbntReply | null {
  if (b.length < 4 || b[0] !== 0x01 || b[1] !== 0x00) { return null; }
  const len = b.readUInt16BE(2);
  if (len === 0 || 4 + len > b.length) { return null; }
  const out: UbntReply = { tlvs: 0 };
  let off = 4;
  while (off + 3 <= 4 + len && out.tlvs < 64) {
    const t = b[off] as number;
    const l = b.readUInt16BE(off + 1);
    if (off + 3 + l > 4 + len) { return null; }
    const v = b.subarray(off + 3, off + 3 + l).toString('latin1').replace(/[^\x20-\x7e]/g, '').slice(0, 128);
    if (t === 0x0b) { out.hostname = v; } else if (t === 0x03) { out.firmware = v; } else if (t === 0x0c || t === 0x14) { out.model = v; }
    out.tlvs++;
    off += 3 + l;
  }
  return out.tlvs > 0 ? out : null;
}

export const ubiquitiProbe: UdpProbe = {
  name: 'ubiquiti-discovery',
  ports: [10001],
  discovery: () => [buildUbntDiscovery()],
  requests: () => [{ label: 'discovery', bytes: buildUbntDiscovery() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseUbnt(b));
    if (!r) { return null; }
    return { name: 'ubiquiti-discovery', product: r.value.model, version: r.value.firmware, extraInfo: r.value.hostname !== undefined ? `hostname ${r.value.hostname}` : undefined, confidence: 1, label: r.exchange.label };
  },
};
