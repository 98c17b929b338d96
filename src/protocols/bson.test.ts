/** @module protocols/bson.test — the two decoding modes probes and checks rely on, and the probe's command bytes. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBson, encodeBson } from './bson.js';

// { ok: 1 (int32), v: "7.0" (string), then an element of unknown type 0x7f }
const withUnknown = Buffer.from([28, 0, 0, 0, 0x10, 0x6f, 0x6b, 0, 1, 0, 0, 0, 0x02, 0x76, 0, 4, 0, 0, 0, 0x37, 0x2e, 0x30, 0, 0x7f, 0x78, 0, 0, 0]);

describe('protocols/bson', () => {
  it.each([
    { name: 'strict: an unknown element type is malformed', tolerant: false, want: null },
    { name: 'tolerant: the fields before an unknown element type are kept', tolerant: true, want: { ok: 1, v: '7.0' } },
  ])('$name', ({ tolerant, want }) => { expect(decodeBson(withUnknown, 0, tolerant)).toEqual(want); });

  it('tolerant decoding of nothing readable is still null', () => {
    expect(decodeBson(Buffer.from([10, 0, 0, 0, 0x7f, 0x61, 0, 0, 0, 0]), 0, true)).toBeNull();
  });

  it('the identification probe\'s buildInfo command encodes as before (int32 then string)', () => {
    expect(encodeBson({ buildInfo: 1, $db: 'admin' }).toString('hex'))
      .toBe('23000000106275696c64496e666f000100000002246462000600000061646d696e0000');
  });

  it('tolerant never throws and agrees with strict wherever strict succeeds', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const b = Buffer.from(bytes);
      const strict = decodeBson(b);
      const loose = decodeBson(b, 0, true);
      if (strict !== null) { expect(loose).toEqual(strict); }
    }));
  });
});
