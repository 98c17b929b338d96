/**
 * @module probes/services/rdp — RDP (port 3389). Spec: [MS-RDPBCGR] §2.2.1.1 (X.224 Connection Request with
 * RDP_NEG_REQ) and §2.2.1.2 (Connection Confirm with RDP_NEG_RSP type 2 / RDP_NEG_FAILURE type 3), over TPKT
 * (RFC 1006: 0x03 0x00 + length). Sends a Connection Request asking for TLS | CredSSP; nothing more.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { u16, u32le } from '../util.js';

export const RDP_REQUEST = Buffer.from([
  0x03, 0x00, 0x00, 0x13,                   // TPKT, length 19
  0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, // X.224 CR: LI 14, CR CDT, dst-ref, src-ref, class 0
  0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00, // RDP_NEG_REQ: type 1, flags 0, length 8, PROTOCOL_SSL|HYBRID
]);

const PROTOCOLS: ReadonlyArray<[number, string]> = [[1, 'TLS'], [2, 'CredSSP'], [8, 'RDSTLS'], [16, 'CredSSP-EarlyAuth']];

export function parseRdp(data: Buffer): ServiceMatch | null {
  if (data.length < 11 || data[0] !== 0x03 || data[1] !== 0x00) { return null; }
  const len = u16(data, 2);
  if (len < 11 || len > 512 || ((data[5] as number) & 0xf0) !== 0xd0) { return null; }  // X.224 CC
  const facts: Record<string, string | string[]> = {};
  if (data.length >= 19 && data[11] === 0x02) {
    const sel = u32le(data, 15);
    facts['rdp.protocols'] = sel === 0 ? ['RDP'] : PROTOCOLS.filter(([b]) => (sel & b) !== 0).map(([, n]) => n);
  } else if (data.length >= 19 && data[11] === 0x03) {
    facts['rdp.failure'] = String(u32le(data, 15));
  }
  return { name: 'ms-wbt-server', product: 'Microsoft Terminal Services', confidence: data[11] === 0x02 || data[11] === 0x03 ? 1 : 0.85, facts };
}

export const rdpRule: ProbeRule = {
  name: 'rdp',
  service: 'ms-wbt-server',
  ports: [3389],
  payload: RDP_REQUEST,
  until: (d) => d.length >= 4 && d.length >= u16(d, 2),
  maxBytes: 1024,
  match: parseRdp,
};
