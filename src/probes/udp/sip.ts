/**
 * @module probes/udp/sip — SIP, port 5060 (RFC 3261 §11): an OPTIONS request; any `SIP/2.0 <code>` response proves
 * the service, and its Server / User-Agent header names the product.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildOptions(host = 'gatehouse.invalid'): Buffer {
  return Buffer.from([
    `OPTIONS sip:gatehouse@${host} SIP/2.0`,
    'Via: SIP/2.0/UDP gatehouse.invalid:5060;branch=z9hG4bK-4748ab01;rport',
    'Max-Forwards: 70',
    `To: <sip:gatehouse@${host}>`,
    'From: <sip:gatehouse@gatehouse.invalid>;tag=4748ab01',
    'Call-ID: 4748ab01cd02ef05@gatehouse.invalid',
    'CSeq: 1 OPTIONS',
    'Accept: application/sdp',
    'Content-Length: 0',
    '', '',
  ].join('\r\n'), 'latin1');
}

export interface SipReply { code: number; reason: string; server: string | null }

export function parseSip(b: Buffer): SipReply | null {
  const text = b.subarray(0, 8192).toString('latin1');
  const m = /^SIP\/2\.0 (\d{3}) ([^\r\n]{0,100})\r?\n/.exec(text);
  if (!m) { return null; }
  const server = /^(?:Server|User-Agent):[ \t]*([^\r\n]{1,200})/im.exec(text);
  return { code: Number(m[1]), reason: (m[2] as string).trim(), server: server ? (server[1] as string).trim() : null };
}

export const sipProbe: UdpProbe = {
  name: 'sip',
  ports: [5060],
  discovery: () => [buildOptions()],
  requests: () => [{ label: 'options', bytes: buildOptions() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseSip(b));
    return r ? { name: 'sip', product: r.value.server ?? undefined, extraInfo: `${r.value.code} ${r.value.reason}`, confidence: 1, label: r.exchange.label } : null;
  },
};
