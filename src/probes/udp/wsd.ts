/**
 * @module probes/udp/wsd — WS-Discovery, port 3702 (OASIS WS-Discovery 1.1 / the 2005/04 draft devices speak): a
 * SOAP-over-UDP Probe with no type filter, unicast; devices (printers, cameras) answer ProbeMatches with XAddrs.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildProbe(uuid = '4748ab01-cd02-4f05-8a06-000000004748'): Buffer {
  return Buffer.from('<?xml version="1.0" encoding="utf-8"?>'
    + '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
    + '<soap:Header><wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>'
    + '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>'
    + `<wsa:MessageID>urn:uuid:${uuid}</wsa:MessageID></soap:Header>`
    + '<soap:Body><wsd:Probe/></soap:Body></soap:Envelope>', 'utf8');
}

export interface WsdReply { types: string | null; xaddrs: string | null }

export function parseWsd(b: Buffer): WsdReply | null {
  const text = b.subarray(0, 65536).toString('utf8');
  if (!/<(\w+:)?Envelope[\s>]/.test(text) || !/ProbeMatch/.test(text)) { return null; }
  const pick = (tag: string): string | null => { const m = new RegExp(`<(?:\\w+:)?${tag}>([^<]{1,500})</`).exec(text); return m ? (m[1] as string).trim() : null; };
  return { types: pick('Types'), xaddrs: pick('XAddrs') };
}

export const wsdProbe: UdpProbe = {
  name: 'ws-discovery',
  ports: [3702],
  discovery: () => [buildProbe()],
  requests: () => [{ label: 'probe', bytes: buildProbe() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseWsd(b));
    return r ? { name: 'ws-discovery', extraInfo: [r.value.types, r.value.xaddrs].filter((x) => x !== null).join(' ') || undefined, confidence: 1, label: r.exchange.label } : null;
  },
};
