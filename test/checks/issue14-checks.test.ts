// The issue-14 checks against small fakes on 127.0.0.1 (the real daemons are in test/lab/services.test.ts): each
// outcome branch — vulnerable, secure, not-run — is reached, and a finding carries its exchanges.
import { afterEach, describe, expect, it } from 'vitest';
import { binaryServer, lineServer, runOne, serve, type Fake } from './fake-server.js';
import { smbV1Enabled, smbSigningNotRequired } from '../../src/checks/smb-access.js';
import { rsyncAnonymousRead } from '../../src/checks/rsync-read.js';
import { epmdNodeNames, erlangDistributionExposed } from '../../src/checks/erlang.js';
import { frame, smb2Header } from '../../src/protocols/smb.js';

let fakes: Fake[] = [];
afterEach(async () => { await Promise.all(fakes.map((f) => f.close())); fakes = []; });
const keep = (f: Fake): Fake => { fakes.push(f); return f; };

function negotiateResponse(securityMode: number): Buffer {
  const h = smb2Header(0, { messageId: 0 });
  const b = Buffer.alloc(64);
  b.writeUInt16LE(65, 0); b.writeUInt16LE(securityMode, 2); b.writeUInt16LE(0x0302, 4);
  return frame(Buffer.concat([h, b]));
}

describe('smb-signing-not-required', () => {
  it.each([[1, 'vulnerable'], [3, 'secure']] as const)('SecurityMode %i → %s', async (mode, want) => {
    const f = keep(await binaryServer(null, () => negotiateResponse(mode)));
    const { outcome, port } = await runOne(smbSigningNotRequired, f, { name: 'microsoft-ds' });
    expect(outcome?.status).toBe(want);
    if (want === 'vulnerable') { expect(port.findings?.[0]?.exchanges?.length ?? 0).toBeGreaterThan(0); }
  });
  it('an answer that is not SMB2 → not run', async () => {
    const f = keep(await binaryServer(null, () => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')));
    expect((await runOne(smbSigningNotRequired, f, { name: 'microsoft-ds' })).outcome?.status).toBe('not-run');
  });
});

describe('smb-v1-enabled', () => {
  it('a server that closes on an SMB1 NEGOTIATE (Windows without SMB1) → secure', async () => {
    const f = keep(await serve((s) => { s.once('data', () => s.end()); }));
    expect((await runOne(smbV1Enabled, f, { name: 'microsoft-ds' })).outcome?.status).toBe('secure');
  });
  it('SMB1 NEGOTIATE answered with dialect 0 → vulnerable', async () => {
    const h = Buffer.alloc(32);
    Buffer.from([0xff, 0x53, 0x4d, 0x42, 0x72]).copy(h, 0);
    h.writeUInt16LE(0xc001, 10);
    const words = Buffer.alloc(1 + 34 + 2);
    words[0] = 17;                                    // WordCount
    words.writeUInt16LE(0, 1);                        // DialectIndex 0 = "NT LM 0.12"
    words[3] = 0x03;                                  // SecurityMode: user level, encrypt passwords
    const f = keep(await binaryServer(null, (d) => (d[8] === 0x72 ? frame(Buffer.concat([h, words])) : null)));
    const { outcome } = await runOne(smbV1Enabled, f, { name: 'microsoft-ds' });
    expect(outcome?.status).toBe('vulnerable');
  });
});

describe('rsync-anonymous-read', () => {
  /** A daemon listing `modules`; `open` modules answer OK then a real protocol-29 file list, others AUTHREQD. */
  const daemon = (modules: string[], open: string[]): Promise<Fake> => serve((s) => {
    s.write('@RSYNCD: 31.0\n');
    let buf = '';
    let state: 'greeting' | 'module' | 'args' = 'greeting';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (state === 'greeting' && buf.includes('\n')) { buf = buf.slice(buf.indexOf('\n') + 1); state = 'module'; }
      if (state === 'module' && buf.includes('\n')) {
        const name = buf.slice(0, buf.indexOf('\n'));
        buf = buf.slice(buf.indexOf('\n') + 1);
        if (name === '') { s.end(`${modules.map((m) => `${m}\tlab`).join('\n')}\n@RSYNCD: EXIT\n`); return; }
        if (!open.includes(name)) { s.end('@RSYNCD: AUTHREQD abcdefghijklmnop\n'); return; }
        s.write('@RSYNCD: OK\n');
        state = 'args';
      }
      if (state === 'args' && buf.includes('\n\n')) {
        s.end(Buffer.from('2ea21f6b2400000719012e001000008b310f6bed4100009806524541444d4513000000a48100000000000000', 'hex'));
      }
    });
  });
  it('a module that sends its file list without credentials → vulnerable, naming the files', async () => {
    const f = keep(await daemon(['public', 'private'], ['public']));
    const { outcome } = await runOne(rsyncAnonymousRead, f, { name: 'rsync' });
    expect(outcome?.status).toBe('vulnerable');
    expect(outcome?.status === 'vulnerable' && outcome.evidence).toContain('public (README)');
  });
  it('every module asks for a password → secure', async () => {
    const f = keep(await daemon(['private'], []));
    expect((await runOne(rsyncAnonymousRead, f, { name: 'rsync' })).outcome?.status).toBe('secure');
  });
  it('no module listed → not run (unlisted names are never guessed)', async () => {
    const f = keep(await daemon([], []));
    expect((await runOne(rsyncAnonymousRead, f, { name: 'rsync' })).outcome?.status).toBe('not-run');
  });
});

describe('Erlang', () => {
  it('epmd with a node → vulnerable; with none → secure', async () => {
    const withNode = keep(await serve((s) => { s.once('data', () => s.end(Buffer.concat([Buffer.from('00001111', 'hex'), Buffer.from('name rabbit at port 25672\n')]))); }));
    expect((await runOne(epmdNodeNames, withNode, { name: 'epmd' })).outcome?.status).toBe('vulnerable');
    const empty = keep(await serve((s) => { s.once('data', () => s.end(Buffer.from('00001111', 'hex'))); }));
    expect((await runOne(epmdNodeNames, empty, { name: 'epmd' })).outcome?.status).toBe('secure');
  });
  it('distribution: "ok" + challenge → vulnerable; "not_allowed" → secure; line noise → not run', async () => {
    const ok = keep(await serve((s) => { s.once('data', () => s.end(Buffer.from('0003736f6b00264e0000000d07df7fbdbeb4a9dc6b0f318d00136c61626e6f64654031302e37372e312e313130', 'hex'))); }));
    const r = await runOne(erlangDistributionExposed, ok, { name: 'erlang-node' });
    expect(r.outcome?.status === 'vulnerable' && r.outcome.evidence).toContain('labnode@10.77.1.110');
    const refused = keep(await serve((s) => { s.once('data', () => s.end(Buffer.concat([Buffer.from('000c73', 'hex'), Buffer.from('not_allowed')]))); }));
    expect((await runOne(erlangDistributionExposed, refused, { name: 'erlang-node' })).outcome?.status).toBe('secure');
    const noise = keep(await lineServer('hello\n', () => null));
    expect((await runOne(erlangDistributionExposed, noise, { name: 'erlang-node' })).outcome?.status).toBe('not-run');
  });
});
