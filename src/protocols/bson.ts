/**
 * @module protocols/bson — the BSON subset (https://bsonspec.org/spec.html) MongoDB identification (src/probes) and
 * the MongoDB check (src/checks) share: encode a command document (strings, int32, booleans, nested documents) and
 * decode replies into plain values. Decoding untrusted bytes never throws: it returns null on anything malformed or
 * deeper than 8 levels. An unknown element type ends decoding: with null (strict, the check's default), or, when
 * `tolerant`, with the fields read so far if there are any (identification only needs `ok` and `version`).
 */

export type BsonValue = string | number | boolean | null | bigint | BsonValue[] | { [k: string]: BsonValue };
export type BsonDoc = { [k: string]: BsonValue };

function cstring(s: string): Buffer { return Buffer.from(`${s}\0`, 'utf8'); }

export function encodeBson(doc: Record<string, string | number | boolean | Record<string, string | number | boolean>>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'string') {
      const s = Buffer.from(v, 'utf8');
      const len = Buffer.alloc(4); len.writeInt32LE(s.length + 1);
      parts.push(Buffer.from([0x02]), cstring(k), len, s, Buffer.from([0]));
    } else if (typeof v === 'number') {
      const n = Buffer.alloc(4); n.writeInt32LE(v);
      parts.push(Buffer.from([0x10]), cstring(k), n);
    } else if (typeof v === 'boolean') {
      parts.push(Buffer.from([0x08]), cstring(k), Buffer.from([v ? 1 : 0]));
    } else {
      parts.push(Buffer.from([0x03]), cstring(k), encodeBson(v));
    }
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(4 + body.length + 1);
  out.writeInt32LE(out.length, 0);
  body.copy(out, 4);
  return out;
}

/** Decode one document at the start of `b`; null when malformed. Unknown element types end decoding with null. */
export function decodeBson(b: Buffer, depth = 0, tolerant = false): BsonDoc | null {
  if (depth > 8 || b.length < 5) { return null; }
  const len = b.readInt32LE(0);
  if (len < 5 || len > b.length || b[len - 1] !== 0) { return null; }
  const doc: BsonDoc = {};
  let i = 4;
  while (i < len - 1) {
    const type = b[i] as number;
    const nameEnd = b.indexOf(0, i + 1);
    if (nameEnd < 0 || nameEnd >= len) { return null; }
    const name = b.subarray(i + 1, nameEnd).toString('utf8');
    i = nameEnd + 1;
    const need = (n: number): boolean => i + n <= len - 1;
    switch (type) {
      case 0x01: if (!need(8)) { return null; } doc[name] = b.readDoubleLE(i); i += 8; break;
      case 0x02: case 0x0d: case 0x0e: {
        if (!need(4)) { return null; }
        const sl = b.readInt32LE(i);
        if (sl < 1 || !need(4 + sl)) { return null; }
        doc[name] = b.subarray(i + 4, i + 4 + sl - 1).toString('utf8'); i += 4 + sl; break;
      }
      case 0x03: case 0x04: {
        if (!need(5)) { return null; }
        const sub = decodeBson(b.subarray(i, len - 1), depth + 1, tolerant);
        if (sub === null) { return null; }
        doc[name] = type === 0x04 ? Object.values(sub) : sub; i += b.readInt32LE(i); break;
      }
      case 0x05: { if (!need(5)) { return null; } const bl = b.readInt32LE(i); if (bl < 0 || !need(5 + bl)) { return null; } doc[name] = `<binary ${bl} bytes>`; i += 5 + bl; break; }
      case 0x07: if (!need(12)) { return null; } doc[name] = b.subarray(i, i + 12).toString('hex'); i += 12; break;
      case 0x08: if (!need(1)) { return null; } doc[name] = b[i] === 1; i += 1; break;
      case 0x09: case 0x11: case 0x12: if (!need(8)) { return null; } doc[name] = b.readBigInt64LE(i); i += 8; break;
      case 0x0a: doc[name] = null; break;
      case 0x10: if (!need(4)) { return null; } doc[name] = b.readInt32LE(i); i += 4; break;
      case 0x13: if (!need(16)) { return null; } doc[name] = '<decimal128>'; i += 16; break;
      default: return tolerant && Object.keys(doc).length > 0 ? doc : null;
    }
  }
  return doc;
}
