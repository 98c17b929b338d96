/** Bad input: one line on stderr naming the problem, exit code 2, no stack trace, nothing scanned. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-cli-'));
const empty = join(dir, 'empty.txt');
writeFileSync(empty, '# nothing here\n\n');
const badConfig = join(dir, 'config.json');
writeFileSync(badConfig, '{"scope": 5}');

const cases: { name: string; args: string[]; mentions: string }[] = [
  { name: 'port out of range', args: ['scan', '127.0.0.1', '-p', '70000'], mentions: '70000' },
  { name: 'octet out of range', args: ['scan', '300.1.1.1'], mentions: '300.1.1.1' },
  { name: 'CIDR prefix too long', args: ['scan', '10.0.0.0/33'], mentions: '10.0.0.0/33' },
  { name: 'empty target file', args: ['scan', '-iL', empty], mentions: 'empty' },
  { name: 'missing target file', args: ['scan', '-iL', join(dir, 'nope.txt')], mentions: 'nope.txt' },
  { name: 'unknown flag', args: ['scan', '127.0.0.1', '--bogus'], mentions: '--bogus' },
  { name: 'no targets', args: ['scan'], mentions: 'target' },
  { name: 'bad number', args: ['scan', '127.0.0.1', '--rate', 'fast'], mentions: '--rate' },
  { name: 'out of scope', args: ['scan', '127.0.0.1', '--scope', '127.1.0.0/16'], mentions: '127.0.0.1' },
  { name: 'bad config', args: ['scan', '127.0.0.1', '--config', badConfig], mentions: 'scope' },
  { name: 'unknown command', args: ['frobnicate'], mentions: 'frobnicate' },
  { name: 'SYN scan flag', args: ['scan', '-sS', '127.0.0.1'], mentions: '-sS' },
  { name: 'top-ports zero', args: ['scan', '127.0.0.1', '--top-ports', '0'], mentions: 'top-ports' },
  { name: 'discover without --resolver', args: ['discover', 'example.com'], mentions: '--resolver' },
  { name: 'discover with an empty --resolver', args: ['discover', 'example.com', '--resolver', ''], mentions: '--resolver' },
  { name: 'discover with a hostname resolver', args: ['discover', 'example.com', '--resolver', 'dns.example'], mentions: 'dns.example' },
  { name: 'discover a bad domain', args: ['discover', 'bad..name', '--resolver', '127.0.0.1'], mentions: 'bad..name' },
];

describe('bad input', () => {
  for (const c of cases) {
    it(`${c.name}: exit 2, one line`, async () => {
      const r = await runCli(c.args);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^gatehouse: /);
      expect(r.stderr).toContain(c.mentions);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }

  it('--help exits 0', async () => {
    const r = await runCli(['scan', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--top-ports');
  });
});
