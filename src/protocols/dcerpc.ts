/**
 * @module protocols/dcerpc — DCE/RPC connection-oriented PDUs (C706 chapter 12; [MS-RPCE] §2.2.2), just what
 * identifying an endpoint mapper needs: a BIND to the epmapper interface (e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0,
 * NDR transfer syntax) and the parse of the BIND_ACK / BIND_NAK answer. Little-endian data representation.
 */

export const PTYPE = { request: 0, response: 2, fault: 3, bind: 11, bindAck: 12, bindNak: 13 } as const;
export const EPMAPPER_UUID = 'e1af8308-5d1f-11c9-91a4-08002b14a0fa';
export const NDR_UUID = '8a885d04-1ceb-11c9-9fe8-08002b104860';

/** A UUID in DCE little-endian wire order (the first three fields byte-swapped). */
export function uuidBytes(uuid: string): Buffer {
  const h = uuid.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  if (b.length !== 16) { throw new RangeError(`not a UUID: ${uuid}`); }
  b.subarray(0, 4).reverse(); b.subarray(4, 6).reverse(); b.subarray(6, 8).reverse();
  return b;
}

export function uuidText(b: Buffer): string {
  const c = Buffer.from(b.subarray(0, 16));
  c.subarray(0, 4).reverse(); c.subarray(4, 6).reverse(); c.subarray(6, 8).reverse();
  const h = c.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function header(ptype: number, bodyLength: number, callId: number): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5; h[1] = 0; h[2] = ptype; h[3] = 0x03; // first + last fragment
  h.writeUInt32LE(0x00000010, 4);                 // drep: little-endian, ASCII, IEEE
  h.writeUInt16LE(16 + bodyLength, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt32LE(callId, 12);
  return h;
}

/** BIND for one presentation context: the epmapper interface (v3.0) over NDR (v2). */
export function bindEpmapper(callId = 1): Buffer {
  const body = Buffer.alloc(8 + 4 + 4 + 20 + 20);
  body.writeUInt16LE(4280, 0); body.writeUInt16LE(4280, 2); body.writeUInt32LE(0, 4);
  body[8] = 1;                                     // n_context_elem
  body.writeUInt16LE(0, 12); body[14] = 1;         // p_cont_id 0, one transfer syntax
  uuidBytes(EPMAPPER_UUID).copy(body, 16); body.writeUInt16LE(3, 32); body.writeUInt16LE(0, 34);
  uuidBytes(NDR_UUID).copy(body, 36); body.writeUInt32LE(2, 52);
  return Buffer.concat([header(PTYPE.bind, body.length, callId), body]);
}

/** The PDU is whole (its frag_length is in). */
export function pduComplete(d: Buffer): boolean {
  return d.length >= 10 && d.length >= d.readUInt16LE(8);
}

export interface BindAnswer {
  kind: 'ack' | 'nak';
  /** BIND_ACK: the secondary address (the port the server names, "135"). */
  secondaryAddress?: string;
  /** BIND_ACK: the first context's result (0 acceptance, 1 user rejection, 2 provider rejection). */
  result?: number;
  /** BIND_NAK: the provider reject reason. */
  reason?: number;
}

/** A BIND_ACK or BIND_NAK (version 5.0, little-endian), or null for anything else. */
export function parseBindAnswer(d: Buffer): BindAnswer | null {
  if (d.length < 16 || d[0] !== 5 || d[1] !== 0 || ((d[4] as number) & 0xf0) !== 0x10) { return null; }
  const len = d.readUInt16LE(8);
  if (len < 16 || len > 5840 || d.length < len) { return null; }
  if (d[2] === PTYPE.bindNak) { return len >= 18 ? { kind: 'nak', reason: d.readUInt16LE(16) } : null; }
  if (d[2] !== PTYPE.bindAck || len < 26) { return null; }
  const secLen = d.readUInt16LE(24);
  if (26 + secLen > len) { return null; }
  const secondaryAddress = d.toString('latin1', 26, 26 + Math.max(0, secLen - 1)).replace(/[^\x20-\x7e]/g, '');
  const results = 26 + secLen + ((4 - ((26 + secLen) % 4)) % 4);
  const out: BindAnswer = { kind: 'ack', secondaryAddress };
  if (results + 6 <= len && (d[results] as number) >= 1) { out.result = d.readUInt16LE(results + 4); }
  return out;
}
