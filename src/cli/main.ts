#!/usr/bin/env node
/** @module cli/main — the `gatehouse` command: argv → commander → a command; every failure is one line and an exit code. */
import { Command, CommanderError } from 'commander';
import { isGatehouseError } from '../errors/index.js';
import { safeLine } from '../core/quote.js';
import { normaliseArgv } from './argv.js';
import { watchStdout } from './broken-pipe.js';
import type { ExitBox } from './commands/io.js';
import { COMMANDS } from './commands/index.js';

function buildProgram(exit: ExitBox): Command {
  const program = new Command('gatehouse')
    .description('Find risky open ports and grade them A-F')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (str, write) => write(`gatehouse: ${safeLine(str.replace(/^error: /, '').trimEnd())}\n`) });

  for (const register of COMMANDS) { register(program, exit); }
  return program;
}

async function main(): Promise<number> {
  const out = watchStdout(process.stdout, process.stderr);
  const exit: ExitBox = { code: 0, outputClosed: out.outputClosed };
  try {
    const argv = normaliseArgv(process.argv.slice(2));
    await buildProgram(exit).parseAsync(argv, { from: 'user' });
    return out.exitCode() ?? exit.code;
  } catch (err) {
    const closed = out.exitCode();
    if (closed !== null) { return closed; } // stdout closed under the command: it ends quietly (cli/broken-pipe)
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') { return 0; }
      return 2; // commander already printed its one line
    }
    if (isGatehouseError(err)) {
      process.stderr.write(`gatehouse: ${safeLine(err.message)}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`gatehouse: internal error: ${safeLine(e?.message ?? String(err))} (set GATEHOUSE_DEBUG=1 for details)\n`);
    if (process.env.GATEHOUSE_DEBUG) { process.stderr.write(`${e?.stack ?? ''}\n`); }
    return 1;
  }
}

process.exitCode = await main();
