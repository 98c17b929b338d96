/** docs/scoring.md and src/score agree: severity weights, decay, saturation, factor weights, letters, the id table. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CAPS, DECAY, FACTORS, LETTERS, LOCAL_WEIGHT, SATURATION, SEVERITY_WEIGHT } from '../../src/score/model.js';
import { FACTOR_OF_ID, factorOf } from '../../src/score/factors.js';

const doc = readFileSync(new URL('../../docs/scoring.md', import.meta.url), 'utf8');
const row = (label: string): string[] => {
  const line = doc.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (!line) { throw new Error(`docs/scoring.md has no table row "${label}"`); }
  return line.split('|').slice(2, -1).map((c) => c.trim());
};

describe('docs/scoring.md matches the code', () => {
  it('severity weights', () => {
    expect(row('*w*').map(Number)).toEqual(['critical', 'high', 'medium', 'low', 'info'].map((s) => SEVERITY_WEIGHT[s as keyof typeof SEVERITY_WEIGHT]));
  });
  it('decay and saturation', () => {
    expect(doc).toContain(`p = w × ${DECAY}^k`);
    expect(doc).toContain(`e^(−P(h,F) / ${SATURATION})`);
  });
  it('factor names and weights', () => {
    for (const f of FACTORS) {
      const cells = row(`\`${f.key}\``);
      expect(cells[0], f.key).toBe(f.name);
      expect(Number(cells[1]), f.key).toBe(f.weight / 100);
    }
  });
  it('caps and the local-only weight', () => {
    for (const c of CAPS) { expect(row(c.severity)[1], c.severity).toBe(c.letter); }
    expect(doc).toContain(`p = w × ${LOCAL_WEIGHT} × 0.5^k`);
  });
  it('letters', () => {
    expect(row('score')).toEqual(LETTERS.map((l) => (l.letter === 'F' ? '< 60' : `≥ ${l.min}`)));
  });
  it('every id in the factor table is documented in its factor, and only there', () => {
    for (const [id, factor] of Object.entries(FACTOR_OF_ID)) {
      const cells = row(factor);
      expect(cells[0], id).toContain(`\`${id}\``);
    }
    expect(factorOf('tls-anything')).toBe('encryption');
  });
});
