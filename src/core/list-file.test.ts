import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListTokenizer, parseListText } from './list-file.js';

function tokensOf(chunks: readonly string[], max?: number): [string, number][] {
  const out: [string, number][] = [];
  const t = new ListTokenizer((e, line) => { out.push([e, line]); }, max);
  for (const c of chunks) { t.feed(c); }
  t.end();
  return out;
}

describe('ListTokenizer', () => {
  const cases: { input: string; want: [string, number][] }[] = [
    { input: '127.0.0.1\n127.0.0.2', want: [['127.0.0.1', 1], ['127.0.0.2', 2]] },
    { input: '  a b\t c  # d e\n#f\ng#h', want: [['a', 1], ['b', 1], ['c', 1], ['g', 3]] },
    { input: 'a\r\nb\r\n\r\n', want: [['a', 1], ['b', 2]] },
    { input: '# only a comment\n\n', want: [] },
    { input: 'a\u00a0b', want: [['a', 1], ['b', 1]] },
  ];
  for (const c of cases) { it(JSON.stringify(c.input), () => { expect(tokensOf([c.input])).toEqual(c.want); }); }

  it('any chunking of the text gives the same entries and lines (property)', () => {
    const text = fc.array(fc.constantFrom('10.0.0.1', 'ab', ' ', '\n', '#', '\t', '\r\n', 'x#y'), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (t, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
      const chunks: string[] = [];
      let from = 0;
      for (const p of points) { chunks.push(t.slice(from, p)); from = p; }
      chunks.push(t.slice(from));
      expect(tokensOf(chunks)).toEqual(tokensOf([t]));
    }));
  });

  it('an entry over the limit fails with its line, even split across chunks', () => {
    expect(() => tokensOf(['ok\n', 'x'.repeat(30), 'x'.repeat(30)], 50)).toThrow(expect.objectContaining({ code: 'GH_ERR_INPUT_LIMIT', message: expect.stringMatching(/^line 2: /) }));
  });

  it('parseListText keeps the whole-text form', () => {
    expect(parseListText('a b\n# c\nd')).toEqual(['a', 'b', 'd']);
  });
});
