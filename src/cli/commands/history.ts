/** @module cli/commands/history — options of `gatehouse history` and `gatehouse show`; the work is in cli/history.ts. */
import type { Command } from 'commander';
import { processIO, type ExitBox } from './io.js';

export function registerHistory(program: Command, exit: ExitBox): void {
  program.command('history')
    .description('list stored scans, newest first')
    .option('--db <file>', 'scan history: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .option('--limit <n>', 'how many scans (default 20)')
    .option('--json', 'JSON array')
    .action(async (opts: { db?: string; limit?: string; json?: boolean }) => {
      const { runHistory } = await import('../history.js');
      exit.code = await runHistory(opts, processIO());
    });
  program.command('show')
    .description('print a stored scan as a JSON document (contract v1)')
    .argument('<id>', 'scan id from gatehouse history')
    .option('--db <file>', 'scan history database')
    .action(async (id: string, opts: { db?: string }) => {
      const { runShow } = await import('../history.js');
      exit.code = await runShow(id, opts, processIO());
    });
}
