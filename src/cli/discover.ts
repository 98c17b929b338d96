/**
 * @module cli/discover — `gatehouse discover DOMAIN --resolver ADDR[:PORT] [--json]`: the DNS walk of monitor/discovery
 * for one domain, without a database or an organisation (so without scope: `gatehouse serve` classifies). Table:
 * one line per finding with its provenance chain; notes (failed queries, caps reached) on stderr.
 */
import { UsageError } from '../errors/index.js';
import { DnsClient, parseResolver } from '../monitor/discovery/client.js';
import { walkDomain } from '../monitor/discovery/walk.js';
import type { CliIO } from './commands/io.js';

export interface DiscoverOptions { resolver?: string; timeout?: string; json?: boolean }

const DOMAIN = /^(?=.{1,253}\.?$)[a-z0-9_]([a-z0-9_-]{0,62})?(\.[a-z0-9_]([a-z0-9_-]{0,62})?)*\.?$/i;

export async function runDiscover(domain: string, opts: DiscoverOptions, io: CliIO): Promise<number> {
  if (!DOMAIN.test(domain)) { throw new UsageError('GH_ERR_OPTION', `"${domain}" is not a domain name`); }
  const resolver = parseResolver(opts.resolver);
  const timeoutMs = opts.timeout === undefined ? 2000 : Number(opts.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 60_000) { throw new UsageError('GH_ERR_OPTION', `--timeout wants milliseconds between 50 and 60000, got "${opts.timeout ?? ''}"`); }
  const client = new DnsClient({ resolver, timeoutMs });
  const r = await walkDomain(client.lookup.bind(client), domain);
  if (opts.json) {
    io.stdout.write(JSON.stringify({ domain: domain.toLowerCase().replace(/\.$/, ''), resolver: `${resolver.address}:${resolver.port}`, queries: client.queries, found: r.found, notes: r.notes }) + '\n');
    return 0;
  }
  const width = Math.max(8, ...r.found.map((f) => f.value.length));
  for (const f of r.found) { io.stdout.write(`${f.kind.padEnd(8)}  ${f.value.padEnd(width)}  ${f.provenance.join(' → ')}\n`); }
  io.stdout.write(`${r.found.length} found, ${client.queries} queries to ${resolver.address}:${resolver.port}\n`);
  for (const n of r.notes) { io.stderr.write(`note: ${n}\n`); }
  return 0;
}
