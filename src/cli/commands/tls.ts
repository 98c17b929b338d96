/** @module cli/commands/tls — options of `gatehouse tls HOST:PORT`; the work is in tls/cli.ts, loaded on use. */
import type { Command } from 'commander';
import type { RawTlsOptions } from '../../tls/cli.js';
import type { ScopeOptions } from '../scope.js';
import { processIO, type ExitBox } from './io.js';

export function registerTls(program: Command, exit: ExitBox): void {
  program.command('tls')
    .description('analyse TLS on HOST:PORT with our own handshakes: protocols, cipher suites, groups, certificate chain')
    .argument('<target>', 'HOST:PORT (IPv6 as [::1]:443)')
    .option('--starttls <proto>', 'upgrade with STARTTLS first: smtp|imap|pop3|ftp|postgres|mysql|ldap|xmpp')
    .option('--sni <name>', 'server name to send (SNI) and to match the certificate against (default: HOST when a name)')
    .option('--ca-file <file>', 'also trust the CA certificates in this PEM file')
    .option('--timeout <ms>', 'deadline for each connect and handshake read (default 4000)')
    .option('--no-http', 'skip the HTTPS extras (HSTS header, port-80 redirect)')
    .option('--json', 'one JSON document on stdout: { report, findings }')
    .option('--scope <cidrs|file>', 'refuse a target outside these CIDRs (or those listed in FILE); default: the config\'s scope')
    .option('--config <file>', 'JSON config file (its scope applies; default $GATEHOUSE_CONFIG)')
    .action(async (target: string, opts: RawTlsOptions & ScopeOptions) => {
      const { runTls } = await import('../../tls/cli.js'); // loaded on use
      const { commandScopeGuard } = await import('../scope.js');
      const io = processIO();
      exit.code = await runTls(target, opts, io, await commandScopeGuard(opts, io.env));
    });
}
