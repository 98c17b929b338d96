/**
 * @module probes/udp/ntp — NTP, port 123. Mode 3 client request (RFC 5905 §7.3, 48 bytes), mode 6 READVAR of the
 * system variables (RFC 9327 control messages: the reply carries `version="ntpd …"`), and mode 7 MON_GETLIST_1
 * (implementation XNTPD, request 42: "monlist", the classic amplifier; ntpd ≤ 4.2.7p26 answers it, ntpsec has no mode 7).
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';

export function buildMode3(): Buffer {
  const b = Buffer.alloc(48);
  b[0] = 0x23; // LI 0, VN 4, mode 3 (client)
  b.writeUInt32BE(0x4748_4f55, 40); // transmit timestamp: any non-zero value; the server echoes it as origin
  return b;
}

export function buildMode6ReadVar(seq = 1): Buffer {
  const b = Buffer.alloc(12);
  b[0] = 0x16; // LI 0, VN 2, mode 6 (control)
  b[1] = 0x02; // opcode 2: read variables
  b.writeUInt16BE(seq, 2);
  return b;
}

export function buildMonlist(): Buffer {
  const b = Buffer.alloc(48);
  b[0] = 0x17; // request, VN 2, mode 7
  b[2] = 0x03; // implementation XNTPD
  b[3] = 0x2a; // MON_GETLIST_1
  return b;
}

export interface NtpServerReply { version: number; stratum: number; refid: string }

/** A mode 4 (server) reply: version number, stratum, reference id. */
export function parseMode4(b: Buffer): NtpServerReply | null {
  if (b.length < 48 || ((b[0] as number) & 0x07) !== 4) { return null; }
  const version = ((b[0] as number) >> 3) & 0x07;
  if (version < 1 || version > 4) { return null; }
  const stratum = b[1] as number;
  const ref = b.subarray(12, 16);
  const refid = stratum <= 1 ? ref.toString('latin1').replace(/[^\x20-\x7e]/g, '') : [...ref].join('.');
  return { version, stratum, refid };
}

export interface NtpControlReply { opcode: number; error: boolean; more: boolean; status: number; text: string }

/** A mode 6 response: the R bit set, data bounded by its count field. */
export function parseMode6(b: Buffer): NtpControlReply | null {
  if (b.length < 12 || ((b[0] as number) & 0x07) !== 6) { return null; }
  const op = b[1] as number;
  if (!(op & 0x80)) { return null; }
  const count = b.readUInt16BE(10);
  const text = b.subarray(12, 12 + Math.min(count, b.length - 12)).toString('latin1');
  return { opcode: op & 0x1f, error: (op & 0x40) !== 0, more: (op & 0x20) !== 0, status: b.readUInt16BE(4), text };
}

/** The `version="…"` system variable of a READVAR reply. */
export function mode6Version(text: string): string | null {
  const m = /(?:^|,)\s*version="([^"]{1,200})"/.exec(text);
  return m ? (m[1] as string) : null;
}

export interface NtpMonlistReply { items: number; itemSize: number; error: number; implementation: number; request: number }

/** A mode 7 response to MON_GETLIST(_1): item count and size; error code 0 means data follows. */
export function parseMode7(b: Buffer): NtpMonlistReply | null {
  if (b.length < 8 || ((b[0] as number) & 0x07) !== 7 || !((b[0] as number) & 0x80)) { return null; }
  const request = b[3] as number;
  const err = ((b[4] as number) >> 4) & 0x0f;
  const items = (((b[4] as number) & 0x0f) << 8) | (b[5] as number);
  const itemSize = (((b[6] as number) & 0x0f) << 8) | (b[7] as number);
  return { items, itemSize, error: err, implementation: b[2] as number, request };
}

/** Product and version from ntpd's version string ("ntpd ntpsec-1.2.2 …", "ntpd 4.2.8p15@1.3728-o …"). */
export function ntpProduct(version: string): { product?: string; version?: string } {
  const sec = /ntpsec-(\d[\w.]*)/.exec(version);
  if (sec) { return { product: 'NTPsec', version: sec[1] }; }
  const ref = /^ntpd (\d+\.\d+\.\d+(?:p\d+)?)/.exec(version);
  if (ref) { return { product: 'ntpd', version: ref[1] }; }
  return {};
}

export const ntpProbe: UdpProbe = {
  name: 'ntp',
  ports: [123],
  discovery: () => [buildMode3(), buildMode6ReadVar()],
  requests: () => [
    { label: 'mode3', bytes: buildMode3() },
    { label: 'mode6-readvar', bytes: buildMode6ReadVar() },
    { label: 'mode7-monlist', bytes: buildMonlist() },
  ],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const m6 = firstParsed(exchanges, (b) => parseMode6(b), 'mode6-readvar');
    const v = m6 ? mode6Version(m6.value.text) : null;
    if (v !== null) { return { name: 'ntp', ...ntpProduct(v), extraInfo: v, confidence: 1, label: 'mode6-readvar' }; }
    const m4 = firstParsed(exchanges, (b) => parseMode4(b));
    if (m4) { return { name: 'ntp', extraInfo: `NTPv${m4.value.version}, stratum ${m4.value.stratum}`, confidence: 1, label: m4.exchange.label }; }
    const any = firstParsed(exchanges, (b) => parseMode6(b) ?? parseMode7(b));
    return any ? { name: 'ntp', confidence: 0.9, label: any.exchange.label } : null;
  },
};
