/**
 * @module test/lab/require — the one place a test skips for a missing prerequisite (root, iproute2, a Debian
 * daemon, PostgreSQL, Chromium, a built dist/). Outside CI a missing prerequisite skips, with the reason; under
 * `GATEHOUSE_REQUIRE_LAB=1` (set by .ci/run) the same skip is a FAILURE whose message names what is missing, so CI
 * cannot go green while testing nothing real.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when every prerequisite skip must fail instead (CI). */
export const REQUIRE_LAB = process.env.GATEHOUSE_REQUIRE_LAB === '1';

/** The failure a prerequisite skip becomes under GATEHOUSE_REQUIRE_LAB=1. */
export class MissingPrerequisiteError extends Error {
  readonly code = 'GH_TEST_PREREQUISITE_MISSING';
  constructor(readonly reason: string) {
    super(`GATEHOUSE_REQUIRE_LAB=1 and a test prerequisite is missing: ${reason}`);
    this.name = 'MissingPrerequisiteError';
  }
}

/**
 * Decides a prerequisite skip: `reason` says what is missing ('' / false / null / undefined: nothing). Returns
 * whether to skip (use with `describe.skipIf(labSkip(reason))`, `{ skip: labSkip(reason) }` or
 * `if (labSkip(reason)) { ctx.skip() }`); under GATEHOUSE_REQUIRE_LAB=1 it throws MissingPrerequisiteError instead,
 * which fails the file (at collection) or the test (inside one).
 */
export function labSkip(reason: string | false | null | undefined): boolean {
  if (reason === undefined || reason === null || reason === false || reason === '') { return false; }
  if (REQUIRE_LAB) { throw new MissingPrerequisiteError(reason); }
  return true;
}

/** Whether `cmd` is an executable file in one of PATH's directories (what execFile('cmd') will find). */
export function onPath(cmd: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).filter(Boolean).some((dir) => {
    try { accessSync(join(dir, cmd), constants.X_OK); return true; } catch { return false; }
  });
}

/** The commands of `cmds` not on PATH. */
export function missingCommands(cmds: readonly string[]): string[] {
  return cmds.filter((c) => !onPath(c));
}

/** What a namespace lab lacks: '' when root and `ip` (iproute2) is on PATH, else every missing piece named. */
export function netnsMissing(): string {
  const lacks: string[] = [];
  if (process.getuid?.() !== 0) { lacks.push('root (uid 0)'); }
  if (!onPath('ip')) { lacks.push('`ip` (iproute2) on PATH'); }
  return lacks.length > 0 ? `needs ${lacks.join(' and ')}` : '';
}

/** '' when the built CLI exists, else the reason (dist/ not built). */
export function builtMissing(file: string): string {
  return existsSync(file) ? '' : `${file} missing: run \`npm run build\` first`;
}

/** The first non-empty reason of several checks, evaluated in order ('' when none). */
export function firstMissing(...reasons: Array<() => string>): string {
  for (const r of reasons) { const why = r(); if (why !== '') { return why; } }
  return '';
}
