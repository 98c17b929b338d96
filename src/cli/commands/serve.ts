/** @module cli/commands/serve — options of `gatehouse serve` and `gatehouse user add`; the work is in cli/serve.ts. */
import type { Command } from 'commander';
import { processIO, type ExitBox } from './io.js';

export function registerServe(program: Command, exit: ExitBox): void {
  program.command('serve')
    .description('run the API server (organisations, scans, findings, grades) until SIGTERM')
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8080)')
    .option('--db <file|url>', 'a SQLite file or postgres:// URL (default: the same store as `scan`)')
    .option('--log-level <level>', 'pino level: error, warn, info, debug (default info; logs go to stderr)')
    .option('--resolver <addr[:port]>', 'DNS resolver for asset discovery (API and scheduled runs); none: discovery is refused')
    .option('--discovery-deadline <seconds>', 'overall deadline of the discovery before each scheduled run (default 30); past it the walk stops, keeps what it found and says cutShort')
    .option('--schedule-interval <seconds>', 'how often due schedules are started and alerts delivered (default 30 s / 15 s)')
    .option('--queue <redis-url>', 'send scheduled and started runs through this queue to `gatehouse worker`s (needs a postgres:// --db)')
    .action(async (opts: { listen?: string; db?: string; logLevel?: string; resolver?: string; discoveryDeadline?: string; scheduleInterval?: string; queue?: string }) => {
      const { runServe } = await import('../serve.js');
      exit.code = await runServe(opts, processIO());
    });
  const user = program.command('user').description('manage API server users');
  user.command('add')
    .description('create a user with a generated one-time password')
    .argument('<name>', 'user name')
    .option('--role <role>', 'admin, analyst or viewer (default analyst)')
    .option('--org <id...>', 'organisation ids the user belongs to')
    .option('--db <file|url>', 'a SQLite file or postgres:// URL (default: the same store as `scan`)')
    .action(async (name: string, opts: { role?: string; org?: string[]; db?: string }) => {
      const { runUserAdd } = await import('../serve.js');
      exit.code = await runUserAdd(name, opts, processIO());
    });
}
