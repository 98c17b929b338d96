import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bitLength, EXT_KEY_SHARE, EXT_SUPPORTED_VERSIONS, parseAlert, parseCertificate, parseServerHello, parseServerKeyExchange,
  parseSsl2ServerHello,
} from './handshake.js';
import { certificateBody, dheKeyExchangeBody, ecdheKeyExchangeBody, flight, handshake, serverHelloBody, ssl2ServerHello, u16 } from './testkit.js';
import { helloComplete, interpretHello } from './probe.js';

const HRR = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

describe('parseServerHello', () => {
  const cases: Array<{ name: string; input: Buffer; want?: { version: number; cipher: number; helloRetry: boolean; keyShareGroup: number | null }; wantErr?: RegExp }> = [
    { name: 'TLS 1.2 without extensions', input: serverHelloBody({ cipher: 0xc02f }), want: { version: 0x0303, cipher: 0xc02f, helloRetry: false, keyShareGroup: null } },
    { name: 'SSLv3', input: serverHelloBody({ version: 0x0300, cipher: 0x000a }), want: { version: 0x0300, cipher: 0x000a, helloRetry: false, keyShareGroup: null } },
    {
      name: 'TLS 1.3 via supported_versions + key_share', input: serverHelloBody({ cipher: 0x1301, extensions: [[EXT_SUPPORTED_VERSIONS, u16(0x0304)], [EXT_KEY_SHARE, Buffer.concat([u16(29), u16(32), Buffer.alloc(32)])]] }),
      want: { version: 0x0304, cipher: 0x1301, helloRetry: false, keyShareGroup: 29 },
    },
    {
      name: 'HelloRetryRequest naming secp384r1', input: serverHelloBody({ cipher: 0x1302, random: HRR, extensions: [[EXT_SUPPORTED_VERSIONS, u16(0x0304)], [EXT_KEY_SHARE, u16(24)]] }),
      want: { version: 0x0304, cipher: 0x1302, helloRetry: true, keyShareGroup: 24 },
    },
    { name: 'truncated random', input: Buffer.from([3, 3, 1, 2, 3]), wantErr: /truncated: random/ },
    { name: 'extension length past the end', input: Buffer.concat([serverHelloBody({ cipher: 1 }), Buffer.from([0, 10, 0, 1])]), wantErr: /truncated/ },
    { name: 'empty', input: Buffer.alloc(0), wantErr: /truncated/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseServerHello(c.input);
      if (c.wantErr !== undefined) { expect(r.error).toMatch(c.wantErr); return; }
      expect(r.error).toBeNull();
      expect({ version: r.value?.version, cipher: r.value?.cipher, helloRetry: r.value?.helloRetry, keyShareGroup: r.value?.keyShareGroup }).toEqual(c.want);
    });
  }
});

describe('parseCertificate / parseServerKeyExchange / parseAlert', () => {
  it('reads a certificate list and rejects a truncated one', () => {
    expect(parseCertificate(certificateBody([Buffer.from('a'), Buffer.from('bcd')])).value?.map(String)).toEqual(['a', 'bcd']);
    expect(parseCertificate(Buffer.from([0, 0, 9, 0, 0, 1, 65])).error).toMatch(/truncated/);
  });
  it('reads DH prime size and ECDH named curve', () => {
    expect(parseServerKeyExchange(dheKeyExchangeBody(128), 'DHE').value).toEqual({ kind: 'dh', primeBits: 1024, generatorBits: 2 });
    expect(parseServerKeyExchange(ecdheKeyExchangeBody(23), 'ECDHE').value).toEqual({ kind: 'ecdh', curveType: 3, group: 23, pointBytes: 65 });
    expect(parseServerKeyExchange(Buffer.from([0, 200, 1]), 'DHE').error).toMatch(/truncated/);
  });
  it('names alerts', () => {
    expect(parseAlert(Buffer.from([2, 40])).value).toEqual({ level: 2, description: 40, name: 'handshake_failure' });
    expect(parseAlert(Buffer.from([2, 70])).value?.name).toBe('protocol_version');
    expect(parseAlert(Buffer.from([2, 222])).value?.name).toBe('alert 222');
    expect(parseAlert(Buffer.from([2])).error).toMatch(/truncated/);
  });
  it('bitLength ignores leading zero bytes', () => {
    expect(bitLength(Buffer.from([0, 0, 1]))).toBe(1);
    expect(bitLength(Buffer.from([0x80, 0]))).toBe(16);
    expect(bitLength(Buffer.alloc(3))).toBe(0);
  });
});

describe('parseSsl2ServerHello', () => {
  it('reads version, certificate and cipher kinds', () => {
    const r = parseSsl2ServerHello(ssl2ServerHello(Buffer.from('CERT'), [0x010080, 0x0700c0]));
    expect(r.value?.version).toBe(2);
    expect(r.value?.certificate.toString()).toBe('CERT');
    expect(r.value?.ciphers).toEqual([0x010080, 0x0700c0]);
  });
  it('rejects other message types and short records', () => {
    expect(parseSsl2ServerHello(Buffer.from([0x80, 2, 1, 0])).error).toMatch(/not SERVER-HELLO/);
    expect(parseSsl2ServerHello(Buffer.from([0x80, 40, 4])).error).toMatch(/truncated/);
  });
});

describe('parsers never throw on arbitrary bytes (fuzz)', () => {
  it('all of them', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const b = Buffer.from(bytes);
      for (const r of [parseServerHello(b), parseCertificate(b), parseServerKeyExchange(b, 'DHE'), parseServerKeyExchange(b, 'ECDHE'), parseAlert(b), parseSsl2ServerHello(b)]) {
        expect(r.value === null).toBe(r.error !== null);
      }
    }), { numRuns: 3000 });
  });
  it('mutated valid ServerHellos parse or fail cleanly', () => {
    const base = serverHelloBody({ cipher: 0x1301, extensions: [[EXT_SUPPORTED_VERSIONS, u16(0x0304)], [EXT_KEY_SHARE, Buffer.concat([u16(29), u16(32), Buffer.alloc(32)])]] });
    fc.assert(fc.property(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(base.length), (at, byte, cut) => {
      const m = Buffer.from(base);
      m[at] = byte;
      const r = parseServerHello(m.subarray(0, cut));
      expect(r.value === null || r.value.random.length === 32).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('interpretHello / helloComplete never throw (fuzz)', () => {
  it('on arbitrary bytes and on mutated server flights', () => {
    const good = flight([handshake(2, serverHelloBody({ cipher: 0xc02f })), handshake(11, certificateBody([Buffer.from('x')])), handshake(12, ecdheKeyExchangeBody(23)), handshake(14, Buffer.alloc(0))]);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 800 }), fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(good.length), (bytes, at, byte, cut) => {
      const m = Buffer.from(good);
      m[at] = byte;
      for (const b of [Buffer.from(bytes), m.subarray(0, cut)]) {
        for (const full of [false, true]) {
          expect(typeof helloComplete(b, full)).toBe('boolean');
          expect(['hello', 'alert', 'failed', 'not-tls']).toContain(interpretHello(b, 'eof', full, 100).kind);
        }
      }
    }), { numRuns: 2000 });
  });
});
