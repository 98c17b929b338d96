/**
 * @module test/ci/require-lab — proves CI cannot go green with a lab skipped: one real lab file is run by vitest in a
 * child process with a prerequisite made missing (PATH holding only `node`, so `ip` and `iptables` are not found).
 * Under GATEHOUSE_REQUIRE_LAB=1 vitest must exit non-zero naming the missing `ip`; without the switch the same run
 * skips, with the reason, and exits 0. Also checks that the lab config names files that exist and that .ci/run sets
 * the switch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import labConfig from '../../vitest.lab.config.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const LAB_FILE = 'test/lab/tcp-states.test.ts';
const bin = mkdtempSync(join(tmpdir(), 'gh-require-lab-'));
symlinkSync(process.execPath, join(bin, 'node'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function runLab(env: Record<string, string>): { status: number | null; out: string } {
  const { GATEHOUSE_REQUIRE_LAB: _drop, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [VITEST, 'run', '-c', 'vitest.lab.config.ts', LAB_FILE], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...inherited, PATH: bin, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('GATEHOUSE_REQUIRE_LAB=1: a missing lab prerequisite fails the run', () => {
  it('with `ip` missing from PATH, vitest exits non-zero and names `ip`', () => {
    const r = runLab({ GATEHOUSE_REQUIRE_LAB: '1' });
    expect(r.status, r.out).not.toBe(0);
    expect(r.status, r.out).not.toBeNull();
    expect(r.out).toContain('MissingPrerequisiteError');
    expect(r.out).toContain('`ip` (iproute2) on PATH');
  }, 70_000);

  it('without the switch the same run skips, with the reason, and exits 0', () => {
    const r = runLab({});
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/skipped/);
    expect(r.out).not.toContain('MissingPrerequisiteError');
  }, 70_000);
});

describe('CI and the lab config', () => {
  it('.ci/run sets GATEHOUSE_REQUIRE_LAB=1 before the tests', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^export GATEHOUSE_REQUIRE_LAB=1$/m);
    expect(ci.indexOf('GATEHOUSE_REQUIRE_LAB=1')).toBeLessThan(ci.indexOf('npm test'));
  });

  it('vitest.lab.config.ts includes existing lab files and every path it mentions exists', () => {
    const include = labConfig.test?.include ?? [];
    expect(include).toEqual(['test/lab/**/*.test.ts']);
    expect(readdirSync(join(ROOT, 'test/lab')).filter((f) => f.endsWith('.test.ts')).length).toBeGreaterThan(0);
    const text = readFileSync(join(ROOT, 'vitest.lab.config.ts'), 'utf8');
    const mentioned = [...text.matchAll(/\b((?:test|lab|src)\/[\w./-]+\.(?:ts|sh|mjs))\b/g)].map((m) => m[1] ?? '');
    for (const path of mentioned) { expect(existsSync(join(ROOT, path)), path).toBe(true); }
  });
});
