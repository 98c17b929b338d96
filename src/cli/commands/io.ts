/** @module cli/commands/io — what every command receives: the process's streams, environment and argv, and its exit code box. */

import type { CliIO } from '../../core/command.js';

export type { CliIO, ExitBox } from '../../core/command.js';

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, argv: process.argv.slice(2) };
}
