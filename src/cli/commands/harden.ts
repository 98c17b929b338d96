/** @module cli/commands/harden — options of `gatehouse harden`; the work is in local/run-harden.ts, loaded on use. */
import type { Command } from 'commander';
import type { RawHardenOptions } from '../../local/run-harden.js';
import { processIO, type ExitBox } from './io.js';

export function registerHarden(program: Command, exit: ExitBox): void {
  program.command('harden')
    .description('firewall rules that close every port the policy does not need (dry run unless --apply), with each open port\'s owner, usage and risk')
    .option('--policy <file>', 'YAML policy (docs/local.md); required except with --confirm')
    .option('--scan <file>', 'outside-in: a `gatehouse scan --json` document')
    .option('--inventory <file>', 'inside-out: a `gatehouse local --json` document of the same host')
    .option('--local', 'inside-out: take the inventory of this host now (Linux)')
    .option('--host <address>', 'the host to harden when the scan has several (also its identity in the policy)')
    .option('--format <format>', 'nftables | iptables | ufw | firewalld | windows | aws | all', 'nftables')
    .option('-o, --output <file>', 'also write the rules to FILE')
    .option('--apply', 'apply the rules now (Linux, nftables or iptables only); saves a rollback script first')
    .option('--rollback-file <file>', 'where --apply saves the previous rules (default ./gatehouse-rollback-TIME.sh)')
    .option('--json', 'one JSON document on stdout')
    .option('--confirm-timeout <seconds>', 'with --apply: restore the previous rules unless confirmed within this time (default 60)')
    .option('--yes', 'with --apply: keep the rules without waiting for a confirmation')
    .option('--force', 'with --apply: apply even if a port with an established session (e.g. your SSH) would be closed to its peer')
    .option('--confirm', 'confirm a pending --apply, from a new connection (proves you can still get in)')
    .option('--state-file <file>', 'where a pending --apply is recorded for --confirm (default /run/gatehouse-harden.json as root)')
    .action(async (opts: RawHardenOptions) => {
      const { runHarden } = await import('../../local/run-harden.js');
      exit.code = await runHarden(opts, processIO());
    });
}
