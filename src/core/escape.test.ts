import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { escapeBytes, escapeText, unescapeBytes } from './escape.js';

describe('escapeBytes', () => {
  it.each([
    { input: 'SSH-2.0-OpenSSH_9.2\r\n', want: 'SSH-2.0-OpenSSH_9.2\\r\\n' },
    { input: 'a\\b\t', want: 'a\\\\b\\t' },
    { input: '\x00\xff\x7f', want: '\\x00\\xff\\x7f' },
  ])('$input', ({ input, want }) => {
    expect(escapeText(input)).toBe(want);
  });
  it('cuts at the bound and says so', () => {
    const r = escapeBytes(Buffer.alloc(5000, 0x41), 10);
    expect(r).toEqual({ text: 'AAAAAAAAAA', truncated: true });
  });
  it('round-trips any bytes and emits only printable ASCII', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const { text, truncated } = escapeBytes(bytes, 1000);
      expect(truncated).toBe(false);
      expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
      expect([...unescapeBytes(text)]).toEqual([...bytes]);
    }));
  });
});
