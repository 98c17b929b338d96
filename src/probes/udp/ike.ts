/**
 * @module probes/udp/ike — IKE/ISAKMP, port 500 (RFC 2408/2409): an IKEv1 Main Mode SA proposal (3DES, SHA-1,
 * pre-shared key, MODP-1024; the classic ike-scan transform). Any ISAKMP reply echoing our initiator cookie proves
 * the service — a NOTIFY (e.g. NO-PROPOSAL-CHOSEN) as much as an SA.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export const IKE_COOKIE = Buffer.from('4748ab01cd02ef03', 'hex');

export function buildMainMode(cookie = IKE_COOKIE): Buffer {
  const attrs = Buffer.from('80010005' + '80020002' + '80030001' + '80040002' + '800b0001' + '000c000400007080', 'hex');
  const transform = Buffer.concat([Buffer.from([0, 0]), u16(8 + attrs.length), Buffer.from([1, 1, 0, 0]), attrs]);
  const proposal = Buffer.concat([Buffer.from([0, 0]), u16(8 + transform.length), Buffer.from([1, 1, 0, 1]), transform]);
  const sa = Buffer.concat([Buffer.from([0, 0]), u16(12 + proposal.length), u32(1), u32(1), proposal]);
  const header = Buffer.concat([cookie, Buffer.alloc(8), Buffer.from([0x01, 0x10, 0x02, 0x00]), u32(0), u32(28 + sa.length)]);
  return Buffer.concat([header, sa]);
}

function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }

export interface IkeReply { version: string; exchange: number; nextPayload: number; notify: number | null }

export function parseIke(b: Buffer, cookie = IKE_COOKIE): IkeReply | null {
  if (b.length < 28 || !b.subarray(0, 8).equals(cookie)) { return null; }
  const len = b.readUInt32BE(24);
  if (len < 28 || len > 65535) { return null; }
  const ver = b[17] as number;
  const next = b[16] as number;
  // first payload a NOTIFY (v1: 11): its message type sits at offset 8 of the payload + 4 (DOI, protocol, spi size)
  const notify = next === 11 && b.length >= 40 ? b.readUInt16BE(28 + 10) : null;
  return { version: `${ver >> 4}.${ver & 15}`, exchange: b[18] as number, nextPayload: next, notify };
}

export const ikeProbe: UdpProbe = {
  name: 'isakmp',
  ports: [500],
  discovery: () => [buildMainMode()],
  requests: () => [{ label: 'main-mode', bytes: buildMainMode() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseIke(b));
    if (!r) { return null; }
    return { name: 'isakmp', extraInfo: `IKE ${r.value.version}${r.value.notify !== null ? `, notify ${r.value.notify}` : ''}`, confidence: 1, label: r.exchange.label };
  },
};
