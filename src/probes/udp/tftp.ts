/**
 * @module probes/udp/tftp — TFTP, port 69 (RFC 1350). Sends a read request (RRQ) for a file name that should not
 * exist; a server answers with DATA (opcode 3) or ERROR (opcode 5) — from a new port (its transfer id), so this
 * module is interrogated with an unconnected socket and accepts replies from any port of the target.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildRrq(file = 'gatehouse-probe-4748.txt'): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.from(`${file}\0octet\0`, 'latin1')]);
}

export interface TftpReply { opcode: 3 | 5 | 6; block?: number; errorCode?: number; message?: string; dataBytes?: number }

export function parseTftp(b: Buffer): TftpReply | null {
  if (b.length < 4 || b[0] !== 0) { return null; }
  const op = b[1] as number;
  if (op === 3) { return b.length <= 516 ? { opcode: 3, block: b.readUInt16BE(2), dataBytes: b.length - 4 } : null; }
  if (op === 5) {
    const end = b.indexOf(0, 4);
    if (end < 0) { return null; }
    return { opcode: 5, errorCode: b.readUInt16BE(2), message: b.subarray(4, Math.min(end, 4 + 200)).toString('latin1').replace(/[^\x20-\x7e]/g, '') };
  }
  if (op === 6) { return { opcode: 6 }; }
  return null;
}

export const tftpProbe: UdpProbe = {
  name: 'tftp',
  ports: [69],
  repliesFromOtherPort: true,
  discovery: () => [buildRrq()],
  requests: () => [{ label: 'rrq', bytes: buildRrq() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseTftp(b));
    if (!r) { return null; }
    return { name: 'tftp', extraInfo: r.value.opcode === 5 ? `error ${r.value.errorCode ?? 0}: ${r.value.message ?? ''}` : 'sent data', confidence: 1, label: r.exchange.label };
  },
};
