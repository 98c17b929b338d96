/** SARIF 2.1.0: the writer's output satisfies the schema's structural rules (sarif-schema.ts), and the validator bites. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderSarif, locationUri } from '../../src/report/sarif.js';
import { summarise } from '../../src/score/summary.js';
import { arbHosts } from './score-kit.js';
import { sarifViolations } from './sarif-schema.js';
import { fixtureSummary } from './render.js';

describe('SARIF 2.1.0', () => {
  it('the fixture report is valid', () => {
    const doc = JSON.parse(renderSarif(fixtureSummary())) as { runs: { results: unknown[]; tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarifViolations(doc)).toEqual([]);
    expect(doc.runs[0]!.results.length).toBe(13);
    expect(doc.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('redis-no-auth');
  });

  it('every generated scan gives a valid log', () => {
    fc.assert(fc.property(arbHosts, (hosts) => {
      const s = summarise({ version: 1, scan: { started: '2026-01-01T00:00:00.000Z', finished: null, targets: [], ports: '' }, hosts });
      expect(sarifViolations(JSON.parse(renderSarif(s)))).toEqual([]);
    }), { numRuns: 100 });
  });

  it('the validator rejects what the schema forbids', () => {
    const good = JSON.parse(renderSarif(fixtureSummary())) as Record<string, unknown>;
    const mutate = (f: (d: { runs: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown => {
      const d = structuredClone(good) as { runs: Record<string, unknown>[] } & Record<string, unknown>;
      f(d);
      return d;
    };
    const cases: [string, unknown][] = [
      ['wrong version', mutate((d) => { d.version = '2.0.0'; })],
      ['no runs', mutate((d) => { delete (d as Record<string, unknown>).runs; })],
      ['unknown top-level property', mutate((d) => { d.extra = 1; })],
      ['tool without driver name', mutate((d) => { ((d.runs[0]!.tool as Record<string, unknown>).driver as Record<string, unknown>).name = 5; })],
      ['bad level', mutate((d) => { ((d.runs[0]!.results as Record<string, unknown>[])[0]!).level = 'fatal'; })],
      ['result without message', mutate((d) => { delete ((d.runs[0]!.results as Record<string, unknown>[])[0]!).message; })],
      ['ruleIndex pointing elsewhere', mutate((d) => { ((d.runs[0]!.results as Record<string, unknown>[])[0]!).ruleIndex = 0; ((d.runs[0]!.results as Record<string, unknown>[])[0]!).ruleId = 'zzz'; })],
    ];
    for (const [name, doc] of cases) { expect(sarifViolations(doc).length, name).toBeGreaterThan(0); }
  });

  it('names network locations as URIs', () => {
    expect(locationUri({ host: '10.0.0.1', port: 23, protocol: 'tcp' })).toBe('tcp://10.0.0.1:23');
    expect(locationUri({ host: '::1', port: 53, protocol: 'udp' })).toBe('udp://[::1]:53');
    expect(locationUri({ host: '10.0.0.1', port: null, protocol: null })).toBe('host://10.0.0.1');
  });
});
