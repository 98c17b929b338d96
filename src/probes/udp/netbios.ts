/**
 * @module probes/udp/netbios — NetBIOS Name Service, port 137 (RFC 1002 §4.2.17): a node-status (NBSTAT) query
 * for the wildcard name `*`; the reply lists the host's NetBIOS names (computer, workgroup) and its MAC address.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

/** First-level encoding of `*` padded with NULs (RFC 1001 §14.1): 32 letters. */
function encodedWildcard(): Buffer {
  const raw = Buffer.alloc(16);
  raw[0] = 0x2a;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) {
    out[1 + 2 * i] = 0x41 + (((raw[i] as number) >> 4) & 0x0f);
    out[2 + 2 * i] = 0x41 + ((raw[i] as number) & 0x0f);
  }
  return out; // last byte (34th) stays 0: the root label
}

export function buildNodeStatus(txid = 0x4748): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(txid, 0);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, encodedWildcard(), Buffer.from([0x00, 0x21, 0x00, 0x01])]);
}

export interface NbstatReply { names: { name: string; suffix: number; group: boolean }[]; mac: string | null }

export function parseNodeStatus(b: Buffer): NbstatReply | null {
  if (b.length < 57 || !((b[2] as number) & 0x80)) { return null; }
  let off = 12;
  // skip the echoed name (length-prefixed labels)
  while (off < b.length && b[off] !== 0) { off += 1 + (b[off] as number); }
  off += 1;
  if (off + 10 > b.length || b.readUInt16BE(off) !== 0x21) { return null; }
  off += 10; // type, class, ttl, rdlength
  const count = b[off] as number;
  off += 1;
  if (count === 0 || off + count * 18 > b.length) { return null; }
  const names: NbstatReply['names'] = [];
  for (let i = 0; i < Math.min(count, 64); i++) {
    const e = b.subarray(off + i * 18, off + i * 18 + 18);
    names.push({ name: e.subarray(0, 15).toString('latin1').replace(/[^\x20-\x7e]/g, '').trim(), suffix: e[15] as number, group: ((e[16] as number) & 0x80) !== 0 });
  }
  off += count * 18;
  const mac = off + 6 <= b.length ? [...b.subarray(off, off + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':') : null;
  return { names, mac };
}

export const netbiosProbe: UdpProbe = {
  name: 'netbios-ns',
  ports: [137],
  discovery: () => [buildNodeStatus()],
  requests: () => [{ label: 'nbstat', bytes: buildNodeStatus() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseNodeStatus(b));
    if (!r) { return null; }
    const host = r.value.names.find((n) => !n.group && n.suffix === 0)?.name;
    return { name: 'netbios-ns', extraInfo: host !== undefined ? `NetBIOS name ${host}` : undefined, confidence: 1, label: r.exchange.label };
  },
};
