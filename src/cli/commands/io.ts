/** @module cli/commands/io — what every command receives: the process's streams, environment and argv, and its exit code box. */

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  /** Aborts when stdout is closed under the command (cli/broken-pipe): a long command stops and ends quietly. */
  outputClosed?: AbortSignal;
}

/** A command's action sets `code`; main.ts exits with it. `outputClosed`: see CliIO. */
export interface ExitBox { code: number; readonly outputClosed?: AbortSignal }

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, argv: process.argv.slice(2) };
}
