/**
 * @module checks/ssh/transport — the minimal SSH-2 client transport the SSH checks need (RFC 4253): version
 * exchange, KEXINIT, curve25519-sha256 key exchange (RFC 8731) with node:crypto X25519 and SHA-256, key
 * derivation, then packets protected as checks/ssh/packet implements (aes-ctr + HMAC, AES-GCM,
 * chacha20-poly1305). The server's
 * host-key signature is not verified: nothing secret is ever sent, the session only asks which authentication
 * methods exist. Every read is bounded (packet ≤ 35,000 bytes, a deadline per read); errors throw, the caller
 * closes the connection.
 */
import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Exchange } from '../../core/types.js';
import type { Conn } from '../../net/dialer.js';
import { escapeText } from '../../core/escape.js';
import { MSG, SshReader, SshWireError, buildKexInit, findVersionLine, mpint, negotiate, parseKexInit, sshString, uint32, type KexInit } from './wire.js';
import { CIPHERS, MACS, opener, plainOpener, plainSealer, sealer, type Opener, type Sealer } from './packet.js';

export const CLIENT_VERSION = 'SSH-2.0-Gatehouse_0.1';
const KEX_ALGS = ['curve25519-sha256', 'curve25519-sha256@libssh.org'];
const HOSTKEY_ALGS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss'];
/** A transport step the server cannot do with us (no common algorithm): the check reports not-run. */
export class SshUnsupported extends Error {
  constructor(message: string) { super(message); this.name = 'SshUnsupported'; }
}

export class SshClient {
  readonly exchanges: Exchange[] = [];
  serverVersion = '';
  serverKex: KexInit | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private seqIn = 0;
  private seqOut = 0;
  private opener: Opener = plainOpener();
  private sealer: Sealer = plainSealer();
  private clientKexPayload: Buffer = Buffer.alloc(0);
  private serverKexPayload: Buffer = Buffer.alloc(0);

  constructor(private readonly conn: Conn, private readonly timeoutMs: number) {}

  private async fill(n: number): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (this.pending.length < n) {
      const left = deadline - Date.now();
      if (left <= 0) { throw new SshWireError('timed out waiting for the server'); }
      const r = await this.conn.read({ until: (d) => d.length > 0, maxBytes: 65_536, timeoutMs: left });
      if (r.data.length === 0) { throw new SshWireError(`connection ended (${r.end})`); }
      this.pending = Buffer.concat([this.pending, r.data]);
    }
  }

  private take(n: number): Buffer {
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** Send our identification and read the server's (lines before it are allowed, RFC 4253 §4.2). */
  async versionExchange(): Promise<string> {
    this.conn.write(`${CLIENT_VERSION}\r\n`);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const found = findVersionLine(this.pending);
      if (found) { this.serverVersion = found.line; this.pending = Buffer.from(found.rest); break; }
      if (this.pending.length > 8192 || Date.now() >= deadline) { throw new SshWireError('no SSH identification line'); }
      await this.fill(this.pending.length + 1);
    }
    this.exchanges.push({ sent: `${CLIENT_VERSION}\\r\\n`, received: escapeText(this.serverVersion), note: 'SSH identification exchange' });
    return this.serverVersion;
  }

  async readPacket(): Promise<Buffer> {
    await this.fill(this.opener.headLen);
    const total = this.opener.wireLen(this.pending.subarray(0, this.opener.headLen), this.seqIn);
    await this.fill(total);
    const payload = this.opener.open(this.take(total), this.seqIn);
    this.seqIn = (this.seqIn + 1) >>> 0;
    return payload;
  }

  /** Next packet that is not IGNORE/DEBUG; DISCONNECT throws with its reason. */
  async readMessage(): Promise<Buffer> {
    for (let i = 0; i < 32; i++) {
      const p = await this.readPacket();
      const t = p[0];
      if (t === MSG.IGNORE || t === MSG.DEBUG) { continue; }
      if (t === MSG.DISCONNECT) {
        const r = new SshReader(p.subarray(1));
        const code = r.uint32();
        throw new SshUnsupported(`server disconnected (reason ${code}: ${escapeText(r.string(), 120)})`);
      }
      return p;
    }
    throw new SshWireError('too many IGNORE/DEBUG messages');
  }

  writePacket(payload: Buffer): void {
    this.conn.write(this.sealer.seal(payload, this.seqOut));
    this.seqOut = (this.seqOut + 1) >>> 0;
  }

  /** Send our KEXINIT and read the server's. */
  async kexInit(): Promise<KexInit> {
    this.clientKexPayload = buildKexInit(randomBytes(16), { kex: KEX_ALGS.join(','), hostKey: HOSTKEY_ALGS.join(','), enc: Object.keys(CIPHERS).join(','), mac: Object.keys(MACS).join(',') });
    this.writePacket(this.clientKexPayload);
    const p = await this.readMessage();
    if (p[0] !== MSG.KEXINIT) { throw new SshWireError(`expected KEXINIT, got message ${p[0] ?? '?'}`); }
    this.serverKexPayload = Buffer.from(p);
    this.serverKex = parseKexInit(this.serverKexPayload);
    const s = this.serverKex;
    this.exchanges.push({ sent: 'SSH_MSG_KEXINIT (client)', received: escapeText(`SSH_MSG_KEXINIT kex=${s.kex.join(',')}; hostkey=${s.hostKey.join(',')}; ciphers=${s.encSC.join(',')}; macs=${s.macSC.join(',')}`, 4096), note: 'server KEXINIT, decoded' });
    return s;
  }

  /** curve25519-sha256 key exchange and NEWKEYS in both directions. */
  async keyExchange(): Promise<void> {
    const s = this.serverKex;
    if (s === null) { throw new SshWireError('kexInit first'); }
    const kexAlg = negotiate(KEX_ALGS, s.kex);
    if (kexAlg === null) { throw new SshUnsupported(`the server offers no key exchange this check implements (${KEX_ALGS.join(', ')}); offered: ${s.kex.join(', ')}`); }
    if (negotiate(HOSTKEY_ALGS, s.hostKey) === null) { throw new SshUnsupported(`no common host key algorithm (offered: ${s.hostKey.join(', ')})`); }
    const encCS = negotiate(Object.keys(CIPHERS), s.encCS);
    const encSC = negotiate(Object.keys(CIPHERS), s.encSC);
    if (encCS === null || encSC === null) { throw new SshUnsupported(`no common cipher (this check implements ${Object.keys(CIPHERS).join(', ')}; offered: ${s.encSC.join(', ')})`); }
    // AEAD ciphers (GCM, ChaCha20-Poly1305) authenticate themselves: the MAC lists are then ignored
    const aead = (c: string): boolean => CIPHERS[c]?.mode !== 'ctr';
    const macCS = aead(encCS) ? null : negotiate(Object.keys(MACS), s.macCS);
    const macSC = aead(encSC) ? null : negotiate(Object.keys(MACS), s.macSC);
    if ((macCS === null && !aead(encCS)) || (macSC === null && !aead(encSC))) {
      throw new SshUnsupported(`no common MAC (this check implements ${Object.keys(MACS).join(', ')}; offered: ${s.macSC.join(', ')})`);
    }
    if (!s.compSC.includes('none') || !s.compCS.includes('none')) { throw new SshUnsupported('the server requires compression'); }
    if (s.firstKexFollows && s.kex[0] !== kexAlg) { await this.readPacket(); } // a wrong guess is ignored (RFC 4253 §7)

    const { publicKey, privateKey } = generateKeyPairSync('x25519');
    const qc = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    this.writePacket(Buffer.concat([Buffer.from([MSG.KEX_ECDH_INIT]), sshString(qc)]));
    const reply = await this.readMessage();
    if (reply[0] !== MSG.KEX_ECDH_REPLY) { throw new SshWireError(`expected KEX_ECDH_REPLY, got ${reply[0] ?? '?'}`); }
    const r = new SshReader(reply.subarray(1));
    const ks = r.string();
    const qs = r.string();
    r.string(); // signature over H: not verified (nothing secret is sent)
    if (qs.length !== 32) { throw new SshWireError('server ephemeral key is not 32 bytes'); }
    const serverKey: KeyObject = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: qs.toString('base64url') }, format: 'jwk' });
    const shared = diffieHellman({ privateKey, publicKey: serverKey });
    const K = mpint(shared);
    const H = createHash('sha256').update(Buffer.concat([
      sshString(CLIENT_VERSION), sshString(this.serverVersion), sshString(this.clientKexPayload), sshString(this.serverKexPayload),
      sshString(ks), sshString(qc), sshString(qs), K,
    ])).digest();
    const derive = (letter: string, len: number): Buffer => {
      let out = createHash('sha256').update(K).update(H).update(letter).update(H).digest();
      while (out.length < len) { out = Buffer.concat([out, createHash('sha256').update(K).update(H).update(out).digest()]); }
      return out.subarray(0, len);
    };
    const material = (cipher: string, mac: string | null, ivL: string, keyL: string, macL: string): Parameters<typeof sealer>[0] => {
      const c = CIPHERS[cipher] as { keyLen: number; ivLen: number };
      return { cipher, key: derive(keyL, c.keyLen), iv: derive(ivL, c.ivLen), mac, macKey: mac === null ? Buffer.alloc(0) : derive(macL, (MACS[mac] as { len: number }).len) };
    };
    this.writePacket(Buffer.from([MSG.NEWKEYS]));
    this.sealer = sealer(material(encCS, macCS, 'A', 'C', 'E'));
    const nk = await this.readMessage();
    if (nk[0] !== MSG.NEWKEYS) { throw new SshWireError(`expected NEWKEYS, got ${nk[0] ?? '?'}`); }
    this.opener = opener(material(encSC, macSC, 'B', 'D', 'F'));
    this.exchanges.push({ sent: `SSH_MSG_KEX_ECDH_INIT (${kexAlg})`, received: `SSH_MSG_KEX_ECDH_REPLY, SSH_MSG_NEWKEYS (${encSC}${macSC === null ? '' : `, ${macSC}`})`, note: 'key exchange completed' });
  }

  /** SERVICE_REQUEST ssh-userauth, then USERAUTH_REQUEST method "none": the methods the server lists, or 'success'. */
  async authMethods(user: string): Promise<{ methods: string[]; success: boolean; banner: string | null }> {
    this.writePacket(Buffer.concat([Buffer.from([MSG.SERVICE_REQUEST]), sshString('ssh-userauth')]));
    let banner: string | null = null;
    for (;;) {
      const p = await this.readMessage();
      if (p[0] === MSG.SERVICE_ACCEPT) { break; }
      if (p[0] !== MSG.EXT_INFO) { throw new SshWireError(`expected SERVICE_ACCEPT, got ${p[0] ?? '?'}`); }
    }
    this.writePacket(Buffer.concat([Buffer.from([MSG.USERAUTH_REQUEST]), sshString(user), sshString('ssh-connection'), sshString('none')]));
    for (;;) {
      const p = await this.readMessage();
      if (p[0] === MSG.USERAUTH_BANNER) { banner = escapeText(new SshReader(p.subarray(1)).string(), 200); continue; }
      if (p[0] === MSG.USERAUTH_SUCCESS) {
        this.exchanges.push({ sent: `SSH_MSG_USERAUTH_REQUEST user=${user} method=none`, received: 'SSH_MSG_USERAUTH_SUCCESS', note: 'decrypted' });
        return { methods: [], success: true, banner };
      }
      if (p[0] === MSG.USERAUTH_FAILURE) {
        const methods = new SshReader(p.subarray(1)).nameList();
        this.exchanges.push({ sent: `SSH_MSG_USERAUTH_REQUEST user=${user} method=none`, received: escapeText(`SSH_MSG_USERAUTH_FAILURE methods=${methods.join(',')}`), note: 'decrypted' });
        return { methods, success: false, banner };
      }
      throw new SshWireError(`unexpected message ${p[0] ?? '?'} during authentication`);
    }
  }

  disconnect(): void {
    try { this.writePacket(Buffer.concat([Buffer.from([MSG.DISCONNECT]), uint32(11), sshString('gatehouse check done'), sshString('')])); } finally { this.conn.close(); }
  }
}
