/** Table-driven tests and fast-check fuzzing for every parser of untrusted bytes in src/checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { telnetOptions } from '../../src/checks/telnet.js';
import { replyCode, replyLines } from '../../src/checks/session.js';
import { holdsFinalReply as replyComplete } from '../../src/protocols/line-reply.js';
import { header, httpComplete, parseHttpResponse } from '../../src/protocols/http.js';
import { parseInfo, respComplete } from '../../src/checks/redis.js';
import { parseStats } from '../../src/checks/memcached.js';
import { parseModuleList } from '../../src/checks/rsync.js';
import { connectPacket, parseConnack } from '../../src/checks/mqtt.js';
import { parseX11Reply, x11ReplyLength } from '../../src/checks/x11.js';
import { parseRfbVersion, parseSecurityTypes, parseServerInit } from '../../src/checks/vnc.js';
import { parseConnectionConfirm } from '../../src/checks/rdp.js';
import { parseNegotiateResponse, netbiosName } from '../../src/checks/smb.js';
import { classifyStartup, parseBackendMessages, parseErrorFields } from '../../src/checks/postgres.js';
import { parseHandshake, parsePackets } from '../../src/checks/mysql.js';
import { decodeBson, encodeBson } from '../../src/protocols/bson.js';
import { parseOpMsgReply } from '../../src/checks/mongodb.js';
import { capaComplete, imapCapabilities } from '../../src/checks/pop-imap.js';
import { buildKexInit, findVersionLine, mpint, parseKexInit, SshWireError } from '../../src/checks/ssh/wire.js';
import { weakAlgorithms } from '../../src/checks/ssh/weak.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');
const bytes = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));

/** Every parser must return (null, a value, or its documented error) on any bytes: never crash otherwise. */
const PARSERS: Array<[string, (b: Buffer) => unknown]> = [
  ['telnetOptions', telnetOptions], ['replyCode', replyCode], ['replyComplete', replyComplete], ['replyLines', replyLines],
  ['httpComplete', httpComplete], ['parseHttpResponse', parseHttpResponse], ['respComplete', respComplete],
  ['parseInfo', (b) => parseInfo(b.toString('latin1'))], ['parseStats', (b) => parseStats(b.toString('latin1'))],
  ['parseModuleList', (b) => parseModuleList(b.toString('latin1'))], ['parseConnack', parseConnack],
  ['x11ReplyLength', x11ReplyLength], ['parseX11Reply', parseX11Reply], ['parseRfbVersion', parseRfbVersion],
  ['parseSecurityTypes', parseSecurityTypes], ['parseServerInit', parseServerInit], ['parseConnectionConfirm', parseConnectionConfirm],
  ['parseNegotiateResponse', parseNegotiateResponse], ['parseBackendMessages', parseBackendMessages], ['parseErrorFields', parseErrorFields],
  ['classifyStartup', classifyStartup], ['parsePackets', parsePackets], ['parseHandshake', parseHandshake], ['decodeBson', (b) => decodeBson(b)],
  ['parseOpMsgReply', parseOpMsgReply], ['capaComplete', capaComplete], ['imapCapabilities', (b) => imapCapabilities(b.toString('latin1'))],
  ['findVersionLine', findVersionLine],
];

describe('parsers never throw on arbitrary bytes (fast-check)', () => {
  for (const [name, parse] of PARSERS) {
    it(name, () => { fc.assert(fc.property(bytes, (b) => { parse(b); }), { numRuns: 400 }); });
  }
  it('parseKexInit throws only SshWireError', () => {
    fc.assert(fc.property(bytes, (b) => {
      try { parseKexInit(Buffer.concat([Buffer.from([20]), b])); } catch (e) { expect(e).toBeInstanceOf(SshWireError); }
    }), { numRuns: 400 });
  });
});

describe('round trips (fast-check)', () => {
  const name = fc.stringMatching(/^[a-z0-9@.-]{1,20}$/);
  it('KEXINIT: build then parse gives the lists back', () => {
    fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), fc.array(name, { minLength: 1, maxLength: 5 }), (kex, enc) => {
      const k = parseKexInit(buildKexInit(Buffer.alloc(16, 7), { kex: kex.join(','), hostKey: 'ssh-ed25519', enc: enc.join(','), mac: 'hmac-sha2-256' }));
      expect(k.kex).toEqual(kex);
      expect(k.encSC).toEqual(enc);
    }));
  });
  it('BSON: encode then decode', () => {
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -2147483648, max: 2147483647 }), fc.boolean())), (doc) => {
      expect(decodeBson(encodeBson(doc))).toEqual(doc);
    }));
  });
  it('mpint never starts with a high bit and strips leading zeros', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (a) => {
      const m = mpint(Buffer.from(a));
      const v = m.subarray(4);
      expect(m.readUInt32BE(0)).toBe(v.length);
      if (v.length > 0) { expect((v[0] as number) & 0x80).toBe(0); }
      if (v.length > 1 && v[0] === 0) { expect((v[1] as number) & 0x80).not.toBe(0); }
    }));
  });
});

describe('table-driven parser cases', () => {
  it.each([
    { input: '220 ready\r\n', want: 220 },
    { input: '250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n', want: 250 },
    { input: '250-mx\r\n', want: null },
    { input: 'garbage', want: null },
  ])('replyCode($input)', ({ input, want }) => { expect(replyCode(B(input))).toBe(want); });

  it.each([
    { input: '250-a\r\n250 b\r\n', want: true }, { input: '250-a\r\n', want: false }, { input: '220', want: false }, { input: '220\r\n', want: true },
  ])('replyComplete($input)', ({ input, want }) => { expect(replyComplete(B(input))).toBe(want); });

  it.each([
    { input: [0xff, 0xfd, 0x18, 0xff, 0xfb, 0x01], want: [[0xfd, 0x18], [0xfb, 0x01]] },
    { input: [0xff, 0xfa, 0x18, 0x01, 0xff, 0xf0, 0xff, 0xfe, 0x03], want: [[0xfe, 0x03]] },
    { input: [0x6c, 0x6f, 0x67], want: [] },
    { input: [0xff, 0xfd], want: [] },
    { input: [0x41, 0xff, 0xfd, 0x18], want: [] },
  ])('telnetOptions %#', ({ input, want }) => { expect(telnetOptions(Buffer.from(input))).toEqual(want); });

  it.each([
    { input: 'HTTP/1.1 301 Moved\r\nLocation: https://x/\r\n\r\n', status: 301, location: 'https://x/' },
    { input: 'HTTP/1.0 200 OK\r\nSet-Cookie: a\r\nSet-Cookie: b\r\n\r\nbody', status: 200, location: undefined },
    { input: 'SSH-2.0-x\r\n', status: null, location: undefined },
  ])('parseHttpResponse $status', ({ input, status, location }) => {
    const r = parseHttpResponse(B(input));
    expect(r?.status ?? null).toBe(status);
    expect(r ? header(r, 'location') : undefined).toBe(location);
  });

  it('httpComplete waits for Content-Length bytes', () => {
    expect(httpComplete(B('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab'))).toBe(false);
    expect(httpComplete(B('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd'))).toBe(true);
  });

  it.each([
    { input: '+PONG\r\n', want: true }, { input: '$5\r\nabc', want: false }, { input: '$3\r\nabc\r\n', want: true }, { input: '-NOAUTH', want: false },
  ])('respComplete($input)', ({ input, want }) => { expect(respComplete(B(input))).toBe(want); });

  it('parseModuleList', () => {
    expect(parseModuleList('@RSYNCD: 31.0\nwww\tweb root\nbackup\n@RSYNCD: EXIT\n')).toEqual({ modules: [{ name: 'www', comment: 'web root' }, { name: 'backup', comment: '' }], complete: true, error: null });
    expect(parseModuleList('@ERROR: access denied\n').error).toBe('@ERROR: access denied');
  });

  it.each([
    { input: [0x20, 0x02, 0x00, 0x00], want: 0 }, { input: [0x20, 0x02, 0x00, 0x05], want: 5 }, { input: [0x20, 0x03, 0, 0], want: null }, { input: [0x20], want: null },
  ])('parseConnack %#', ({ input, want }) => { expect(parseConnack(Buffer.from(input))).toBe(want); });

  it('connectPacket carries no credential flags and a correct remaining length', () => {
    const p = connectPacket('gatehouse-1');
    expect(p[1]).toBe(p.length - 2);
    expect(p[9]).toBe(0x02);
  });

  it.each([
    { input: 'RFB 003.008\n', want: [3, 8] }, { input: 'RFB 003.003\n', want: [3, 3] }, { input: 'RFB 3.8\n', want: null },
  ])('parseRfbVersion($input)', ({ input, want }) => { expect(parseRfbVersion(B(input))).toEqual(want); });

  it('parseSecurityTypes', () => {
    expect(parseSecurityTypes(Buffer.from([2, 1, 2]))).toEqual([1, 2]);
    expect(parseSecurityTypes(Buffer.from([2, 1]))).toBeNull();
    expect(parseSecurityTypes(Buffer.from([0]))).toEqual([]);
  });

  it.each([
    { input: [3, 0, 0, 19, 14, 0xd0, 0, 0, 0, 0, 0, 2, 0, 8, 0, 1, 0, 0, 0], want: { kind: 'selected', protocol: 1 } },
    { input: [3, 0, 0, 19, 14, 0xd0, 0, 0, 0, 0, 0, 3, 0, 8, 0, 5, 0, 0, 0], want: { kind: 'failure', code: 5 } },
    { input: [3, 0, 0, 11, 6, 0xd0, 0, 0, 0, 0, 0], want: { kind: 'legacy' } },
    { input: [3, 0, 0, 11, 6, 0xe0, 0, 0, 0, 0, 0], want: null },
  ])('parseConnectionConfirm %#', ({ input, want }) => { expect(parseConnectionConfirm(Buffer.from(input))).toEqual(want); });

  it('netbiosName encodes *SMBSERVER as RFC 1002 half-bytes', () => {
    const n = netbiosName('*SMBSERVER', 0x20);
    expect(n[0]).toBe(32);
    expect(n.subarray(1, 3).toString()).toBe('CK'); // '*' = 0x2a
  });

  it('postgres: classifyStartup', () => {
    const msg = (t: string, body: Buffer): Buffer => { const h = Buffer.alloc(5); h.write(t, 0, 'latin1'); h.writeInt32BE(body.length + 4, 1); return Buffer.concat([h, body]); };
    expect(classifyStartup(msg('R', Buffer.from([0, 0, 0, 5, 1, 2, 3, 4])))).toEqual({ kind: 'password', method: 'md5 password' });
    expect(classifyStartup(msg('E', B('SFATAL\0C28000\0Mno entry\0\0')))).toEqual({ kind: 'error', sqlstate: '28000', message: 'no entry' });
    expect(classifyStartup(msg('R', Buffer.from([0, 0, 0])))).toBeNull();
  });

  it('mysql: parseHandshake', () => {
    expect(parseHandshake(Buffer.concat([Buffer.from([0xff, 0x6a, 0x04]), B("Host '10.0.0.1' is not allowed")]))).toEqual({ kind: 'error', code: 1130, message: "Host '10.0.0.1' is not allowed" });
    expect(parseHandshake(B('\x0a8.0.36\0'))?.kind).toBe('handshake');
    expect(parseHandshake(B('\x09old'))).toBeNull();
  });

  it('imapCapabilities reads the untagged line and response codes', () => {
    expect(imapCapabilities('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n')).toEqual(['IMAP4REV1', 'STARTTLS', 'AUTH=PLAIN']);
  });

  it('findVersionLine skips pre-banner lines', () => {
    expect(findVersionLine(B('hello\r\nSSH-2.0-OpenSSH_9.2\r\nrest'))?.line).toBe('SSH-2.0-OpenSSH_9.2');
    expect(findVersionLine(B('no banner\r\n'))).toBeNull();
  });

  it('weakAlgorithms: table', () => {
    const k = parseKexInit(buildKexInit(Buffer.alloc(16), { kex: 'curve25519-sha256,diffie-hellman-group14-sha1', hostKey: 'ssh-ed25519,rsa-sha2-512,ssh-rsa,ssh-dss', enc: 'aes256-gcm@openssh.com,arcfour256,aes128-cbc', mac: 'hmac-sha1,umac-64@openssh.com,hmac-sha1-96' }));
    expect(weakAlgorithms(k).map((w) => `${w.kind}:${w.name}`)).toEqual(['kex:diffie-hellman-group14-sha1', 'hostkey:ssh-rsa', 'hostkey:ssh-dss', 'cipher:arcfour256', 'cipher:aes128-cbc', 'mac:hmac-sha1-96']);
  });

  it('BSON: malformed input is null', () => {
    expect(decodeBson(Buffer.from([5, 0, 0, 0, 1]))).toBeNull();
    expect(decodeBson(Buffer.from([12, 0, 0, 0, 0x10, 0x61, 0, 1, 0, 0, 0, 0]))).toEqual({ a: 1 });
    expect(decodeBson(Buffer.from([10, 0, 0, 0, 0x7f, 0x61, 0, 0, 0, 0]))).toBeNull();
  });
});
