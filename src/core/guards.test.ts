/** @module core/guards.test — the guards accept exactly what their types promise. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isOneOf, isRecord } from './guards.js';

describe('isRecord', () => {
  it.each([
    { input: {}, want: true }, { input: { a: 1 }, want: true }, { input: Object.create(null) as unknown, want: true },
    { input: null, want: false }, { input: [], want: false }, { input: 'x', want: false }, { input: 1, want: false }, { input: undefined, want: false },
  ])('$input → $want', ({ input, want }) => { expect(isRecord(input)).toBe(want); });

  it('agrees with JSON.parse on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const parsed: unknown = JSON.parse(JSON.stringify(v) ?? 'null');
      expect(isRecord(parsed)).toBe(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed));
    }));
  });
});

describe('isOneOf', () => {
  const kinds = ['smtp', 'imap'] as const;
  it.each([
    { input: 'smtp', want: true }, { input: 'imap', want: true }, { input: 'SMTP', want: false }, { input: '', want: false }, { input: undefined, want: false },
  ])('$input → $want', ({ input, want }) => { expect(isOneOf(kinds, input)).toBe(want); });
});
