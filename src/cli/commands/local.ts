/** @module cli/commands/local — options of `gatehouse local`; the work is in local/run-local.ts, loaded on use. */
import { Option, type Command } from 'commander';
import type { RawLocalOptions } from '../../local/run-local.js';
import { processIO, type ExitBox } from './io.js';

export function registerLocal(program: Command, exit: ExitBox): void {
  program.command('local')
    .description('inside-out: listening ports on this host, the processes that own them, bind scope and usage (Linux /proc; macOS/Windows from recorded output)')
    .option('--json', 'one JSON document on stdout')
    .option('--policy <file>', 'YAML policy: flag listeners it does not allow (policy-unexpected-port, policy-expired-exception)')
    .option('--host <ids>', 'comma-separated addresses/names this host is known as in the policy (default: host name and interface addresses)')
    .option('--watch <duration>', 'sample connections for DURATION (30s, 5m, 1h) and classify each port used or idle')
    .option('--interval <ms>', 'sampling interval with --watch (default 1000)')
    .option('--lsof <file>', 'macOS: parse recorded `lsof -nP -iTCP -sTCP:LISTEN -iUDP` output')
    .option('--netstat <file>', 'Windows: parse recorded `netstat -ano` output')
    .option('--tasklist <file>', 'Windows: process names from recorded `tasklist /fo csv` output')
    .option('--get-nettcpconnection <file>', 'Windows: parse recorded `Get-NetTCPConnection` output (table or ConvertTo-Json)')
    .addOption(new Option('--proc-root <dir>', 'read this directory instead of /proc (tests)').hideHelp())
    .action(async (opts: RawLocalOptions) => {
      const { runLocal } = await import('../../local/run-local.js');
      exit.code = await runLocal(opts, processIO());
    });
}
