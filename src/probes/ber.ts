/**
 * @module probes/ber — the bounded subset of ASN.1 BER (X.690) the probes need: LDAP detection over TCP, SNMP and
 * CLDAP over UDP. Definite lengths up to 3 length bytes only; malformed input gives null, never an exception.
 */

/** A decoded TLV: tag byte, value bytes, and where the next TLV starts. */
export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  readonly end: number;
}

export function berLength(n: number): Buffer {
  if (n < 0x80) { return Buffer.from([n]); }
  if (n < 0x100) { return Buffer.from([0x81, n]); }
  return Buffer.from([0x82, (n >> 8) & 0xff, n & 0xff]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(value.length), value]);
}

export function berInt(n: number): Buffer {
  const bytes: number[] = [];
  let v = n >>> 0;
  do { bytes.unshift(v & 0xff); v = Math.floor(v / 256); } while (v > 0);
  if ((bytes[0] as number) & 0x80) { bytes.unshift(0); }
  return tlv(0x02, Buffer.from(bytes));
}

export function berOctets(s: string | Buffer, tag = 0x04): Buffer {
  return tlv(tag, typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
}

export function berOid(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) { chunk.unshift((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** Reads one TLV at `off`; null when the bytes are short or the length form is unsupported. */
export function readTlv(buf: Buffer, off: number): Tlv | null {
  if (off + 2 > buf.length) { return null; }
  const tag = buf[off] as number;
  let len = buf[off + 1] as number;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > buf.length) { return null; }
    len = 0;
    for (let i = 0; i < n; i++) { len = len * 256 + (buf[p + i] as number); }
    p += n;
  }
  if (p + len > buf.length) { return null; }
  return { tag, value: buf.subarray(p, p + len), end: p + len };
}

/** All TLVs inside a constructed value, in order; null if any is malformed. */
export function readChildren(value: Buffer, max = 256): Tlv[] | null {
  const out: Tlv[] = [];
  let off = 0;
  while (off < value.length) {
    if (out.length >= max) { return null; }
    const t = readTlv(value, off);
    if (t === null) { return null; }
    out.push(t);
    off = t.end;
  }
  return out;
}

/** An INTEGER's value (up to 6 bytes), or null. */
export function intValue(t: Tlv | undefined): number | null {
  if (t === undefined || t.tag !== 0x02 || t.value.length === 0 || t.value.length > 6) { return null; }
  let n = (t.value[0] as number) & 0x80 ? -1 : 0;
  for (const b of t.value) { n = n * 256 + b; }
  return n;
}

/** An OBJECT IDENTIFIER in dotted form, or null. */
export function oidValue(t: Tlv | undefined): string | null {
  if (t === undefined || t.tag !== 0x06 || t.value.length === 0) { return null; }
  const first = t.value[0] as number;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = 1; i < t.value.length; i++) {
    const b = t.value[i] as number;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) { parts.push(v); v = 0; }
  }
  return parts.join('.');
}

/** A TLV with its children parsed (constructed types, bit 0x20), depth ≤ 8, at most 256 children per node. */
export interface Ber extends Tlv { children?: Ber[] }

/** `tlv` under the name the LDAP probe uses. */
export const berTlv = tlv;

/** Reads one TLV at `off` and, for constructed types, its children recursively. */
export function berRead(d: Buffer, off: number, depth = 0): Ber | null {
  if (depth > 8) { return null; }
  const t = readTlv(d, off);
  if (t === null || (t.tag & 0x20) === 0) { return t; }
  const children: Ber[] = [];
  let q = 0;
  while (q < t.value.length && children.length < 256) {
    const c = berRead(t.value, q, depth + 1);
    if (c === null) { return null; }
    children.push(c);
    q = c.end;
  }
  return { ...t, children };
}
