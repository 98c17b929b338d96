/**
 * @module probes/udp/ipmi — IPMI over RMCP, port 623 (IPMI v2.0 §13, DMTF ASF RMCP): a session-less IPMI 1.5
 * Get Channel Authentication Capabilities request (NetFn App, command 0x38) for the current channel, admin level.
 * The reply shows the BMC's supported authentication (incl. IPMI 2.0/RAKP, whose hashes leak to anyone: CVE-2013-4786).
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildGetChannelAuth(): Buffer {
  return Buffer.from('0600ff07' + '00' + '00000000' + '00000000' + '09' + '20' + '18' + 'c8' + '81' + '00' + '38' + '8e' + '04' + 'b5', 'hex');
}

export interface IpmiAuthReply { completion: number; channel: number; authTypes: number; ipmi20: boolean; anonymous: boolean }

export function parseChannelAuth(b: Buffer): IpmiAuthReply | null {
  if (b.length < 22 || b[0] !== 0x06 || b[3] !== 0x07) { return null; }
  const authType = b[4] as number;
  const msgStart = authType === 0 ? 14 : 30;
  if (b.length < msgStart + 9) { return null; }
  const m = b.subarray(msgStart);
  if (((m[1] as number) >> 2) !== 0x07 || m[5] !== 0x38) { return null; } // App response, command 0x38
  const completion = m[6] as number;
  if (completion !== 0) { return { completion, channel: 0, authTypes: 0, ipmi20: false, anonymous: false }; }
  const auth = m[8] as number;
  const status = m[9] as number;
  return { completion, channel: m[7] as number, authTypes: auth & 0x3f, ipmi20: (auth & 0x80) !== 0, anonymous: (status & 0x04) !== 0 || (status & 0x02) !== 0 };
}

export const ipmiProbe: UdpProbe = {
  name: 'asf-rmcp',
  ports: [623],
  discovery: () => [buildGetChannelAuth()],
  requests: () => [{ label: 'channel-auth', bytes: buildGetChannelAuth() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseChannelAuth(b));
    if (!r) { return null; }
    return { name: 'ipmi', product: 'IPMI BMC', extraInfo: r.value.completion === 0 ? `IPMI ${r.value.ipmi20 ? '2.0' : '1.5'}${r.value.anonymous ? ', anonymous/null login enabled' : ''}` : `completion 0x${r.value.completion.toString(16)}`, confidence: 1, label: r.exchange.label };
  },
};
