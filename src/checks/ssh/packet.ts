/**
 * @module checks/ssh/packet — SSH binary packet protection (RFC 4253 §6) for the algorithms the check client
 * implements: none (before NEWKEYS), aes-ctr with an HMAC (encrypt-and-MAC, or encrypt-then-MAC for the
 * `-etm@openssh.com` MACs), AES-GCM (RFC 5647 as `aes*-gcm@openssh.com`: the length is additional data, a
 * 12-byte nonce whose last 8 bytes count packets) and chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305:
 * the length under one ChaCha20 key, the payload under the other, a Poly1305 tag over both; nonce = sequence number). A `Sealer` turns a payload into wire bytes; an `Opener` reads
 * the packet length from the first bytes, then checks and decrypts the whole packet (throwing SshWireError).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';
import { SshWireError, uint32 } from './wire.js';

export const MAX_PACKET = 35_000;

export interface Sealer { seal(payload: Buffer, seq: number): Buffer }
export interface Opener {
  /** Bytes needed before the packet's size is known. */
  readonly headLen: number;
  /** The whole packet's size on the wire (head included), from its first `headLen` bytes. */
  wireLen(head: Buffer, seq: number): number;
  /** The payload of a whole packet. */
  open(wire: Buffer, seq: number): Buffer;
}

export type CipherMode = 'ctr' | 'gcm' | 'chacha';
export const CIPHERS: Readonly<Record<string, { node: string; keyLen: number; ivLen: number; mode: CipherMode }>> = {
  'aes128-ctr': { node: 'aes-128-ctr', keyLen: 16, ivLen: 16, mode: 'ctr' },
  'aes256-ctr': { node: 'aes-256-ctr', keyLen: 32, ivLen: 16, mode: 'ctr' },
  'aes192-ctr': { node: 'aes-192-ctr', keyLen: 24, ivLen: 16, mode: 'ctr' },
  'aes128-gcm@openssh.com': { node: 'aes-128-gcm', keyLen: 16, ivLen: 12, mode: 'gcm' },
  'aes256-gcm@openssh.com': { node: 'aes-256-gcm', keyLen: 32, ivLen: 12, mode: 'gcm' },
  'chacha20-poly1305@openssh.com': { node: 'chacha20', keyLen: 64, ivLen: 0, mode: 'chacha' },
};
export const MACS: Readonly<Record<string, { node: string; len: number; etm: boolean }>> = {
  'hmac-sha2-256-etm@openssh.com': { node: 'sha256', len: 32, etm: true }, 'hmac-sha2-512-etm@openssh.com': { node: 'sha512', len: 64, etm: true },
  'hmac-sha2-256': { node: 'sha256', len: 32, etm: false }, 'hmac-sha2-512': { node: 'sha512', len: 64, etm: false },
  'hmac-sha1-etm@openssh.com': { node: 'sha1', len: 20, etm: true }, 'hmac-sha1': { node: 'sha1', len: 20, etm: false },
};

/** padding_length || payload || random padding, so that `covered` + body is a multiple of `block` (≥ 4 bytes pad). */
function body(payload: Buffer, block: number, lengthCovered: boolean): Buffer {
  let pad = block - ((payload.length + 1 + (lengthCovered ? 4 : 0)) % block);
  if (pad < 4) { pad += block; }
  return Buffer.concat([Buffer.from([pad]), payload, randomBytes(pad)]);
}

/** The payload inside padding_length || payload || padding. */
function unpad(b: Buffer): Buffer {
  const pad = b[0];
  if (pad === undefined || pad < 4 || 1 + pad > b.length) { throw new SshWireError('bad padding'); }
  return b.subarray(1, b.length - pad);
}

function checkLen(len: number, block: number, extra: number): void {
  if (len < 5 || len > MAX_PACKET || (len + extra) % block !== 0) { throw new SshWireError(`bad packet length ${len}`); }
}

export function plainSealer(): Sealer {
  return { seal: (payload) => { const b = body(payload, 8, true); return Buffer.concat([uint32(b.length), b]); } };
}

export function plainOpener(): Opener {
  return {
    headLen: 4,
    wireLen: (head) => { const len = head.readUInt32BE(0); checkLen(len, 8, 4); return 4 + len; },
    open: (wire) => unpad(wire.subarray(4)),
  };
}

export interface KeyMaterial { cipher: string; key: Buffer; iv: Buffer; mac: string | null; macKey: Buffer }

function nextNonce(iv: Buffer): void {
  for (let i = 11; i >= 4; i--) { iv[i] = ((iv[i] as number) + 1) & 0xff; if (iv[i] !== 0) { break; } }
}

/** Poly1305 one-time authenticator (RFC 8439 §2.5), on BigInts: a few packets per check, speed is no concern. */
export function poly1305(key: Buffer, msg: Buffer): Buffer {
  const le = (b: Buffer): bigint => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) { v = (v << 8n) | BigInt(b[i] as number); } return v; };
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const sKey = le(key.subarray(16, 32));
  const p = (1n << 130n) - 5n;
  let acc = 0n;
  for (let i = 0; i < msg.length; i += 16) {
    const block = msg.subarray(i, i + 16);
    acc = ((acc + le(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  acc = (acc + sKey) & ((1n << 128n) - 1n);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) { out[i] = Number((acc >> BigInt(8 * i)) & 0xffn); }
  return out;
}

/** ChaCha20 (64-bit counter, 64-bit nonce = sequence number) over `data`, starting at block `counter`. */
function chacha(key: Buffer, seq: number, counter: number, data: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32LE(counter, 0);
  iv.writeUInt32BE(seq >>> 0, 12);
  return createCipheriv('chacha20', key, iv).update(data);
}

function chachaSealer(k: KeyMaterial): Sealer {
  const main = k.key.subarray(0, 32);
  const header = k.key.subarray(32, 64);
  return {
    seal(payload, seq) {
      const b = body(payload, 8, false); // like -etm and GCM, the padding excludes the (separately encrypted) length
      const len = chacha(header, seq, 0, uint32(b.length));
      const enc = chacha(main, seq, 1, b);
      const polyKey = chacha(main, seq, 0, Buffer.alloc(32));
      return Buffer.concat([len, enc, poly1305(polyKey, Buffer.concat([len, enc]))]);
    },
  };
}

function chachaOpener(k: KeyMaterial): Opener {
  const main = k.key.subarray(0, 32);
  const header = k.key.subarray(32, 64);
  return {
    headLen: 4,
    wireLen: (head, seq) => { const len = chacha(header, seq, 0, head.subarray(0, 4)).readUInt32BE(0); checkLen(len, 8, 0); return 4 + len + 16; },
    open(wire, seq) {
      const tag = wire.subarray(wire.length - 16);
      const want = poly1305(chacha(main, seq, 0, Buffer.alloc(32)), wire.subarray(0, wire.length - 16));
      if (!timingSafeEqual(tag, want)) { throw new SshWireError('Poly1305 tag mismatch'); }
      return unpad(chacha(main, seq, 1, wire.subarray(4, wire.length - 16)));
    },
  };
}

export function sealer(k: KeyMaterial): Sealer {
  const c = CIPHERS[k.cipher];
  if (c === undefined) { throw new SshWireError(`cipher ${k.cipher} not implemented`); }
  if (c.mode === 'chacha') { return chachaSealer(k); }
  if (c.mode === 'gcm') {
    const iv = Buffer.from(k.iv);
    return {
      seal(payload) {
        const b = body(payload, 16, false);
        const len = uint32(b.length);
        const g = createCipheriv(c.node as 'aes-128-gcm', k.key, iv);
        g.setAAD(len);
        const enc = Buffer.concat([g.update(b), g.final()]);
        nextNonce(iv);
        return Buffer.concat([len, enc, g.getAuthTag()]);
      },
    };
  }
  const m = MACS[k.mac ?? ''];
  if (m === undefined) { throw new SshWireError(`MAC ${k.mac ?? 'none'} not implemented`); }
  const cipher: Cipher = createCipheriv(c.node, k.key, k.iv);
  return {
    seal(payload, seq) {
      const b = body(payload, 16, !m.etm);
      const len = uint32(b.length);
      if (m.etm) {
        const enc = cipher.update(b);
        return Buffer.concat([len, enc, createHmac(m.node, k.macKey).update(uint32(seq)).update(len).update(enc).digest()]);
      }
      const plain = Buffer.concat([len, b]);
      return Buffer.concat([cipher.update(plain), createHmac(m.node, k.macKey).update(uint32(seq)).update(plain).digest()]);
    },
  };
}

export function opener(k: KeyMaterial): Opener {
  const c = CIPHERS[k.cipher];
  if (c === undefined) { throw new SshWireError(`cipher ${k.cipher} not implemented`); }
  if (c.mode === 'chacha') { return chachaOpener(k); }
  if (c.mode === 'gcm') {
    const iv = Buffer.from(k.iv);
    return {
      headLen: 4,
      wireLen: (head) => { const len = head.readUInt32BE(0); checkLen(len, 16, 0); return 4 + len + 16; },
      open(wire) {
        const g = createDecipheriv(c.node as 'aes-128-gcm', k.key, iv);
        g.setAAD(wire.subarray(0, 4));
        g.setAuthTag(wire.subarray(wire.length - 16));
        let plain: Buffer;
        try { plain = Buffer.concat([g.update(wire.subarray(4, wire.length - 16)), g.final()]); } catch (err) { throw new SshWireError(`GCM tag mismatch (${(err as Error).message})`); }
        nextNonce(iv);
        return unpad(plain);
      },
    };
  }
  const m = MACS[k.mac ?? ''];
  if (m === undefined) { throw new SshWireError(`MAC ${k.mac ?? 'none'} not implemented`); }
  const decipher: Decipher = createDecipheriv(c.node, k.key, k.iv);
  const verify = (mac: Buffer, ...parts: Buffer[]): void => {
    const h = createHmac(m.node, k.macKey);
    for (const p of parts) { h.update(p); }
    if (!timingSafeEqual(mac, h.digest())) { throw new SshWireError('MAC mismatch'); }
  };
  if (m.etm) {
    return {
      headLen: 4,
      wireLen: (head) => { const len = head.readUInt32BE(0); checkLen(len, 16, 0); return 4 + len + m.len; },
      open(wire, seq) {
        const enc = wire.subarray(4, wire.length - m.len);
        verify(wire.subarray(wire.length - m.len), uint32(seq), wire.subarray(0, 4), enc);
        return unpad(decipher.update(enc));
      },
    };
  }
  let first: Buffer | null = null; // the first block, decrypted once to learn the length (CTR state moves on)
  return {
    headLen: 16,
    wireLen(head) {
      first = decipher.update(head.subarray(0, 16));
      const len = first.readUInt32BE(0);
      checkLen(len, 16, 4);
      return 4 + len + m.len;
    },
    open(wire, seq) {
      if (first === null) { throw new SshWireError('wireLen first'); }
      const plain = Buffer.concat([first, decipher.update(wire.subarray(16, wire.length - m.len))]);
      first = null;
      verify(wire.subarray(wire.length - m.len), uint32(seq), plain);
      return unpad(plain.subarray(4));
    },
  };
}
