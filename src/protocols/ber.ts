/**
 * @module protocols/ber — the one ASN.1 BER/DER codec (X.690, https://www.itu.int/rec/T-REC-X.690) of the tree: the
 * bounded subset that LDAP and CLDAP identification, SNMP (probes and the snmp-default-community check), the LDAP
 * StartTLS preamble, the certificate signature walk (tls/der.ts) and SPNEGO (protocols/ntlmssp.ts) need.
 * Definite lengths with up to 4 length bytes only. The readers never throw: malformed, truncated or unsupported
 * input gives null (a reader that succeeds always moves forward: `end` > the offset it started at).
 */

/** A decoded TLV: tag byte, value bytes, and where the next TLV starts. */
export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  readonly end: number;
}

/** The definite length octets for `n` (short form below 128, else the fewest long-form bytes). */
export function berLength(n: number): Buffer {
  if (n < 0x80) { return Buffer.from([n]); }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) { bytes.unshift(v & 0xff); }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
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

/** Most length bytes a definite long-form length may have (4: lengths below 4 GiB). */
const MAX_LENGTH_BYTES = 4;

/** Reads one TLV at `off`; null when the bytes are short or the length form is unsupported. */
export function readTlv(buf: Buffer, off: number): Tlv | null {
  if (!Number.isInteger(off) || off < 0 || off + 2 > buf.length) { return null; }
  const tag = buf[off] as number;
  let len = buf[off + 1] as number;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > MAX_LENGTH_BYTES || p + n > buf.length) { return null; }
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

/**
 * The dotted form of an OBJECT IDENTIFIER's content octets (X.690 §8.19: the first subidentifier is 40·X + Y with
 * X ≤ 2); null when empty, when the last subidentifier is unfinished, or when an arc exceeds 2^53.
 */
export function decodeOid(b: Buffer): string | null {
  if (b.length === 0) { return null; }
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    const byte = b[i] as number;
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 256) { return null; }
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) { const x = Math.min(2, Math.floor(v / 40)); parts.push(x, v - 40 * x); } else { parts.push(v); }
      v = 0;
    }
  }
  return (b[b.length - 1] as number) & 0x80 ? null : parts.join('.');
}

/** An OBJECT IDENTIFIER TLV in dotted form, or null. */
export function oidValue(t: Tlv | undefined): string | null {
  return t === undefined || t.tag !== 0x06 ? null : decodeOid(t.value);
}

/** Whether `d` holds one complete TLV (reply framing: definite length; an unsupported length form ends the read at once). */
export function berComplete(d: Buffer): boolean {
  if (d.length < 2) { return false; }
  const l = d[1] as number;
  if (l < 0x80) { return d.length >= 2 + l; }
  const n = l & 0x7f;
  if (n === 0 || n > MAX_LENGTH_BYTES) { return true; }
  if (d.length < 2 + n) { return false; }
  return d.length >= 2 + n + d.readUIntBE(2, n);
}

/** A TLV with its children parsed (constructed types, bit 0x20), depth ≤ 8, at most 256 children per node. */
export interface Ber extends Tlv { children?: Ber[] }

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
