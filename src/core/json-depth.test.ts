import { describe, expect, it } from 'vitest';
import { checkJsonDepth, tooDeepAt } from './json-depth.js';

describe('tooDeepAt', () => {
  const cases: { input: unknown; max: number; want: string | null }[] = [
    { input: 1, max: 1, want: null },
    { input: { a: 1 }, max: 1, want: null },
    { input: { a: { b: 1 } }, max: 1, want: 'a' },
    { input: { a: [1, [2]] }, max: 2, want: 'a.1' },
    { input: [[], {}, [[[]]]], max: 3, want: '2.0.0' },
    { input: { a: { b: { c: null } } }, max: 3, want: null },
  ];
  for (const c of cases) { it(JSON.stringify(c.input), () => { expect(tooDeepAt(c.input, c.max)).toBe(c.want); }); }

  it('100,000 levels: no stack overflow, a usage error naming the source', () => {
    const v: unknown = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(() => checkJsonDepth(v, 'scan.json')).toThrow(expect.objectContaining({ code: 'GH_ERR_INPUT_LIMIT', exitCode: 2 }));
  });
});
