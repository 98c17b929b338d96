/**
 * @module probes/udp/coap — CoAP, port 5683 (RFC 7252; RFC 6690 discovery): a confirmable GET for
 * `/.well-known/core`; the reply (2.05 Content) lists the device's resources in CoRE link format.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export const COAP_MESSAGE_ID = 0x4748;

export function buildWellKnownCore(mid = COAP_MESSAGE_ID): Buffer {
  return Buffer.concat([
    Buffer.from([0x40, 0x01, (mid >> 8) & 0xff, mid & 0xff]), // v1, CON, TKL 0, GET
    Buffer.from([0xbb]), Buffer.from('.well-known', 'latin1'), // Uri-Path (11), 11 bytes
    Buffer.from([0x04]), Buffer.from('core', 'latin1'),       // Uri-Path again (delta 0), 4 bytes
  ]);
}

export interface CoapReply { code: string; messageId: number; payload: string }

export function parseCoap(b: Buffer): CoapReply | null {
  if (b.length < 4 || ((b[0] as number) >> 6) !== 1) { return null; }
  const tkl = (b[0] as number) & 0x0f;
  const code = b[1] as number;
  if (tkl > 8 || code < 0x40 || 4 + tkl > b.length) { return null; } // responses only (class 2..5)
  const marker = b.indexOf(0xff, 4 + tkl);
  const payload = marker >= 0 ? b.subarray(marker + 1, marker + 1 + 2048).toString('latin1') : '';
  return { code: `${code >> 5}.${String(code & 31).padStart(2, '0')}`, messageId: b.readUInt16BE(2), payload };
}

export const coapProbe: UdpProbe = {
  name: 'coap',
  ports: [5683],
  discovery: () => [buildWellKnownCore()],
  requests: () => [{ label: 'well-known-core', bytes: buildWellKnownCore() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseCoap(b));
    return r ? { name: 'coap', extraInfo: `${r.value.code}${r.value.payload ? `: ${r.value.payload.slice(0, 120)}` : ''}`, confidence: r.value.messageId === COAP_MESSAGE_ID ? 1 : 0.7, label: r.exchange.label } : null;
  },
};
