/**
 * @module probes/ber — a minimal, bounded BER (X.690) reader/writer for LDAP detection: definite lengths only,
 * depth ≤ 8, at most 256 children per node; malformed input gives null, never an exception.
 */
export interface Ber { tag: number; value: Buffer; end: number; children?: Ber[] }

export function berTlv(tag: number, value: Buffer): Buffer {
  const n = value.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, value]);
}

/** Read one TLV at `off`; constructed types (bit 0x20) get parsed children. */
export function berRead(d: Buffer, off: number, depth = 0): Ber | null {
  if (depth > 8 || off + 2 > d.length) { return null; }
  const tag = d[off] as number;
  let len = d[off + 1] as number;
  let p = off + 2;
  if (len & 0x80) {
    const k = len & 0x7f;
    if (k === 0 || k > 3 || p + k > d.length) { return null; }
    len = 0;
    for (let i = 0; i < k; i++) { len = len * 256 + (d[p + i] as number); }
    p += k;
  }
  if (p + len > d.length) { return null; }
  const value = d.subarray(p, p + len);
  const node: Ber = { tag, value, end: p + len };
  if (tag & 0x20) {
    const children: Ber[] = [];
    let q = 0;
    while (q < value.length && children.length < 256) {
      const c = berRead(value, q, depth + 1);
      if (c === null) { return null; }
      children.push(c);
      q = c.end;
    }
    node.children = children;
  }
  return node;
}
