/**
 * @module lab/services/emulators/bson — the slice of BSON the MongoDB EMULATOR needs: encode plain objects (string,
 * number, boolean, null, Date, arrays, nested objects; integers as int32 when they fit, else double; BigInt as int64)
 * and decode the command documents clients send (unknown element types end the decode with what was read).
 */

export function encode(doc) {
  const parts = [];
  for (const [key, value] of Object.entries(doc)) { parts.push(element(key, value)); }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(4 + body.length + 1);
  out.writeInt32LE(out.length, 0);
  body.copy(out, 4);
  return out;
}

function cstring(s) { return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]); }

function element(key, value) {
  const name = cstring(key);
  const head = (type) => Buffer.concat([Buffer.from([type]), name]);
  if (value === null || value === undefined) { return head(0x0a); }
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    const len = Buffer.alloc(4); len.writeInt32LE(s.length + 1, 0);
    return Buffer.concat([head(0x02), len, s, Buffer.from([0])]);
  }
  if (typeof value === 'boolean') { return Buffer.concat([head(0x08), Buffer.from([value ? 1 : 0])]); }
  if (typeof value === 'bigint') { const b = Buffer.alloc(8); b.writeBigInt64LE(value, 0); return Buffer.concat([head(0x12), b]); }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) { const b = Buffer.alloc(4); b.writeInt32LE(value, 0); return Buffer.concat([head(0x10), b]); }
    const b = Buffer.alloc(8); b.writeDoubleLE(value, 0); return Buffer.concat([head(0x01), b]);
  }
  if (value instanceof Date) { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(value.getTime()), 0); return Buffer.concat([head(0x09), b]); }
  if (Array.isArray(value)) { return Buffer.concat([head(0x04), encode(Object.fromEntries(value.map((v, i) => [String(i), v])))]); }
  return Buffer.concat([head(0x03), encode(value)]);
}

/** Decodes one document at `buf[offset]`; returns [object, byteLength]. Throws on a length outside the buffer. */
export function decode(buf, offset = 0) {
  const len = buf.readInt32LE(offset);
  if (len < 5 || offset + len > buf.length) { throw new RangeError('bad BSON length'); }
  const end = offset + len - 1;
  const doc = {};
  let i = offset + 4;
  while (i < end) {
    const type = buf[i++];
    const z = buf.indexOf(0, i);
    if (z < 0 || z > end) { break; }
    const key = buf.toString('utf8', i, z);
    i = z + 1;
    if (type === 0x01) { doc[key] = buf.readDoubleLE(i); i += 8; }
    else if (type === 0x02) { const n = buf.readInt32LE(i); doc[key] = buf.toString('utf8', i + 4, i + 4 + n - 1); i += 4 + n; }
    else if (type === 0x03 || type === 0x04) { const [v, n] = decode(buf, i); doc[key] = type === 0x04 ? Object.values(v) : v; i += n; }
    else if (type === 0x05) { const n = buf.readInt32LE(i); doc[key] = buf.subarray(i + 5, i + 5 + n); i += 5 + n; }
    else if (type === 0x07) { doc[key] = buf.subarray(i, i + 12).toString('hex'); i += 12; }
    else if (type === 0x08) { doc[key] = buf[i] === 1; i += 1; }
    else if (type === 0x09 || type === 0x11 || type === 0x12) { doc[key] = buf.readBigInt64LE(i); i += 8; }
    else if (type === 0x0a) { doc[key] = null; }
    else if (type === 0x10) { doc[key] = buf.readInt32LE(i); i += 4; }
    else { break; }
  }
  return [doc, len];
}
