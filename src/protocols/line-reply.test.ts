/** @module protocols/line-reply.test — the two completion tests differ exactly where their names say. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endsAtFinalReply, holdsFinalReply } from './line-reply.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('protocols/line-reply', () => {
  it.each([
    { input: '220 ready\r\n', ends: true, holds: true },
    { input: '220-hello\r\n', ends: false, holds: false },
    { input: '220-hello\r\n220 ready\r\n', ends: true, holds: true },
    { input: '220 ready\r\n250-more', ends: false, holds: true },            // a final line, then a reply still coming
    { input: '220 ready\r\nNOTICE\r\n', ends: false, holds: true },          // ends on a line that is no final reply
    { input: '220', ends: false, holds: false },
    { input: '', ends: false, holds: false },
  ])('$input → ends $ends, holds $holds', ({ input, ends, holds }) => {
    expect(endsAtFinalReply(B(input))).toBe(ends);
    expect(holdsFinalReply(B(input))).toBe(holds);
  });

  it('never throws; ending at a final reply implies holding one', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const b = Buffer.from(bytes);
      if (endsAtFinalReply(b)) { expect(holdsFinalReply(b)).toBe(true); }
    }));
  });
});
