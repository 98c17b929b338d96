import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeControls, isControl, quote, quoteList, safeLine } from './quote.js';

describe('quote', () => {
  const cases: { input: string; want: string }[] = [
    { input: 'plain 127.0.0.1', want: 'plain 127.0.0.1' },
    { input: '\x1b]0;pwned\x07', want: '\\x1b]0;pwned\\x07' },
    { input: 'a\x00b\x7fc\x9bd', want: 'a\\x00b\\x7fc\\x9bd' },
    { input: 'line\nbreak\r\t', want: 'line\\nbreak\\r\\t' },
    { input: 'rtl\u202eevil', want: 'rtl\\u202eevil' },
    { input: 'héllo ✓', want: 'héllo ✓' },
  ];
  for (const c of cases) { it(JSON.stringify(c.input), () => { expect(escapeControls(c.input)).toBe(c.want); }); }

  it('caps with an ellipsis and the full length', () => {
    const q = quote('a'.repeat(10_000));
    expect(q).toBe(`${'a'.repeat(200)}… (10000 chars)`);
  });

  it('lists as many entries as fit, then the count', () => {
    expect(quoteList(['a', 'b'])).toBe('a,b');
    const q = quoteList(Array.from({ length: 200_000 }, (_, i) => `127.0.${i % 256}.1`));
    expect(q.length).toBeLessThan(240);
    expect(q).toMatch(/,… \(200000 entries\)$/);
  });

  it('no output of safeLine holds a control character or exceeds its cap', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => {
      const line = safeLine(s);
      expect([...line].some((c) => isControl(c.charCodeAt(0)))).toBe(false);
      expect(line.length).toBeLessThanOrEqual(1000 + 40);
    }));
  });
});

describe('quoteList with a separator', () => {
  it('joins with the separator and counts what it left out', () => {
    expect(quoteList(['127.0.0,1.1', '::1'], 80, ' ')).toBe('127.0.0,1.1 ::1');
    expect(quoteList(Array.from({ length: 1000 }, () => '127.0.40.1'), 40, ' ')).toMatch(/^127\.0\.40\.1 127\.0\.40\.1 127\.0\.40\.1 … \(1000 entries\)$/);
  });
});
