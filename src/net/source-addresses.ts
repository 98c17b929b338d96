/**
 * @module net/source-addresses — `--udp-source-ip`: the local addresses UDP probes are sent from. Parsed like targets
 * (addresses, CIDRs, ranges, nmap octet ranges; no hostnames), at most 256 of them, and each proven to be an
 * address of this machine by binding a UDP socket to it before any packet is sent. Several addresses are several
 * ICMP buckets at every target (engine/icmp-budget): UDP closed-port confirmation runs that many times faster.
 */
import dgram from 'node:dgram';
import { parseTargetSpec } from '../core/targets.js';
import { UsageError } from '../errors/index.js';

export interface SourceAddresses { readonly v4: readonly string[]; readonly v6: readonly string[] }

export const MAX_SOURCE_ADDRESSES = 256;

function bad(why: string): never {
  throw new UsageError('GH_ERR_OPTION', `invalid --udp-source-ip: ${why}`);
}

/** Parses a comma/space separated list of addresses, CIDRs and ranges into de-duplicated v4 and v6 lists. */
export function parseSourceAddresses(text: string): SourceAddresses {
  const parts = text.split(/[\s,]+/).filter((s) => s.length > 0);
  if (parts.length === 0) { bad('no address given'); }
  const v4 = new Set<string>();
  const v6 = new Set<string>();
  for (const part of parts) {
    let spec;
    try { spec = parseTargetSpec(part); } catch { bad(`"${part}" is not an address, CIDR or range`); }
    if (spec.kind === 'hostname') { bad(`"${part}" is a name; give this machine's addresses`); }
    if (spec.count() > BigInt(MAX_SOURCE_ADDRESSES)) { bad(`"${part}" holds more than ${MAX_SOURCE_ADDRESSES} addresses`); }
    for (const a of spec.addresses()) { (spec.family === 6 ? v6 : v4).add(a); }
    if (v4.size + v6.size > MAX_SOURCE_ADDRESSES) { bad(`more than ${MAX_SOURCE_ADDRESSES} addresses`); }
  }
  return { v4: [...v4], v6: [...v6] };
}

function bindable(address: string, family: 4 | 6): Promise<string | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    s.once('error', (err: NodeJS.ErrnoException) => { try { s.close(); } catch { /* never bound */ } resolve(err.code ?? 'error'); });
    s.bind({ address, port: 0 }, () => { s.close(); resolve(null); });
  });
}

/** Throws a one-line usage error naming the first address this machine cannot send from. */
export async function verifySourceAddresses(src: SourceAddresses): Promise<void> {
  const all: [string, 4 | 6][] = [...src.v4.map((a): [string, 4] => [a, 4]), ...src.v6.map((a): [string, 6] => [a, 6])];
  const codes = await Promise.all(all.map(([a, f]) => bindable(a, f)));
  codes.forEach((code, i) => {
    if (code !== null) { bad(`${(all[i] as [string, number])[0]} is not an address of this machine (${code})`); }
  });
}
