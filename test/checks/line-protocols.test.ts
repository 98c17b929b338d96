import { afterEach, describe, expect, it } from 'vitest';
import { lineServer, runOne, serve, type Fake } from './fake-server.js';
import { telnetExposed } from '../../src/checks/telnet.js';
import { ftpAnonymousLogin, ftpCleartext } from '../../src/checks/ftp.js';
import { smtpNoStarttls, smtpOpenRelay } from '../../src/checks/smtp.js';
import { imapCleartext, pop3Cleartext } from '../../src/checks/pop-imap.js';
import { redisNoAuth } from '../../src/checks/redis.js';
import { memcachedExposed } from '../../src/checks/memcached.js';
import { rsyncModuleListing } from '../../src/checks/rsync.js';

let fakes: Fake[] = [];
afterEach(async () => { await Promise.all(fakes.map((f) => f.close())); fakes = []; });
async function keep(f: Promise<Fake>): Promise<Fake> { const x = await f; fakes.push(x); return x; }

const ftp = (feat: string | null, anonymous: boolean) => lineServer('220 (vsFTPd 3.0.3)\r\n', (line) => {
  if (line === 'FEAT') { return feat ?? '500 Unknown command.\r\n'; }
  if (line === 'USER anonymous') { return anonymous ? '331 Please specify the password.\r\n' : '530 This FTP server is anonymous only... not.\r\n'; }
  if (line.startsWith('PASS')) { return '230 Login successful.\r\n'; }
  if (line === 'QUIT') { return '221 Goodbye.\r\n'; }
  return '500 ?\r\n';
});

describe('telnet-exposed', () => {
  it('reports a server that negotiates Telnet options', async () => {
    const f = await keep(serve((s) => { s.write(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfb, 0x01])); }));
    const { outcome, port } = await runOne(telnetExposed, f, { name: 'telnet' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.id).toBe('telnet-exposed');
    expect(port.findings?.[0]?.exchanges?.[0]?.received).toContain('\\xff\\xfd\\x18');
  });
  it('does not report a silent service', async () => {
    const f = await keep(serve(() => undefined));
    const { outcome, port } = await runOne(telnetExposed, f, { name: 'telnet' });
    expect(outcome?.status).toBe('not-run');
    expect(port.findings).toBeUndefined();
    expect(port.checksNotRun?.[0]?.id).toBe('telnet-exposed');
  });
});

describe('ftp-cleartext', () => {
  it('reports FTP whose FEAT has no AUTH TLS', async () => {
    const f = await keep(ftp('211-Features:\r\n EPRT\r\n PASV\r\n211 End\r\n', false));
    const { outcome } = await runOne(ftpCleartext, f, { name: 'ftp' });
    expect(outcome?.status).toBe('vulnerable');
  });
  it('accepts FTP offering AUTH TLS', async () => {
    const f = await keep(ftp('211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n', false));
    expect((await runOne(ftpCleartext, f, { name: 'ftp' })).outcome?.status).toBe('secure');
  });
  it('reports a server without FEAT', async () => {
    const f = await keep(ftp(null, false));
    expect((await runOne(ftpCleartext, f, { name: 'ftp' })).outcome?.status).toBe('vulnerable');
  });
});

describe('ftp-anonymous-login', () => {
  it('reports an accepted anonymous login', async () => {
    const f = await keep(ftp(null, true));
    const { outcome, port } = await runOne(ftpAnonymousLogin, f, { name: 'ftp' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.evidence).toContain('230');
    expect(f.received.map((b) => b.toString()).join('')).toContain('QUIT');
  });
  it('does not report a refused anonymous login', async () => {
    const f = await keep(ftp(null, false));
    expect((await runOne(ftpAnonymousLogin, f, { name: 'ftp' })).outcome?.status).toBe('secure');
  });
});

const smtp = (starttls: boolean, relay: boolean, tlsFirst = false) => lineServer('220 mx.example.net ESMTP Postfix\r\n', (line) => {
  if (line.startsWith('EHLO')) { return `250-mx.example.net\r\n250-PIPELINING\r\n${starttls ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`; }
  if (line.startsWith('MAIL FROM')) { return tlsFirst ? '530 5.7.0 Must issue a STARTTLS command first\r\n' : '250 2.1.0 Ok\r\n'; }
  if (line.startsWith('RCPT TO')) { return relay ? '250 2.1.5 Ok\r\n' : '554 5.7.1 <relay-test@example.org>: Relay access denied\r\n'; }
  if (line === 'DATA') { throw new Error('DATA must never be sent'); }
  if (line === 'RSET') { return '250 2.0.0 Ok\r\n'; }
  if (line === 'QUIT') { return '221 2.0.0 Bye\r\n'; }
  return '502 5.5.2 Error: command not recognized\r\n';
});

describe('smtp-no-starttls', () => {
  it('reports EHLO without STARTTLS', async () => {
    const f = await keep(smtp(false, false));
    expect((await runOne(smtpNoStarttls, f, { name: 'smtp' })).outcome?.status).toBe('vulnerable');
  });
  it('accepts EHLO with STARTTLS', async () => {
    const f = await keep(smtp(true, false));
    expect((await runOne(smtpNoStarttls, f, { name: 'smtp' })).outcome?.status).toBe('secure');
  });
  it('does not apply to implicit TLS', async () => {
    const f = await keep(smtp(false, false));
    expect((await runOne(smtpNoStarttls, f, { name: 'smtp', tls: true })).outcome).toBeUndefined();
  });
});

describe('smtp-open-relay', () => {
  it('reports a foreign RCPT accepted, and stops before DATA with RSET and QUIT', async () => {
    const f = await keep(smtp(true, true));
    const { outcome, port } = await runOne(smtpOpenRelay, f, { name: 'smtp' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.severity).toBe('critical');
    const sent = f.received.map((b) => b.toString()).join('');
    expect(sent).not.toMatch(/^DATA/m);
    expect(sent).toMatch(/RSET\r\n[\s\S]*QUIT\r\n/);
  });
  it('still runs on a port that src/tls upgraded with STARTTLS (service.tls set, port.tls.starttls = smtp)', async () => {
    const f = await keep(smtp(true, true));
    expect((await runOne(smtpOpenRelay, f, { name: 'smtp', tls: true, starttls: 'smtp' })).outcome?.status).toBe('vulnerable');
    expect((await runOne(smtpNoStarttls, f, { name: 'smtp', tls: true, starttls: 'smtp' })).outcome?.status).toBe('secure');
  });
  it('is not run (no guess) when the server wants STARTTLS before MAIL', async () => {
    const f = await keep(smtp(true, true, true));
    const { outcome, port } = await runOne(smtpOpenRelay, f, { name: 'smtp' });
    expect(outcome?.status).toBe('not-run');
    expect(port.checksNotRun?.[0]?.reason).toMatch(/STARTTLS/);
  });
  it('does not report relay access denied', async () => {
    const f = await keep(smtp(true, false));
    expect((await runOne(smtpOpenRelay, f, { name: 'smtp' })).outcome?.status).toBe('secure');
  });
});

describe('pop3-cleartext', () => {
  const pop = (stls: boolean) => lineServer('+OK Dovecot ready.\r\n', (line) => {
    if (line === 'CAPA') { return `+OK\r\nCAPA\r\nTOP\r\nUIDL\r\n${stls ? 'STLS\r\n' : 'USER\r\n'}SASL PLAIN\r\n.\r\n`; }
    return line === 'QUIT' ? '+OK Logging out\r\n' : '-ERR\r\n';
  });
  it('reports CAPA without STLS', async () => {
    const f = await keep(pop(false));
    const { outcome } = await runOne(pop3Cleartext, f, { name: 'pop3' });
    expect(outcome?.status).toBe('vulnerable');
    expect(outcome?.status === 'vulnerable' ? outcome.evidence : '').toContain('USER');
  });
  it('accepts CAPA with STLS', async () => {
    const f = await keep(pop(true));
    expect((await runOne(pop3Cleartext, f, { name: 'pop3' })).outcome?.status).toBe('secure');
  });
});

describe('imap-cleartext', () => {
  const imap = (starttls: boolean) => lineServer('* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot ready.\r\n', (line) => {
    const [tag, cmd] = line.split(' ');
    if (cmd === 'CAPABILITY') { return `* CAPABILITY IMAP4rev1 SASL-IR LITERAL+${starttls ? ' STARTTLS LOGINDISABLED' : ' AUTH=PLAIN'}\r\n${tag} OK Pre-login capabilities listed.\r\n`; }
    if (cmd === 'LOGOUT') { return `* BYE\r\n${tag} OK Logout completed.\r\n`; }
    return `${tag} BAD\r\n`;
  });
  it('reports CAPABILITY without STARTTLS', async () => {
    const f = await keep(imap(false));
    expect((await runOne(imapCleartext, f, { name: 'imap' })).outcome?.status).toBe('vulnerable');
  });
  it('accepts CAPABILITY with STARTTLS', async () => {
    const f = await keep(imap(true));
    expect((await runOne(imapCleartext, f, { name: 'imap' })).outcome?.status).toBe('secure');
  });
});

describe('redis-no-auth', () => {
  const info = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n';
  const redis = (auth: boolean) => lineServer(null, (line) => {
    if (auth) { return '-NOAUTH Authentication required.\r\n'; }
    if (line === 'PING') { return '+PONG\r\n'; }
    if (line === 'INFO server') { return `$${info.length}\r\n${info}\r\n`; }
    return '-ERR unknown command\r\n';
  });
  it('reports PONG without AUTH, with the version from INFO', async () => {
    const f = await keep(redis(false));
    const { outcome, port } = await runOne(redisNoAuth, f, { name: 'redis' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.version).toBe('7.0.15');
  });
  it('accepts -NOAUTH', async () => {
    const f = await keep(redis(true));
    expect((await runOne(redisNoAuth, f, { name: 'redis' })).outcome?.status).toBe('secure');
  });
  it('is not run on a port identified only by its number', async () => {
    const f = await keep(redis(false));
    expect((await runOne(redisNoAuth, f, { name: 'redis', method: 'table' })).outcome).toBeUndefined();
  });
});

describe('memcached-exposed', () => {
  const mc = (open: boolean) => lineServer(null, (line) => {
    if (!open) { return 'ERROR\r\n'; }
    if (line === 'version') { return 'VERSION 1.6.18\r\n'; }
    if (line === 'stats') { return 'STAT pid 1\r\nSTAT curr_items 42\r\nEND\r\n'; }
    return null;
  });
  it('reports a cache answering version and stats', async () => {
    const f = await keep(mc(true));
    const { outcome, port } = await runOne(memcachedExposed, f, { name: 'memcached' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.currItems).toBe(42);
  });
  it('does not report a SASL-only server refusing text commands', async () => {
    const f = await keep(mc(false));
    expect((await runOne(memcachedExposed, f, { name: 'memcached' })).outcome?.status).toBe('secure');
  });
});

describe('rsync-module-listing', () => {
  const rs = (modules: string[]) => lineServer('@RSYNCD: 31.0\n', (line) => (line === '' ? `${modules.map((m) => `${m}\tshared ${m}\n`).join('')}@RSYNCD: EXIT\n` : null));
  it('reports listed modules', async () => {
    const f = await keep(rs(['backup', 'www']));
    const { outcome, port } = await runOne(rsyncModuleListing, f, { name: 'rsync' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.modules).toEqual(['backup', 'www']);
  });
  it('accepts an empty listing', async () => {
    const f = await keep(rs([]));
    expect((await runOne(rsyncModuleListing, f, { name: 'rsync' })).outcome?.status).toBe('secure');
  });
});
