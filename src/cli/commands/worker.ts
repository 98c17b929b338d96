/** @module cli/commands/worker — options of `gatehouse worker`; the work is in cli/worker.ts, loaded on use. */
import { Option, type Command } from 'commander';
import type { RawWorkerOptions } from '../worker.js';
import { processIO, type ExitBox } from './io.js';

export function registerWorker(program: Command, exit: ExitBox): void {
  program.command('worker')
    .description('run shards of distributed scans (`gatehouse scan --queue`) from a Redis queue, storing results in PostgreSQL')
    .requiredOption('--queue <redis-url>', 'the queue: redis://[user:password@]host[:port][/db]')
    .option('--db <url>', 'PostgreSQL store shared with the scans: postgres://… (default $GATEHOUSE_DB)')
    .option('--concurrency <n>', 'shards run at once by this worker (default 1)')
    .addOption(new Option('--lock-ms <ms>', 'job lock: a silent worker\'s shard is re-run after this (default 10000)').hideHelp())
    .action(async (opts: RawWorkerOptions) => {
      const { runWorker } = await import('../worker.js');
      exit.code = await runWorker(opts, { ...processIO(), outputClosed: exit.outputClosed });
    });
}
