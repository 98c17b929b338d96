/**
 * @module protocols/ntlmssp — NTLM authentication messages ([MS-NLMP] §2.2.1: NEGOTIATE, CHALLENGE, AUTHENTICATE)
 * wrapped in SPNEGO (RFC 4178) for SMB2 SESSION_SETUP. Only what a read-only scanner needs: an anonymous
 * AUTHENTICATE (empty user, empty responses) and a guest attempt (an unknown user with an empty password, NTLMv2
 * response computed from the empty password's well-known NT hash). The CHALLENGE parser reads the server's version
 * field and its AV pairs (NetBIOS/DNS computer and domain names). Parsers never throw; every read is bounded.
 * Spec: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/
 */
import { createHmac, randomBytes } from 'node:crypto';
import { tlv } from './ber.js';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const F = { UNICODE: 0x1, REQUEST_TARGET: 0x4, NTLM: 0x200, ANONYMOUS: 0x800, ALWAYS_SIGN: 0x8000, ESS: 0x80000, TARGET_INFO: 0x800000, VERSION: 0x02000000, N128: 0x20000000, N56: 0x80000000 } as const;
const NEGOTIATE_FLAGS = F.UNICODE | F.REQUEST_TARGET | F.NTLM | F.ALWAYS_SIGN | F.ESS | F.N128 | F.N56;
/** MD4 of the empty UTF-16 password ([MS-NLMP] §3.3.1 NTOWFv1("")): a published constant, not a secret. */
const EMPTY_NT_HASH = Buffer.from('31d6cfe0d16ae931b73c59d7e0c089c0', 'hex');

// ---- DER (just enough for SPNEGO, encoded with protocols/ber.ts) -----------------------------------------------
const SPNEGO_OID = Buffer.from('06062b0601050502', 'hex');
const NTLM_OID = Buffer.from('060a2b06010401823702020a', 'hex');

/** SPNEGO NegTokenInit offering NTLMSSP with `token` as the optimistic mechToken. */
export function spnegoInit(token: Buffer): Buffer {
  const mechTypes = tlv(0xa0, tlv(0x30, NTLM_OID));
  const mechToken = tlv(0xa2, tlv(0x04, token));
  return tlv(0x60, Buffer.concat([SPNEGO_OID, tlv(0xa0, tlv(0x30, Buffer.concat([mechTypes, mechToken])))]));
}

/** SPNEGO NegTokenResp carrying `token`. */
export function spnegoResponse(token: Buffer): Buffer {
  return tlv(0xa1, tlv(0x30, tlv(0xa2, tlv(0x04, token))));
}

/** The NTLMSSP message inside a security blob (SPNEGO-wrapped or raw), or null. */
export function ntlmFromBlob(blob: Buffer): Buffer | null {
  const i = blob.indexOf(SIGNATURE);
  return i < 0 ? null : blob.subarray(i);
}

// ---- messages ---------------------------------------------------------------------------------------------------
export function negotiateMessage(): Buffer {
  const m = Buffer.alloc(32);
  SIGNATURE.copy(m, 0);
  m.writeUInt32LE(1, 8);
  m.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12);
  return m;
}

export interface Challenge {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  /** The version field ("6.1.7601", NTLM revision), when the server sent one. */
  version?: { major: number; minor: number; build: number; revision: number };
  /** AV pairs by name: nbComputer, nbDomain, dnsComputer, dnsDomain, dnsTree. */
  names: Record<string, string>;
  targetInfo: Buffer;
}

const AV_NAMES: Readonly<Record<number, string>> = { 1: 'nbComputer', 2: 'nbDomain', 3: 'dnsComputer', 4: 'dnsDomain', 5: 'dnsTree' };

function field(m: Buffer, at: number): Buffer {
  if (at + 8 > m.length) { return Buffer.alloc(0); }
  const len = m.readUInt16LE(at);
  const off = m.readUInt32LE(at + 4);
  return off + len <= m.length && len <= 4096 ? m.subarray(off, off + len) : Buffer.alloc(0);
}

export function parseChallenge(m: Buffer): Challenge | null {
  if (m.length < 48 || !m.subarray(0, 8).equals(SIGNATURE) || m.readUInt32LE(8) !== 2) { return null; }
  const flags = m.readUInt32LE(20);
  const targetInfo = field(m, 40);
  const names: Record<string, string> = {};
  for (let at = 0, n = 0; at + 4 <= targetInfo.length && n < 32; n++) {
    const id = targetInfo.readUInt16LE(at);
    const len = targetInfo.readUInt16LE(at + 2);
    if (id === 0 || at + 4 + len > targetInfo.length) { break; }
    const name = AV_NAMES[id];
    if (name !== undefined) { names[name] = targetInfo.subarray(at + 4, at + 4 + len).toString('utf16le').slice(0, 128); }
    at += 4 + len;
  }
  const c: Challenge = { flags, serverChallenge: Buffer.from(m.subarray(24, 32)), targetName: field(m, 12).toString((flags & F.UNICODE) !== 0 ? 'utf16le' : 'latin1').slice(0, 128), names, targetInfo: Buffer.from(targetInfo) };
  if ((flags & F.VERSION) !== 0 && m.length >= 56) {
    c.version = { major: m[48] as number, minor: m[49] as number, build: m.readUInt16LE(50), revision: m[55] as number };
  }
  return c;
}

/** AUTHENTICATE with the payload fields in order (no version, no MIC). */
function authenticate(flags: number, lm: Buffer, nt: Buffer, domain: string, user: string): Buffer {
  const parts = [lm, nt, Buffer.from(domain, 'utf16le'), Buffer.from(user, 'utf16le'), Buffer.from('GATEHOUSE', 'utf16le'), Buffer.alloc(0)];
  const head = Buffer.alloc(64);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let off = 64;
  parts.forEach((p, i) => {
    head.writeUInt16LE(p.length, 12 + i * 8);
    head.writeUInt16LE(p.length, 14 + i * 8);
    head.writeUInt32LE(off, 16 + i * 8);
    off += p.length;
  });
  head.writeUInt32LE(flags >>> 0, 60);
  return Buffer.concat([head, ...parts]);
}

/** Anonymous AUTHENTICATE ([MS-NLMP] §3.2.5.1.2): empty user and domain, LM response Z(1), empty NT response. */
export function anonymousAuthenticate(ch: Challenge): Buffer {
  return authenticate((NEGOTIATE_FLAGS | F.ANONYMOUS) & ch.flags | F.ANONYMOUS, Buffer.alloc(1), Buffer.alloc(0), '', '');
}

/** AUTHENTICATE as `user` with the empty password (NTLMv2, [MS-NLMP] §3.3.2): a guest-mapping attempt. */
export function emptyPasswordAuthenticate(ch: Challenge, user: string, now = Date.now()): Buffer {
  const ntowf = createHmac('md5', EMPTY_NT_HASH).update(Buffer.from(user.toUpperCase(), 'utf16le')).digest();
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64LE((BigInt(now) + 11_644_473_600_000n) * 10_000n, 0);
  const temp = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), ts, randomBytes(8), Buffer.alloc(4), ch.targetInfo, Buffer.alloc(4)]);
  const proof = createHmac('md5', ntowf).update(Buffer.concat([ch.serverChallenge, temp])).digest();
  return authenticate(NEGOTIATE_FLAGS & ch.flags, Buffer.alloc(24), Buffer.concat([proof, temp]), '', user);
}
