/** @module cli/commands/io — what every command receives: the process's streams, environment and argv, and its exit code box. */

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
}

/** A command's action sets `code`; main.ts exits with it. */
export interface ExitBox { code: number }

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, argv: process.argv.slice(2) };
}
