/**
 * @module core/command — what a command body receives (the process's streams, environment and argv) and the
 * option-value parser commands share; command bodies outside cli/ (local, harden, tls) import these from here.
 */
import { UsageError } from '../errors/index.js';

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

/** Parses a whole number option within bounds, or fails with one line naming the option. */
export function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError('GH_ERR_OPTION', `invalid value "${value}" for ${name}: expected a whole number ${min}-${max}`);
  }
  return n;
}
