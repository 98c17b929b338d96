import { describe, expect, it } from 'vitest';
import { buildClientHello, buildSsl2ClientHello, versionName } from './client-hello.js';
import { parseHandshakes, parseRecords } from './records.js';
import { Reader } from './reader.js';
import { suitesFor } from './cipher-suites.js';

/** Parses our own ClientHello back (a test-side reader, independent of the builder). */
function readHello(rec: Buffer): { recordVersion: number; version: number; suites: number[]; exts: Map<number, Buffer>; sessionId: number } {
  const rp = parseRecords(rec);
  expect(rp.error).toBeNull();
  const msg = parseHandshakes(rp.records).messages[0];
  expect(msg?.type).toBe(1);
  const r = new Reader(msg?.body ?? Buffer.alloc(0));
  const version = r.u16();
  r.bytes(32);
  const sessionId = r.vec8().length;
  const sr = new Reader(r.vec16());
  const suites: number[] = [];
  while (sr.remaining > 0) { suites.push(sr.u16()); }
  r.vec8();
  const exts = new Map<number, Buffer>();
  if (r.remaining > 0) { const er = new Reader(r.vec16()); while (er.remaining > 0) { const t = er.u16(); exts.set(t, er.vec16()); } }
  return { recordVersion: rp.records[0]?.version ?? 0, version, suites, exts, sessionId };
}

describe('buildClientHello', () => {
  it('SSLv3: record version 3.0, no extensions, SCSV appended', () => {
    const h = readHello(buildClientHello({ version: 0x0300, suites: [0x000a, 0x002f] }));
    expect(h).toMatchObject({ recordVersion: 0x0300, version: 0x0300, suites: [0x000a, 0x002f, 0x00ff] });
    expect(h.exts.size).toBe(0);
  });
  it('TLS 1.2: SNI, groups, signature algorithms, every offered suite', () => {
    const suites = suitesFor('TLSv1.2').map((s) => s.code);
    const h = readHello(buildClientHello({ version: 0x0303, suites, serverName: 'example.test' }));
    expect(h.version).toBe(0x0303);
    expect(h.recordVersion).toBe(0x0301);
    expect(h.suites.slice(0, -1)).toEqual(suites);
    expect(h.exts.get(0)?.subarray(5).toString()).toBe('example.test');
    expect(h.exts.has(10) && h.exts.has(13)).toBe(true);
    expect(h.exts.has(43)).toBe(false);
  });
  it('no SNI for an IP address', () => {
    expect(readHello(buildClientHello({ version: 0x0303, suites: [0x002f], serverName: '10.0.0.1' })).exts.has(0)).toBe(false);
  });
  it('TLS 1.3: legacy version 1.2, supported_versions 1.3, x25519 and P-256 key shares, a session id', () => {
    const h = readHello(buildClientHello({ version: 0x0304, suites: [0x1301], keyShares: [29, 23] }));
    expect(h.version).toBe(0x0303);
    expect(h.sessionId).toBe(32);
    expect([...(h.exts.get(43) ?? [])]).toEqual([2, 3, 4]);
    const ks = h.exts.get(51) ?? Buffer.alloc(0);
    expect(ks.readUInt16BE(2)).toBe(29);
    expect(ks.readUInt16BE(4)).toBe(32);
    expect(ks.readUInt16BE(38)).toBe(23);
    expect(ks.readUInt16BE(40)).toBe(65);
  });
  it('pads hellos of 256–511 bytes past 512 (RFC 7685)', () => {
    for (const n of [1, 40, 100, 120, 200]) {
      const rec = buildClientHello({ version: 0x0303, suites: suitesFor('TLSv1.2').slice(0, n).map((s) => s.code) });
      const len = rec.length - 5;
      expect(len < 256 || len >= 512).toBe(true);
    }
  });
  it('names versions', () => {
    expect([0x0300, 0x0301, 0x0304, 0x7f00].map(versionName)).toEqual(['SSLv3', 'TLSv1.0', 'TLSv1.3', '0x7f00']);
  });
});

describe('buildSsl2ClientHello', () => {
  it('has a 2-byte header, CLIENT-HELLO type, version 2 and the cipher kinds', () => {
    const b = buildSsl2ClientHello([0x010080, 0x0700c0]);
    expect((b[0] as number) & 0x80).toBe(0x80);
    expect(((b[0] as number) & 0x7f) * 256 + (b[1] as number)).toBe(b.length - 2);
    expect(b[2]).toBe(1);
    expect(b.readUInt16BE(3)).toBe(2);
    expect(b.readUInt16BE(5)).toBe(6);
    expect(b.readUIntBE(11, 3)).toBe(0x010080);
  });
});
