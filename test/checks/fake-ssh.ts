/**
 * @module test/checks/fake-ssh — a minimal SSH-2 server for the SSH check tests: version exchange, KEXINIT with
 * configurable algorithm lists, curve25519-sha256 key exchange (dummy host key and signature: the checks do not
 * verify them), aes-ctr + hmac-sha2-256 packets, SERVICE_ACCEPT, and a USERAUTH_FAILURE listing `methods`.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type Cipher, type Decipher } from 'node:crypto';
import type { Socket } from 'node:net';
import { serve, type Fake } from './fake-server.js';
import { SshReader, buildKexInit, mpint, sshString, uint32 } from '../../src/checks/ssh/wire.js';

export interface FakeSshOptions { kex?: string; ciphers?: string; macs?: string; methods: string[]; version?: string }

class Session {
  private buf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private seqOut = 0;
  private dec: Decipher | null = null; private enc: Cipher | null = null;
  private macOut: Buffer = Buffer.alloc(0);
  constructor(private readonly s: Socket) {
    s.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake?.(); });
  }
  private async need(n: number): Promise<Buffer> {
    while (this.buf.length < n) { await new Promise<void>((r) => { this.wake = r; }); }
    const out = this.buf.subarray(0, n); this.buf = this.buf.subarray(n); return out;
  }
  async line(): Promise<string> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) { const l = this.buf.subarray(0, nl).toString('latin1').replace(/\r$/, ''); this.buf = this.buf.subarray(nl + 1); return l; }
      await new Promise<void>((r) => { this.wake = r; });
    }
  }
  async packet(): Promise<Buffer> {
    const bs = this.dec ? 16 : 8;
    const first = this.dec ? this.dec.update(await this.need(bs)) : await this.need(bs);
    const len = first.readUInt32BE(0);
    const restRaw = await this.need(len + 4 - bs);
    const plain = Buffer.concat([first, this.dec ? this.dec.update(restRaw) : restRaw]);
    if (this.dec) { await this.need(32); }
    return plain.subarray(5, plain.length - (plain[4] as number));
  }
  send(payload: Buffer): void {
    const bs = this.enc ? 16 : 8;
    let pad = bs - ((payload.length + 5) % bs); if (pad < 4) { pad += bs; }
    const plain = Buffer.concat([uint32(payload.length + 1 + pad), Buffer.from([pad]), payload, randomBytes(pad)]);
    if (this.enc) {
      const mac = createHmac('sha256', this.macOut).update(uint32(this.seqOut)).update(plain).digest();
      this.s.write(Buffer.concat([this.enc.update(plain), mac]));
    } else { this.s.write(plain); }
    this.seqOut++;
  }
  /** Incoming MACs are skipped, not verified: the client under test is what is being checked. */
  newKeysIn(dec: Decipher): void { this.dec = dec; }
  newKeysOut(enc: Cipher, macOut: Buffer): void { this.enc = enc; this.macOut = macOut; }
}

export function fakeSsh(o: FakeSshOptions): Promise<Fake> {
  return serve((s) => {
    void (async () => {
      const sess = new Session(s);
      const vs = o.version ?? 'SSH-2.0-FakeSSH_1.0';
      s.write(`${vs}\r\n`);
      const vc = await sess.line();
      const is = buildKexInit(randomBytes(16), { kex: o.kex ?? 'curve25519-sha256', hostKey: 'ssh-ed25519', enc: o.ciphers ?? 'aes128-ctr', mac: o.macs ?? 'hmac-sha2-256' });
      sess.send(is);
      const ic = await sess.packet();
      const init = await sess.packet();
      const qc = new SshReader(init.subarray(1)).string();
      const { publicKey, privateKey } = generateKeyPairSync('x25519');
      const qs = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
      const K = mpint(diffieHellman({ privateKey, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: qc.toString('base64url') }, format: 'jwk' }) }));
      const ks = Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(32))]);
      const H = createHash('sha256').update(Buffer.concat([sshString(vc), sshString(vs), sshString(ic), sshString(is), sshString(ks), sshString(qc), sshString(qs), K])).digest();
      const derive = (x: string, n: number): Buffer => createHash('sha256').update(K).update(H).update(x).update(H).digest().subarray(0, n);
      sess.send(Buffer.concat([Buffer.from([31]), sshString(ks), sshString(qs), sshString(Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(64))]))]));
      sess.send(Buffer.from([21]));
      sess.newKeysOut(createCipheriv('aes-128-ctr', derive('D', 16), derive('B', 16)), derive('F', 32));
      const nk = await sess.packet();
      if (nk[0] !== 21) { s.destroy(); return; }
      sess.newKeysIn(createDecipheriv('aes-128-ctr', derive('C', 16), derive('A', 16)));
      const sr = await sess.packet();
      if (sr[0] !== 5) { s.destroy(); return; }
      sess.send(Buffer.concat([Buffer.from([6]), sshString('ssh-userauth')]));
      const ua = await sess.packet();
      const r = new SshReader(ua.subarray(1));
      r.string(); r.string();
      const method = r.string().toString();
      if (method === 'none') { sess.send(Buffer.concat([Buffer.from([51]), sshString(o.methods.join(',')), Buffer.from([0])])); }
    })().catch(() => s.destroy());
  });
}
