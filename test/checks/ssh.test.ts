import { afterEach, describe, expect, it } from 'vitest';
import { runOne, serve, type Fake } from './fake-server.js';
import { fakeSsh } from './fake-ssh.js';
import { sshPasswordAuth, sshWeakAlgorithms } from '../../src/checks/ssh/index.js';

let fakes: Fake[] = [];
afterEach(async () => { await Promise.all(fakes.map((f) => f.close())); fakes = []; });
async function keep(f: Promise<Fake>): Promise<Fake> { const x = await f; fakes.push(x); return x; }

describe('ssh-password-auth', () => {
  it('reports "password" among the methods listed after a real key exchange', async () => {
    const f = await keep(fakeSsh({ methods: ['publickey', 'password'] }));
    const { outcome, port } = await runOne(sshPasswordAuth, f, { name: 'ssh' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.methods).toEqual(['publickey', 'password']);
    expect(port.findings?.[0]?.exchanges?.at(-1)?.received).toContain('methods=publickey,password');
  });
  it('accepts publickey only', async () => {
    const f = await keep(fakeSsh({ methods: ['publickey'] }));
    expect((await runOne(sshPasswordAuth, f, { name: 'ssh' })).outcome?.status).toBe('secure');
  });
  it('is not run (with the reason) when no implemented key exchange is offered', async () => {
    const f = await keep(fakeSsh({ kex: 'diffie-hellman-group14-sha256', methods: ['password'] }));
    const { outcome, port } = await runOne(sshPasswordAuth, f, { name: 'ssh' });
    expect(outcome?.status).toBe('not-run');
    expect(port.findings).toBeUndefined();
    expect(port.checksNotRun?.[0]?.reason).toMatch(/key exchange/);
  });
  it('is not run against a peer that is not SSH', async () => {
    const f = await keep(serve((s) => { s.write('220 not ssh\r\n'); }));
    expect((await runOne(sshPasswordAuth, f, { name: 'ssh' })).outcome?.status).toBe('not-run');
  });
});

describe('ssh-weak-algorithms', () => {
  it('reports CBC ciphers, MD5 MACs and SHA-1 key exchange', async () => {
    const f = await keep(fakeSsh({ kex: 'curve25519-sha256,diffie-hellman-group1-sha1', ciphers: 'aes128-ctr,3des-cbc', macs: 'hmac-sha2-256,hmac-md5', methods: [] }));
    const { port } = await runOne(sshWeakAlgorithms, f, { name: 'ssh' });
    expect(port.findings?.[0]?.details?.weak).toEqual(['kex:diffie-hellman-group1-sha1', 'cipher:3des-cbc', 'mac:hmac-md5']);
  });
  it('accepts a modern algorithm set', async () => {
    const f = await keep(fakeSsh({ kex: 'curve25519-sha256', ciphers: 'chacha20-poly1305@openssh.com,aes128-ctr', macs: 'hmac-sha2-256-etm@openssh.com,hmac-sha1', methods: [] }));
    expect((await runOne(sshWeakAlgorithms, f, { name: 'ssh' })).outcome?.status).toBe('secure');
  });
});
