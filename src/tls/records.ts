/**
 * @module tls/records — the TLS record layer (RFC 5246 §6.2, RFC 8446 §5.1) and handshake-message reassembly, for
 * untrusted bytes. Never throws, never reads out of bounds: every failure is a value (`error`). A record longer than
 * 2^14 + 2048 bytes (the TLSCiphertext limit) is rejected as soon as its header is seen, so a peer claiming a 16 MB
 * record costs us five bytes, not sixteen megabytes. Handshake messages are reassembled across records up to a
 * fixed bound (MAX_HANDSHAKE_BYTES).
 */

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;
export const MAX_RECORD_LENGTH = 16_384 + 2048;
/** Largest handshake message we keep (a long certificate chain fits comfortably). */
export const MAX_HANDSHAKE_BYTES = 256 * 1024;

export interface TlsRecord {
  readonly type: number;
  readonly version: number;
  readonly fragment: Buffer;
}

export interface HandshakeMessage {
  readonly type: number;
  readonly body: Buffer;
}

export interface RecordParse {
  readonly records: TlsRecord[];
  /** Bytes of an incomplete record at the end (wait for more). */
  readonly pending: number;
  /** Set when the bytes cannot be TLS: the parse stops there. */
  readonly error: string | null;
}

/** True when the five bytes at `off` look like a TLS record header (type 20–24, version 3.x). */
export function looksLikeRecordHeader(buf: Buffer, off = 0): boolean {
  if (buf.length < off + 3) { return false; }
  const t = buf[off] as number;
  return t >= 20 && t <= 24 && buf[off + 1] === 3 && (buf[off + 2] as number) <= 4;
}

export function parseRecords(buf: Buffer, maxRecords = 4096): RecordParse {
  const records: TlsRecord[] = [];
  let off = 0;
  while (off < buf.length && records.length < maxRecords) {
    if (buf.length - off < 5) {
      // Judge a partial header as soon as the bytes we have allow it.
      const t = buf[off] as number;
      if (t < 20 || t > 24 || (buf.length - off >= 2 && buf[off + 1] !== 3)) { return { records, pending: 0, error: 'not TLS: bad record header' }; }
      return { records, pending: buf.length - off, error: null };
    }
    if (!looksLikeRecordHeader(buf, off)) { return { records, pending: 0, error: 'not TLS: bad record header' }; }
    const len = buf.readUInt16BE(off + 3);
    if (len > MAX_RECORD_LENGTH) { return { records, pending: 0, error: `record length ${len} exceeds ${MAX_RECORD_LENGTH}` }; }
    if (buf.length - off - 5 < len) { return { records, pending: buf.length - off, error: null }; }
    records.push({ type: buf[off] as number, version: buf.readUInt16BE(off + 1), fragment: buf.subarray(off + 5, off + 5 + len) });
    off += 5 + len;
  }
  return { records, pending: 0, error: null };
}

export interface HandshakeParse {
  readonly messages: HandshakeMessage[];
  /** Handshake bytes of a message not yet complete. */
  readonly incomplete: boolean;
  readonly error: string | null;
}

/** Reassembles handshake messages from the handshake records, in order; other record types are skipped. */
export function parseHandshakes(records: readonly TlsRecord[]): HandshakeParse {
  const parts: Buffer[] = [];
  let total = 0;
  for (const r of records) {
    if (r.type !== CT_HANDSHAKE) { continue; }
    total += r.fragment.length;
    if (total > MAX_HANDSHAKE_BYTES * 2) { return { messages: [], incomplete: false, error: 'handshake too large' }; }
    parts.push(r.fragment);
  }
  const buf = Buffer.concat(parts, total);
  const messages: HandshakeMessage[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 4) { return { messages, incomplete: true, error: null }; }
    const len = buf.readUIntBE(off + 1, 3);
    if (len > MAX_HANDSHAKE_BYTES) { return { messages, incomplete: false, error: `handshake message length ${len} exceeds ${MAX_HANDSHAKE_BYTES}` }; }
    if (buf.length - off - 4 < len) { return { messages, incomplete: true, error: null }; }
    messages.push({ type: buf[off] as number, body: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
  }
  return { messages, incomplete: false, error: null };
}

/** Wraps handshake bytes into one or more records (max 2^14 bytes each). */
export function wrapRecords(type: number, version: number, payload: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length || off === 0; off += 16_384) {
    const frag = payload.subarray(off, off + 16_384);
    const h = Buffer.alloc(5);
    h[0] = type;
    h.writeUInt16BE(version, 1);
    h.writeUInt16BE(frag.length, 3);
    out.push(h, frag);
    if (payload.length === 0) { break; }
  }
  return Buffer.concat(out);
}
