/** @module cli/commands/diff — options of `gatehouse diff A B`; the work is in cli/diff.ts. */
import type { Command } from 'commander';
import { processIO, type ExitBox } from './io.js';

export function registerDiff(program: Command, exit: ExitBox): void {
  program.command('diff')
    .description('what changed between two stored scans: ports opened/closed, services, findings new/fixed/reopened, grade')
    .argument('<a>', 'the earlier scan: an id from gatehouse history, @ID, @last or @previous')
    .argument('<b>', 'the later scan: an id, @ID, @last or @previous')
    .option('--db <file>', 'scan history: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .option('--json', 'one JSON document')
    .action(async (a: string, b: string, opts: { db?: string; json?: boolean }) => {
      const { runDiff } = await import('../diff.js');
      exit.code = await runDiff(a, b, opts, processIO());
    });
}
