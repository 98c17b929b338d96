/**
 * @module probes/udp/portmap — ONC RPC portmapper, port 111 (RFC 1833 §3, RFC 5531): PMAPPROC_DUMP (program 100000
 * version 2 procedure 4) with AUTH_NULL; the reply lists every registered RPC program, version, protocol and port.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export const PORTMAP_XID = 0x4748ab01;

export function buildDump(xid = PORTMAP_XID): Buffer {
  const b = Buffer.alloc(40);
  b.writeUInt32BE(xid, 0);
  b.writeUInt32BE(0, 4);        // CALL
  b.writeUInt32BE(2, 8);        // RPC version 2
  b.writeUInt32BE(100000, 12);  // portmapper
  b.writeUInt32BE(2, 16);       // version 2
  b.writeUInt32BE(4, 20);       // DUMP
  return b;                     // cred and verf: AUTH_NULL, length 0
}

export interface RpcMapping { program: number; version: number; protocol: number; port: number }

/** The mappings of a successful DUMP reply to our xid; null for anything else. */
export function parseDump(b: Buffer, xid = PORTMAP_XID): RpcMapping[] | null {
  if (b.length < 24 || b.readUInt32BE(0) !== xid || b.readUInt32BE(4) !== 1 || b.readUInt32BE(8) !== 0) { return null; }
  const verfLen = b.readUInt32BE(16);
  let off = 20 + verfLen;
  if (verfLen > 400 || off + 4 > b.length || b.readUInt32BE(off) !== 0) { return null; }
  off += 4;
  const out: RpcMapping[] = [];
  while (off + 4 <= b.length && b.readUInt32BE(off) === 1 && out.length < 512) {
    if (off + 20 > b.length) { return null; }
    out.push({ program: b.readUInt32BE(off + 4), version: b.readUInt32BE(off + 8), protocol: b.readUInt32BE(off + 12), port: b.readUInt32BE(off + 16) });
    off += 20;
  }
  return out;
}

export const portmapProbe: UdpProbe = {
  name: 'rpcbind',
  ports: [111],
  discovery: () => [buildDump()],
  requests: () => [{ label: 'dump', bytes: buildDump() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseDump(b));
    return r ? { name: 'rpcbind', extraInfo: `${r.value.length} RPC mapping(s)`, confidence: 1, label: r.exchange.label } : null;
  },
};
