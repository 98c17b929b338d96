/**
 * @module probes/udp/openvpn — OpenVPN, port 1194 (OpenVPN wire protocol, ssl.h): P_CONTROL_HARD_RESET_CLIENT_V2
 * (opcode 7, key id 0) with a session id, no tls-auth HMAC. A server without tls-auth answers
 * P_CONTROL_HARD_RESET_SERVER_V2 (opcode 8); with tls-auth it stays silent (open|filtered).
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export const OPENVPN_SESSION = Buffer.from('4748ab01cd02ef04', 'hex');

export function buildHardReset(session = OPENVPN_SESSION): Buffer {
  return Buffer.concat([Buffer.from([7 << 3]), session, Buffer.from([0x00]), Buffer.alloc(4)]);
}

export interface OpenVpnReply { opcode: number; keyId: number; acksOurSession: boolean }

export function parseOpenVpn(b: Buffer, session = OPENVPN_SESSION): OpenVpnReply | null {
  if (b.length < 14) { return null; }
  const opcode = (b[0] as number) >> 3;
  if (opcode !== 8) { return null; }
  const acks = b[9] as number;
  const acksOurSession = acks > 0 && b.length >= 10 + acks * 4 + 8 && b.subarray(10 + acks * 4, 18 + acks * 4).equals(session);
  return { opcode, keyId: (b[0] as number) & 7, acksOurSession };
}

export const openvpnProbe: UdpProbe = {
  name: 'openvpn',
  ports: [1194],
  discovery: () => [buildHardReset()],
  requests: () => [{ label: 'hard-reset', bytes: buildHardReset() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseOpenVpn(b));
    return r ? { name: 'openvpn', extraInfo: 'P_CONTROL_HARD_RESET_SERVER_V2 (no tls-auth)', confidence: r.value.acksOurSession ? 1 : 0.8, label: r.exchange.label } : null;
  },
};
