#!/usr/bin/env node
/** @module cli/main — the `gatehouse` command: argv → commander → a command; every failure is one line and an exit code. */
import { Command, CommanderError, Option } from 'commander';
import { isGatehouseError } from '../errors/index.js';
import { normaliseArgv } from './argv.js';
import { runScan, type RawScanOptions } from './scan.js';

function buildProgram(exit: { code: number }): Command {
  const program = new Command('gatehouse')
    .description('Find risky open ports and grade them A-F')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (str, write) => write(`gatehouse: ${str.replace(/^error: /, '').trimEnd()}\n`) });

  program.command('scan')
    .description('discover open TCP ports on targets (addresses, CIDRs, ranges, hostnames)')
    .argument('[targets...]', 'targets: 127.0.0.1, 127.0.10.0/28, 127.0.10.1-20, 127.0.1-3.1-5, ::1, localhost')
    .option('-p, --ports <ports>', 'ports, nmap syntax: 22,80,1000-2000 | - (all) | T:80,U:53')
    .option('--top-ports <n>', 'the N most commonly open ports (default 1000)')
    .option('--input-list <file>', 'read targets from FILE (nmap: -iL)')
    .option('--exclude <targets>', 'comma-separated targets to skip')
    .option('--exclude-file <file>', 'read targets to skip from FILE')
    .option('--scope <cidrs|file>', 'refuse any target outside these CIDRs (or those listed in FILE)')
    .option('--config <file>', 'JSON config file (scope, exclude, rate, maxConcurrency, retries, timeout)')
    .option('--no-ping', 'skip host discovery; treat every host as up (nmap: -Pn)')
    .option('--rate <pps>', 'global cap on probes per second')
    .option('--max-concurrency <n>', 'probes in flight at once (default: from the open-file limit)')
    .option('--timeout <ms>', 'longest wait for an answer to one probe (default 1000)')
    .option('--min-rtt-timeout <ms>', 'shortest wait for an answer, however fast the host (default 100)')
    .option('--retries <n>', 'extra attempts for unanswered probes (default 1)')
    .addOption(new Option('--host-group <n>', 'hosts scanned together (default 256)').hideHelp())
    .option('--threads <n>', 'scan threads (default: one per core, at most 4, for scans of 20,000+ probes)')
    .option('--seed <n>', 'seed of the randomised probe order (for reproducible runs)')
    .option('--json', 'one JSON document on stdout (contract v1)')
    .option('--ndjson', 'one JSON line per result, as found')
    .option('--all-states', 'list closed ports too')
    .option('-q, --quiet', 'no progress or summary on stderr')
    .option('--output-xml <file>', 'also write nmap-compatible XML (nmap: -oX)')
    .option('--no-progress', 'no progress bar')
    .action(async (targets: string[], opts: RawScanOptions) => {
      exit.code = await runScan(targets, opts, { stdout: process.stdout, stderr: process.stderr, env: process.env, argv: process.argv.slice(2) });
    });
  return program;
}

async function main(): Promise<number> {
  const exit = { code: 0 };
  try {
    const argv = normaliseArgv(process.argv.slice(2));
    await buildProgram(exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') { return 0; }
      return 2; // commander already printed its one line
    }
    if (isGatehouseError(err)) {
      process.stderr.write(`gatehouse: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`gatehouse: internal error: ${e?.message ?? String(err)} (set GATEHOUSE_DEBUG=1 for details)\n`);
    if (process.env.GATEHOUSE_DEBUG) { process.stderr.write(`${e?.stack ?? ''}\n`); }
    return 1;
  }
}

process.exitCode = await main();
