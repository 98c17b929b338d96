/** Issue 16 item 10: deeply nested JSON input is refused at validation (exit 2, one line), never a stack overflow. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-deep-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const nestedObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const nestedArray = (n: number): string => '['.repeat(n) + ']'.repeat(n);

function scanDoc(facts: string, details: string): string {
  return `{"version":1,"scan":{"started":"2026-01-01T00:00:00Z","finished":"2026-01-01T00:00:01Z","targets":["127.0.0.1"],"ports":"80"},` +
    '"hosts":[{"address":"127.0.0.1","hostnames":[],"state":"up","reason":"conn-refused","counts":{"open":1,"closed":0,"filtered":0,"open|filtered":0},' +
    `"ports":[{"port":80,"protocol":"tcp","state":"open","reason":"syn-ack","service":{"name":"http"},"serviceFacts":${facts},` +
    `"findings":[{"id":"x-test","severity":"low","title":"t","evidence":"e","remediation":"r","references":[],"details":${details}}]}]}]}`;
}

const files = {
  facts: scanDoc(nestedObject(10_000), '{}'),
  details: scanDoc('{}', nestedObject(10_000)),
  arrays: scanDoc(`{"x":${nestedArray(10_000)}}`, '{}'),
};

describe('deeply nested JSON input', () => {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, text);
    for (const args of [['report', path, '-f', 'json'], ['report', path, '-f', 'html'], ['explain', path], ['plan', path]]) {
      it(`${name}: ${args[0]} ${args.slice(2).join(' ')}`, async () => {
        const r = await runCli(args);
        expect(r.code, r.stderr.slice(0, 300)).toBe(2);
        expect(r.stderr.trimEnd().split('\n'), r.stderr.slice(0, 300)).toHaveLength(1);
        expect(r.stderr).toMatch(/nested deeper than the 64-level limit/);
        expect(r.stderr.length).toBeLessThan(600);
        expect(r.stdout).toBe('');
      });
    }
  }

  it('a document nested within the limit is still read', async () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, scanDoc(nestedObject(40), nestedObject(40)));
    const r = await runCli(['report', path, '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hosts: [{ address: '127.0.0.1' }] });
  });
});
