/** Test helper: the report fixture (fixtures/scan.json + groups.yaml) summarised, and golden-file comparison. */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { expect } from 'vitest';
import { parseScanText } from '../../src/import/index.js';
import { parseGroups } from '../../src/score/groups.js';
import { summarise, type ReportSummary } from '../../src/score/summary.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url);
export const fixture = (name: string): string => new URL(name, FIXTURES).pathname;

export function fixtureSummary(top = 5): ReportSummary {
  const loaded = parseScanText(readFileSync(fixture('scan.json'), 'utf8'), 'scan.json');
  const groups = parseGroups(parseYaml(readFileSync(fixture('groups.yaml'), 'utf8')));
  return summarise(loaded.doc, { groups, top });
}

/** Compares `actual` with fixtures/golden/NAME; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = fixture(`golden/${name}`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1') { throw new Error(`golden file ${name} missing: run with UPDATE_GOLDEN=1 and review it`); }
    mkdirSync(fixture('golden/'), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
