/** @module cli/commands/discover — options of `gatehouse discover DOMAIN`; the work is in cli/discover.ts. */
import type { Command } from 'commander';
import { processIO, type ExitBox } from './io.js';

export function registerDiscover(program: Command, exit: ExitBox): void {
  program.command('discover')
    .description("what a domain's DNS names (A/AAAA, CNAME chains, MX, NS, SPF, common SRV), each with its provenance chain; sends only DNS queries, and only to --resolver")
    .argument('<domain>', 'the domain to walk, e.g. example.com')
    .option('--resolver <addr[:port]>', 'the DNS resolver to ask (required: there is no default)') // absent: GH_ERR_NO_RESOLVER, exit 2 (cli/discover)
    .option('--timeout <ms>', 'per-query timeout (default 2000)')
    .option('--json', 'one JSON document')
    .action(async (domain: string, opts: { resolver?: string; timeout?: string; json?: boolean }) => {
      const { runDiscover } = await import('../discover.js');
      exit.code = await runDiscover(domain, opts, processIO());
    });
}
