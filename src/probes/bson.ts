/**
 * @module probes/bson — the little BSON (bsonspec.org) MongoDB detection needs: encode a flat document of int32
 * and string fields; decode one top-level document (double, string, embedded doc/array skipped, bool, int32,
 * int64 as number, null), bounded and never throwing.
 */
export type BsonValue = string | number | boolean | null | undefined;

export function bsonDoc(fields: ReadonlyArray<[string, number | string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of fields) {
    const key = Buffer.from(`${k}\0`, 'utf8');
    if (typeof v === 'number') {
      const n = Buffer.alloc(4); n.writeInt32LE(v, 0);
      parts.push(Buffer.from([0x10]), key, n);
    } else {
      const s = Buffer.from(`${v}\0`, 'utf8'); const n = Buffer.alloc(4); n.writeInt32LE(s.length, 0);
      parts.push(Buffer.from([0x02]), key, n, s);
    }
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(4 + body.length + 1);
  out.writeInt32LE(out.length, 0);
  body.copy(out, 4);
  return out;
}

/** Decode the document at `off` (top level only); null when malformed. */
export function readBson(d: Buffer, off: number): Record<string, BsonValue> | null {
  if (off + 5 > d.length) { return null; }
  const len = d.readInt32LE(off);
  if (len < 5 || off + len > d.length) { return null; }
  const end = off + len - 1;
  const out = Object.create(null) as Record<string, BsonValue>;
  let i = off + 4;
  let fields = 0;
  while (i < end && fields < 256) {
    const type = d[i] as number;
    const keyEnd = d.indexOf(0, i + 1);
    if (keyEnd < 0 || keyEnd >= end) { return null; }
    const key = d.toString('utf8', i + 1, Math.min(keyEnd, i + 65));
    i = keyEnd + 1;
    let size: number;
    let value: BsonValue;
    if (type === 0x01) { size = 8; value = i + 8 <= end ? d.readDoubleLE(i) : undefined; } else if (type === 0x02) {
      if (i + 4 > end) { return null; }
      const n = d.readInt32LE(i);
      if (n < 1 || i + 4 + n > end + 1) { return null; }
      size = 4 + n; value = d.toString('utf8', i + 4, Math.min(i + 4 + n - 1, i + 4 + 1024));
    } else if (type === 0x03 || type === 0x04) {
      if (i + 4 > end) { return null; }
      size = d.readInt32LE(i); value = undefined;
      if (size < 5) { return null; }
    } else if (type === 0x08) { size = 1; value = d[i] === 1; } else if (type === 0x10) { size = 4; value = i + 4 <= end ? d.readInt32LE(i) : undefined; } else if (type === 0x12 || type === 0x09 || type === 0x11) { size = 8; value = i + 8 <= end ? Number(d.readBigInt64LE(i)) : undefined; } else if (type === 0x0a) { size = 0; value = null; } else if (type === 0x07) { size = 12; value = undefined; } else { return Object.keys(out).length > 0 ? out : null; }
    if (i + size > end) { return null; }
    out[key] = value;
    i += size;
    fields += 1;
  }
  return out;
}
