/** @module cli/commands/ports — options of `gatehouse ports`; the lookup is in cli/ports.ts, loaded on use. */
import type { Command } from 'commander';
import { processIO, type ExitBox } from './io.js';

export function registerPorts(program: Command, exit: ExitBox): void {
  program.command('ports')
    .description('what is registered on a port and why attackers care (IANA registry + risk catalogue)')
    .argument('<queries...>', 'ports or service names: 23, 6379/udp, redis, ms-wbt-server')
    .option('--json', 'JSON output')
    .action(async (queries: string[], opts: { json?: boolean }) => {
      const { runPorts } = await import('../ports.js');
      exit.code = runPorts(queries, { json: opts.json === true }, processIO());
    });
}
