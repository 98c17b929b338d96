/**
 * @module protocols/srvsvc — DCE/RPC over the SMB named pipe \PIPE\srvsvc ([C706] connection-oriented PDUs,
 * [MS-SRVS] §3.1.4.8 NetrShareEnum, opnum 15, level 1): a BIND to the srvsvc interface and one share-enumeration
 * request; the response parser returns the shares (name, type, remark). Pure; parsers never throw and stop at 256
 * entries. Spec: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-srvs/
 */

/** UUID in DCE/RPC wire order (first three fields little-endian). */
function uuid(s: string): Buffer {
  const h = s.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}
const SRVSVC = uuid('4b324fc8-1670-01d3-1278-5a47bf6ee188');
const NDR = uuid('8a885d04-1ceb-11c9-9fe8-08002b104860');

function header(ptype: number, body: Buffer, callId: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt8(5, 0);
  h.writeUInt8(ptype, 2);
  h.writeUInt8(0x03, 3);                        // first + last fragment
  h.writeUInt32LE(0x10, 4);                     // data representation: little-endian, ASCII, IEEE
  h.writeUInt16LE(16 + body.length, 8);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, body]);
}

export function bindSrvsvc(callId = 1): Buffer {
  const b = Buffer.alloc(12 + 44);
  b.writeUInt16LE(4280, 0);                     // max xmit
  b.writeUInt16LE(4280, 2);                     // max recv
  b.writeUInt8(1, 8);                           // one context item
  b.writeUInt16LE(0, 12);                       // context id
  b.writeUInt8(1, 14);                          // one transfer syntax
  SRVSVC.copy(b, 16);
  b.writeUInt16LE(3, 32);                       // interface version 3.0
  NDR.copy(b, 36);
  b.writeUInt32LE(2, 52);                       // NDR version 2
  return header(11, b, callId);
}

/** BIND_ACK accepting the context: result 0 for the first item. */
export function bindAccepted(d: Buffer): boolean {
  if (d.length < 28 || d[0] !== 5 || d[2] !== 12) { return false; }
  const secLen = d.readUInt16LE(24);
  const at = 26 + secLen;
  const resultsAt = at + ((4 - (at % 4)) % 4);
  return resultsAt + 6 <= d.length && d[resultsAt] as number >= 1 && d.readUInt16LE(resultsAt + 4) === 0;
}

function ndrString(s: string): Buffer {
  const chars = Buffer.from(`${s}\0`, 'utf16le');
  const n = chars.length / 2;
  const h = Buffer.alloc(12);
  h.writeUInt32LE(n, 0);
  h.writeUInt32LE(n, 8);
  const pad = (4 - ((12 + chars.length) % 4)) % 4;
  return Buffer.concat([h, chars, Buffer.alloc(pad)]);
}

/** REQUEST NetrShareEnum(ServerName, level 1, PreferedMaximumLength 0xffffffff, ResumeHandle 0). */
export function netShareEnum(server: string, callId = 2): Buffer {
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0, 0); return b; };
  const stub = Buffer.concat([u32(0x20000), ndrString(`\\\\${server}`), u32(1), u32(1), u32(0x20004), u32(0), u32(0), u32(0xffffffff), u32(0x20008), u32(0)]);
  const h = Buffer.alloc(8);
  h.writeUInt32LE(stub.length, 0);              // alloc hint
  h.writeUInt16LE(15, 6);                       // opnum NetrShareEnum
  return header(0, Buffer.concat([h, stub]), callId);
}

export interface Share { name: string; type: number; remark: string }
/** STYPE_* base types ([MS-SRVS] §2.2.2.4); 0x80000000 = special (admin) share. */
export const SHARE_TYPES: Readonly<Record<number, string>> = { 0: 'disk', 1: 'printer', 2: 'device', 3: 'ipc' };

/** The shares of a NetrShareEnum level-1 RESPONSE PDU, or null (a fault, an error status, malformed bytes). */
export function parseShareEnum(d: Buffer): Share[] | null {
  if (d.length < 24 || d[0] !== 5 || d[2] !== 2) { return null; }
  const s = d.subarray(24, Math.min(d.length, d.readUInt16LE(8)));
  let at = 0;
  const u32 = (): number => { if (at + 4 > s.length) { throw new RangeError('short'); } const v = s.readUInt32LE(at); at += 4; return v; };
  const str = (): string => {
    const actual = (u32(), u32(), u32());
    if (actual > 1024 || at + actual * 2 > s.length) { throw new RangeError('string'); }
    const v = s.subarray(at, at + actual * 2).toString('utf16le').replace(/\0+$/, '');
    at += actual * 2;
    at += (4 - (at % 4)) % 4;
    return v;
  };
  try {
    u32(); u32();                               // level, switch
    if (u32() === 0) { return []; }             // container pointer
    const count = u32();
    if (u32() === 0 || count === 0) { return []; }
    const max = u32();
    const n = Math.min(count, max, 256);
    const entries: Array<{ name: number; type: number; remark: number }> = [];
    for (let i = 0; i < n; i++) { entries.push({ name: u32(), type: u32(), remark: u32() }); }
    const shares: Share[] = [];
    for (const e of entries) { shares.push({ name: e.name !== 0 ? str() : '', type: e.type, remark: e.remark !== 0 ? str() : '' }); }
    return shares;
  } catch {
    return null;                                // truncated or malformed stub: no share list
  }
}
