/** Issue 16 items 12 and 13: every message escapes the control characters of user input and caps what it quotes. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-msg-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** One line, nothing raw below 0x20 (but its newline), no DEL, no C1 control. */
function expectSafeLine(r: CliRun, maxLength: number): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2);
  expect(lines[1]).toBe('');
  const line = lines[0] as string;
  const raw = [...line].filter((c) => { const n = c.charCodeAt(0); return n < 0x20 || (n >= 0x7f && n <= 0x9f); });
  expect(raw, JSON.stringify(line)).toEqual([]);
  expect(line.length, line.slice(0, 300)).toBeLessThanOrEqual(maxLength);
  return line;
}

describe('messages: control characters escaped (item 12)', () => {
  it('a target file with a terminal title sequence', async () => {
    const file = join(dir, 'evil.txt');
    writeFileSync(file, '127.0.0.1\n\x1b]0;pwned\x07\n');
    const line = expectSafeLine(await runCli(['scan', '-iL', file, '-p', '80', '--no-store']), 400);
    expect(line).toContain('\\x1b]0;pwned\\x07');
  });

  it('NUL and DEL from a file, DEL and C1 from an argument', async () => {
    const file = join(dir, 'nul.txt');
    writeFileSync(file, 'a\x00b\x7fc.example\n');
    expect(expectSafeLine(await runCli(['scan', '-iL', file, '--no-store']), 400)).toContain('a\\x00b\\x7fc');
    expect(expectSafeLine(await runCli(['scan', 'x\x7f\u009b31m.example', '--no-store']), 400)).toContain('x\\x7f\\x9b31m');
  });

  it('an unknown option reported by the option parser', async () => {
    expect(expectSafeLine(await runCli(['scan', '--\x1b[31mred']), 400)).toContain('--\\x1b[31mred');
  });

  it('a config file path', async () => {
    expectSafeLine(await runCli(['scan', '127.0.0.1', '--config', join(dir, 'no\x1b[2Jsuch.json')]), 400);
  });
});

describe('messages: what they quote is capped (item 13)', () => {
  it('a 10,000-character hostname', async () => {
    const line = expectSafeLine(await runCli(['scan', `${'a'.repeat(10_000)}.example`, '--no-store']), 600);
    expect(line).toMatch(/… \(10008 chars\)/);
  });

  it('a 200,000-entry --scope file is not listed whole', async () => {
    const scope = join(dir, 'scope.txt');
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) { lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`); }
    writeFileSync(scope, lines.join('\n') + '\n');
    const line = expectSafeLine(await runCli(['scan', '127.0.40.1', '-p', '80', '--scope', scope, '--no-store']), 600);
    expect(line).toContain('127.0.40.1');
    expect(line).toMatch(/200000 entries/);
  });
});
