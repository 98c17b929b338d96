import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { bindScope, decodeEndpoint, formatIPv6, isListening, parseProcNet } from './procnet.js';

const HEADER4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

/** Encodes bytes the way the kernel prints them on a little-endian host: each 32-bit word byte-reversed. */
function kernelHex(bytes: readonly number[]): string {
  let s = '';
  for (let w = 0; w < bytes.length; w += 4) {
    for (let i = 3; i >= 0; i--) { s += (bytes[w + i] ?? 0).toString(16).padStart(2, '0').toUpperCase(); }
  }
  return s;
}

describe('decodeEndpoint', () => {
  it.each([
    { input: '0100007F:1F90', family: 4, want: { address: '127.0.0.1', port: 8080 } },
    { input: '00000000:0016', family: 4, want: { address: '0.0.0.0', port: 22 } },
    { input: '0A00500A:18EB', family: 4, want: { address: '10.80.0.10', port: 6379 } },
    { input: '00000000000000000000000001000000:0277', family: 6, want: { address: '::1', port: 631 } },
    { input: '00000000000000000000000000000000:0050', family: 6, want: { address: '::', port: 80 } },
    { input: '0000000000000000FFFF00000100007F:1F90', family: 6, want: { address: '::ffff:127.0.0.1', port: 8080 } },
    { input: '0000000000000000FFFF00000A00500A:0016', family: 6, want: { address: '::ffff:10.80.0.10', port: 22 } },
    { input: '000080FE00000000FF7A1202FE5634D2:0222', family: 6, want: { address: 'fe80::212:7aff:d234:56fe', port: 546 } },
    { input: 'B80D0120000000000000000001000000:01BB', family: 6, want: { address: '2001:db8::1', port: 443 } },
    { input: '0100007F:1F90', family: 6, want: null },
    { input: '0100007G:1F90', family: 4, want: null },
    { input: '0100007F1F90', family: 4, want: null },
    { input: '0100007F:', family: 4, want: null },
    { input: '0100007F:10000', family: 4, want: null },
  ] as const)('$input ($family)', ({ input, family, want }) => {
    expect(decodeEndpoint(input, family, 'LE')).toEqual(want);
  });
  it('reads big-endian hosts in order', () => {
    expect(decodeEndpoint('7F000001:0016', 4, 'BE')).toEqual({ address: '127.0.0.1', port: 22 });
  });
});

describe('formatIPv6', () => {
  it.each([
    { input: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], want: '2001:db8:0:1::1' },
    { input: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], want: '2001:db8::1:0:0:1' },
    { input: [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], want: '2001:db8:1:1:1:1:1:1' },
    { input: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], want: '2001:db8:0:1:1:1:1:1' },
  ])('$want', ({ input, want }) => { expect(formatIPv6(input)).toBe(want); });

  it('agrees with ipaddr.js RFC 5952 text for any address that is not IPv4-mapped', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: 16, maxLength: 16 }), (bytes) => {
      fc.pre(!(bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff));
      expect(formatIPv6(bytes)).toBe((ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String());
    }));
  });
});

describe('parseProcNet', () => {
  const line = (sl: number, local: string, remote: string, st: string, uid: number, inode: number, q = '00000000:00000000'): string =>
    `  ${sl}: ${local} ${remote} ${st} ${q} 00:00000000 00000000 ${uid.toString().padStart(5)}        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

  it('parses listeners, connections, queues, uid and inode; counts malformed lines', () => {
    const text = HEADER4
      + line(0, '00000000:18EB', '00000000:0000', '0A', 0, 1111)
      + line(1, '0100007F:18EB', '0100007F:D431', '01', 107, 2222, '00000010:00000020')
      + 'garbage line\n'
      + line(3, '0100007F:0035', '00000000:0000', '0A', 0, 3333).replace('0A', 'ZZ');
    const t = parseProcNet(text, 4, 'LE');
    expect(t.malformed).toBe(2);
    expect(t.sockets).toEqual([
      { family: 4, localAddress: '0.0.0.0', localPort: 6379, remoteAddress: '0.0.0.0', remotePort: 0, state: 10, txQueue: 0, rxQueue: 0, uid: 0, inode: 1111 },
      { family: 4, localAddress: '127.0.0.1', localPort: 6379, remoteAddress: '127.0.0.1', remotePort: 54321, state: 1, txQueue: 16, rxQueue: 32, uid: 107, inode: 2222 },
    ]);
  });

  it('an empty table (header only) has no sockets', () => {
    expect(parseProcNet(HEADER4, 4, 'LE')).toEqual({ sockets: [], malformed: 0 });
    expect(parseProcNet('', 6, 'LE')).toEqual({ sockets: [], malformed: 0 });
  });

  it('round-trips any IPv4/IPv6 endpoint the kernel could print', () => {
    fc.assert(fc.property(fc.boolean(), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 2 ** 31 }), (v6, raw, port, inode) => {
      const bytes = [...raw].slice(0, v6 ? 16 : 4);
      const hex = `${kernelHex(bytes)}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
      const t = parseProcNet(HEADER4 + line(0, hex, hex, '0A', 0, inode), v6 ? 6 : 4, 'LE');
      expect(t.malformed).toBe(0);
      const s = t.sockets[0];
      const want = ipaddr.fromByteArray(bytes);
      expect(ipaddr.parse(s?.localAddress ?? '').toNormalizedString()).toBe(want.toNormalizedString());
      expect(s?.localPort).toBe(port);
      expect(s?.inode).toBe(inode);
    }));
  });

  it('never throws on arbitrary text, and every socket it returns is well-formed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.constantFrom<4 | 6>(4, 6), (text, family) => {
      const t = parseProcNet(`h\n${text}`, family, 'LE');
      for (const s of t.sockets) {
        expect(s.localPort).toBeGreaterThanOrEqual(0);
        expect(s.localPort).toBeLessThanOrEqual(65535);
        expect(Number.isInteger(s.inode)).toBe(true);
      }
    }));
  });
});

describe('bindScope and isListening', () => {
  it.each([
    ['0.0.0.0', 'all'], ['::', 'all'], ['127.0.0.1', 'loopback'], ['127.0.0.53', 'loopback'], ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'], ['10.80.0.1', 'address'], ['fe80::1', 'address'], ['::ffff:10.0.0.1', 'address'],
  ])('%s → %s', (addr, want) => { expect(bindScope(addr)).toBe(want); });

  it('TCP listens in LISTEN; UDP in CLOSE without a peer', () => {
    const base = { family: 4 as const, localAddress: '0.0.0.0', localPort: 53, remoteAddress: '0.0.0.0', remotePort: 0, txQueue: 0, rxQueue: 0, uid: 0, inode: 1 };
    expect(isListening({ ...base, state: 0x0a }, 'tcp')).toBe(true);
    expect(isListening({ ...base, state: 0x01 }, 'tcp')).toBe(false);
    expect(isListening({ ...base, state: 0x07 }, 'udp')).toBe(true);
    expect(isListening({ ...base, state: 0x01, remotePort: 53 }, 'udp')).toBe(false);
  });
});
