/**
 * @module protocols/ber.test — the one BER codec: table-driven encodings and decodings (moved here from the SNMP,
 * STARTTLS and certificate tests), and properties over random bytes: the readers never throw, every successful read
 * moves forward and stays inside the buffer (so no walker over them can loop), and what `tlv` writes reads back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { berComplete, berInt, berLength, berOid, berRead, decodeOid, intValue, oidValue, readChildren, readTlv, tlv, type Ber } from './ber.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

describe('encoders', () => {
  it.each([
    { name: 'BER OID sysDescr', got: berOid(SYS_DESCR), want: hex('06082b06010201010100') },
    { name: 'BER INTEGER 128 gets a leading zero', got: berInt(128), want: hex('02020080') },
    { name: 'length 127, short form', got: berLength(127), want: hex('7f') },
    { name: 'length 200, one length byte', got: berLength(200), want: hex('81c8') },
    { name: 'length 300, two length bytes', got: berLength(300), want: hex('82012c') },
    { name: 'length 70000, three length bytes', got: berLength(70000), want: hex('83011170') },
  ])('$name', ({ got, want }) => {
    expect(got.toString('hex')).toBe(want.toString('hex'));
  });
});

describe('readers', () => {
  it.each([
    { name: 'OID decode', input: berOid('1.3.6.1.4.1.8072'), want: '1.3.6.1.4.1.8072' },
    { name: 'OID with a first arc of 2 and a large second arc', input: tlv(0x06, hex('8837')), want: '2.999' },
    { name: 'OID with an unfinished last arc', input: tlv(0x06, hex('2b86')), want: null },
    { name: 'not an OID tag', input: tlv(0x04, hex('2b06')), want: null },
  ])('$name', ({ input, want }) => {
    expect(oidValue(readTlv(input, 0) ?? undefined)).toBe(want);
  });

  it('decodes a certificate signature OID', () => {
    expect(decodeOid(Buffer.from('2a864886f70d01010b', 'hex'))).toBe('1.2.840.113549.1.1.11');
    expect(decodeOid(Buffer.alloc(0))).toBeNull();
    expect(decodeOid(hex('2a ffffffffffffffff7f'))).toBeNull();   // an arc beyond 2^53
  });

  it.each([
    { name: 'INTEGER 65535', input: berInt(65535), want: 65535 },
    { name: 'INTEGER negative two-complement', input: tlv(0x02, hex('ff7f')), want: -129 },
    { name: 'INTEGER of 7 bytes is refused', input: tlv(0x02, hex('01000000000000')), want: null },
    { name: 'not an INTEGER', input: tlv(0x04, hex('01')), want: null },
  ])('$name', ({ input, want }) => {
    expect(intValue(readTlv(input, 0) ?? undefined)).toBe(want);
  });

  it.each([
    { name: 'short', input: hex('30'), off: 0 },
    { name: 'value beyond the buffer', input: hex('3005 0101'), off: 0 },
    { name: 'indefinite length', input: hex('3080 0000'), off: 0 },
    { name: 'five length bytes', input: hex('3085 0000000001 00'), off: 0 },
    { name: 'negative offset', input: hex('0400'), off: -1 },
    { name: 'fractional offset', input: hex('0400'), off: 0.5 },
  ])('readTlv: $name gives null', ({ input, off }) => {
    expect(readTlv(input, off)).toBeNull();
  });

  it('berComplete', () => {
    expect(berComplete(Buffer.from([0x30]))).toBe(false);
    expect(berComplete(Buffer.from([0x30, 2, 1]))).toBe(false);
    expect(berComplete(Buffer.from([0x30, 2, 1, 1]))).toBe(true);
    expect(berComplete(Buffer.from([0x30, 0x81, 3, 1, 1, 1]))).toBe(true);
    expect(berComplete(Buffer.from([0x30, 0x85]))).toBe(true);
  });
});

/** Nodes and depth of a decoded tree. */
function measure(b: Ber, depth = 0): { nodes: number; depth: number } {
  let nodes = 1;
  let deepest = depth;
  for (const c of b.children ?? []) { const m = measure(c, depth + 1); nodes += m.nodes; deepest = Math.max(deepest, m.depth); }
  return { nodes, depth: deepest };
}

/** A random BER tree as its encoding and the shape it must decode to. */
type Shape = { tag: number; value?: string; children?: Shape[] };
const leaf = fc.record({ tag: fc.integer({ min: 0, max: 0x1f }).map((t) => t | 0x80), value: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('hex')) });
const tree: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf,
    fc.record({ tag: fc.constantFrom(0x30, 0x31, 0x60, 0xa0, 0xa3), children: fc.array(tie('node'), { maxLength: 4 }) })),
})).node;
const encode = (s: Shape): Buffer => tlv(s.tag, s.children ? Buffer.concat(s.children.map(encode)) : Buffer.from(s.value ?? '', 'hex'));
const shapeOf = (b: Ber): Shape => (b.children ? { tag: b.tag, children: b.children.map(shapeOf) } : { tag: b.tag, value: b.value.toString('hex') });
const depthOf = (s: Shape): number => (s.children !== undefined && s.children.length > 0 ? 1 + Math.max(...s.children.map(depthOf)) : 0);

describe('properties (fast-check)', () => {
  const bytes = fc.uint8Array({ maxLength: 1024 }).map((a) => Buffer.from(a));

  it('readTlv on random bytes at any offset never throws; a read moves forward and stays inside the buffer', () => {
    fc.assert(fc.property(bytes, fc.integer({ min: -2, max: 1100 }), (b, off) => {
      const t = readTlv(b, off);
      if (t !== null) {
        expect(t.end).toBeGreaterThan(off);
        expect(t.end).toBeLessThanOrEqual(b.length);
        expect(t.value.length).toBeLessThanOrEqual(t.end - off - 2);
      }
    }), { numRuns: 3000 });
  });

  it('berRead, readChildren, oidValue, intValue and berComplete on random bytes never throw; trees stay bounded', () => {
    fc.assert(fc.property(bytes, (b) => {
      const r = berRead(b, 0);
      if (r !== null) {
        const m = measure(r);
        expect(m.depth).toBeLessThanOrEqual(9);
        expect(m.nodes).toBeLessThanOrEqual(b.length / 2);   // every node takes at least 2 bytes
      }
      const kids = readChildren(b);
      if (kids !== null) { expect(kids.length).toBeLessThanOrEqual(256); }
      oidValue(r ?? undefined);
      intValue(r ?? undefined);
      decodeOid(b);
      berComplete(b);
    }), { numRuns: 3000 });
  });

  it('what tlv writes, berRead reads back (tree shape, tags and values) and berComplete accepts only whole', () => {
    fc.assert(fc.property(tree, (s) => {
      const enc = encode(s);
      const got = berRead(enc, 0);
      if (depthOf(s) <= 8) {
        expect(got === null ? null : shapeOf(got)).toEqual(s);
        expect(got?.end).toBe(enc.length);
      } else {
        expect(got).toBeNull();
      }
      expect(berComplete(enc)).toBe(true);
      for (let cut = 0; cut < enc.length; cut += Math.max(1, enc.length >> 3)) { expect(berComplete(enc.subarray(0, cut))).toBe(false); }
    }), { numRuns: 500 });
  });

  it('berComplete never throws, is true for a whole definite-length TLV and false for any strict prefix', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 40 }), (tag, body, noise) => {
      expect(() => berComplete(Buffer.from(noise))).not.toThrow();
      const len = body.length < 0x80 ? Buffer.from([body.length]) : body.length < 0x100 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
      const whole = Buffer.concat([Buffer.from([tag]), len, Buffer.from(body)]);
      expect(berComplete(whole)).toBe(true);
      for (let cut = 0; cut < whole.length; cut += Math.max(1, whole.length >> 3)) { expect(berComplete(whole.subarray(0, cut))).toBe(false); }
    }));
  });

  it('OIDs round-trip through berOid and oidValue', () => {
    const arc = fc.integer({ min: 0, max: 2 ** 31 - 1 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 39 }), fc.array(arc, { maxLength: 12 }), (x, y, rest) => {
      const oid = [x, y, ...rest].join('.');
      expect(oidValue(readTlv(berOid(oid), 0) ?? undefined)).toBe(oid);
    }));
  });
});
