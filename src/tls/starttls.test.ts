import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { tcpDialer } from '../net/dialer.js';
import { GatehouseError } from '../errors/index.js';
import { starttls, starttlsFor, type StarttlsKind } from './starttls.js';
import { scriptedServer } from './testkit.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of closers.splice(0)) { await c(); } });

/** A line-based fake: sends `greeting`, then answers each input chunk with `answer(chunk)`; records what TLS would get. */
async function fake(greeting: Buffer | string | null, answer: (input: string) => Buffer | string | null): Promise<{ port: number; afterUpgrade: Buffer[] }> {
  const afterUpgrade: Buffer[] = [];
  const srv = await scriptedServer((s: Socket) => {
    let upgraded = false;
    if (greeting !== null) { s.write(greeting); }
    s.on('data', (d: Buffer) => {
      if (upgraded) { afterUpgrade.push(d); return; }
      const out = answer(d.toString('latin1'));
      if (out === 'UPGRADE') { upgraded = true; return; }
      if (out !== null) { s.write(out); }
    });
  });
  closers.push(srv.close);
  return { port: srv.port, afterUpgrade };
}

async function run(kind: StarttlsKind, port: number): Promise<void> {
  const conn = await tcpDialer.tcp('127.0.0.1', port);
  try { await starttls(kind, conn, 'mail.test', 1000); } finally { conn.close(); }
}

const mysqlGreeting = (caps: number): Buffer => {
  const body = Buffer.concat([Buffer.from([10]), Buffer.from('8.0.0\0'), Buffer.alloc(4), Buffer.alloc(8, 0x61), Buffer.from([0]), Buffer.from([caps & 0xff, caps >> 8]), Buffer.alloc(20)]);
  return Buffer.concat([Buffer.from([body.length, 0, 0, 0]), body]);
};

describe('starttls preambles', () => {
  const ok: Array<{ kind: StarttlsKind; greeting: Buffer | string | null; answer: (i: string) => Buffer | string | null }> = [
    { kind: 'smtp', greeting: '220-mail.test ESMTP\r\n220 ready\r\n', answer: (i) => i.startsWith('EHLO') ? '250-mail.test\r\n250-STARTTLS\r\n250 SIZE 1000\r\n' : i.startsWith('STARTTLS') ? '220 2.0.0 go ahead\r\n' : null },
    { kind: 'imap', greeting: '* OK IMAP ready\r\n', answer: (i) => i.includes('STARTTLS') ? `${i.split(' ')[0] ?? ''} OK begin TLS\r\n` : null },
    { kind: 'pop3', greeting: '+OK POP3 ready\r\n', answer: (i) => i.startsWith('STLS') ? '+OK begin TLS\r\n' : null },
    { kind: 'ftp', greeting: '220 FTP ready\r\n', answer: (i) => i.startsWith('AUTH TLS') ? '234 AUTH TLS ok\r\n' : null },
    { kind: 'postgres', greeting: null, answer: (i) => i.length === 8 ? 'S' : null },
    { kind: 'ldap', greeting: null, answer: () => Buffer.from('300c02010178070a010004000400', 'hex') },
    { kind: 'xmpp', greeting: null, answer: (i) => i.includes('<stream:stream') ? "<stream:stream><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>" : i.includes('<starttls') ? "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" : null },
  ];
  for (const c of ok) {
    it(`${c.kind}: reaches the TLS point`, async () => {
      const f = await fake(c.greeting, c.answer);
      await expect(run(c.kind, f.port)).resolves.toBeUndefined();
    });
  }

  it('mysql: sends a 32-byte SSL request when CLIENT_SSL is offered', async () => {
    let request: Buffer | null = null;
    const srv = await scriptedServer((s) => { s.write(mysqlGreeting(0xffff)); s.on('data', (d: Buffer) => { request = d; }); });
    closers.push(srv.close);
    await run('mysql', srv.port);
    await new Promise((r) => setTimeout(r, 50));
    expect(request).not.toBeNull();
    const req = request as unknown as Buffer;
    expect([...req.subarray(0, 4)]).toEqual([32, 0, 0, 1]);
    expect(req.readUInt32LE(4) & 0x0800).toBe(0x0800);
  });

  const refused: Array<{ kind: StarttlsKind; greeting: Buffer | string | null; answer: (i: string) => Buffer | string | null }> = [
    { kind: 'smtp', greeting: '220 ready\r\n', answer: (i) => i.startsWith('EHLO') ? '250-mail.test\r\n250 SIZE 1000\r\n' : null },
    { kind: 'smtp', greeting: '554 go away\r\n', answer: () => null },
    { kind: 'imap', greeting: '* OK ready\r\n', answer: (i) => `${i.split(' ')[0] ?? ''} BAD no\r\n` },
    { kind: 'pop3', greeting: '+OK\r\n', answer: () => '-ERR no\r\n' },
    { kind: 'ftp', greeting: '220 ready\r\n', answer: () => '500 unknown\r\n' },
    { kind: 'postgres', greeting: null, answer: () => 'N' },
    { kind: 'mysql', greeting: mysqlGreeting(0x0200), answer: () => null },
    { kind: 'ldap', greeting: null, answer: () => Buffer.from('300c02010178070a013400040004', 'hex') },
    { kind: 'xmpp', greeting: null, answer: () => '<stream:stream><stream:features></stream:features>' },
  ];
  for (const c of refused) {
    it(`${c.kind}: refusal is GH_ERR_STARTTLS (${typeof c.greeting === 'string' ? c.greeting.trim() : 'binary'})`, async () => {
      const f = await fake(c.greeting, c.answer);
      const err = await run(c.kind, f.port).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(GatehouseError);
      expect((err as GatehouseError).code).toBe('GH_ERR_STARTTLS');
    });
  }

  it('silence is a bounded refusal', async () => {
    const f = await fake(null, () => null);
    const t0 = Date.now();
    const err = await run('smtp', f.port).then(() => null, (e: unknown) => e);
    expect((err as GatehouseError).code).toBe('GH_ERR_STARTTLS');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('helpers', () => {
  it('starttlsFor maps service names', () => {
    expect(['smtp', 'submission', 'imap', 'pop3', 'ftp', 'postgresql', 'mysql', 'ldap', 'xmpp-client', 'http'].map((n) => starttlsFor(n, 1)))
      .toEqual(['smtp', 'smtp', 'imap', 'pop3', 'ftp', 'postgres', 'mysql', 'ldap', 'xmpp', null]);
  });
});
