/** @module cli/commands/harden — options of `gatehouse harden`; the work is in local/run-harden.ts, loaded on use. */
import type { Command } from 'commander';
import type { RawHardenOptions } from '../../local/run-harden.js';
import { processIO, type ExitBox } from './io.js';

export function registerHarden(program: Command, exit: ExitBox): void {
  program.command('harden')
    .description('firewall rules that close every port the policy does not need (dry run unless --apply), with each open port\'s owner, usage and risk')
    .requiredOption('--policy <file>', 'YAML policy (docs/local.md)')
    .option('--scan <file>', 'outside-in: a `gatehouse scan --json` document')
    .option('--inventory <file>', 'inside-out: a `gatehouse local --json` document of the same host')
    .option('--local', 'inside-out: take the inventory of this host now (Linux)')
    .option('--host <address>', 'the host to harden when the scan has several (also its identity in the policy)')
    .option('--format <format>', 'nftables | iptables | ufw | firewalld | windows | aws | all', 'nftables')
    .option('-o, --output <file>', 'also write the rules to FILE')
    .option('--apply', 'apply the rules now (Linux, nftables or iptables only); saves a rollback script first')
    .option('--rollback-file <file>', 'where --apply saves the previous rules (default ./gatehouse-rollback-TIME.sh)')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: RawHardenOptions) => {
      const { runHarden } = await import('../../local/run-harden.js');
      exit.code = await runHarden(opts, processIO());
    });
}
