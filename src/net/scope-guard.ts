/**
 * @module net/scope-guard — the one scope guard. Every command that sends packets (`scan`, `tls`; later `serve` and
 * `worker`) builds a ScopeGuard from `--scope` / the config's `scope` and goes through it twice: around target
 * planning (`plan`: every address of every target checked before the first packet) and around the dialer
 * (`dialer`: each connection's address checked again as it is made). Outside the scope → GH_ERR_OUT_OF_SCOPE, exit 2.
 */
import { isIP } from 'node:net';
import { addressSetOf, canonicalAddress, outOfScope, parseScope, planTargets, type AddressSet, type PlanOptions, type TargetPlan } from '../core/targets.js';
import { quote } from '../core/quote.js';
import { UsageError } from '../errors/index.js';
import type { Dialer } from './dialer.js';

export type Resolve = (host: string) => Promise<string[]>;

/** The scope in force: `--scope` (CIDRs or a file) wins over the config's `scope`; none → undefined. */
export async function scopeEntries(flag: string | undefined, configured: string | readonly string[] | undefined): Promise<string[] | undefined> {
  const value = flag ?? (Array.isArray(configured) ? configured.join(',') : configured as string | undefined);
  return value !== undefined ? parseScope(value) : undefined;
}

export class ScopeGuard {
  private readonly set: AddressSet | null;

  /** `entries` undefined: no scope configured, everything passes (the CLI's default). */
  constructor(readonly entries: readonly string[] | undefined, private readonly resolve: Resolve) {
    this.set = entries !== undefined ? addressSetOf(entries) : null;
  }

  /** Throws unless every address of `host` (an address, or a name resolved now) is inside the scope; returns them. */
  async admit(host: string): Promise<string[]> {
    const addrs = isIP(host) !== 0 ? [host] : this.set === null ? [host] : await this.resolve(host);
    if (this.set === null || this.entries === undefined) { return addrs; }
    if (addrs.length === 0) { throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${quote(host)}"`); }
    for (const a of addrs) {
      if (!this.set.has(canonicalAddress(a) ?? a)) { throw outOfScope(host, a, this.entries); }
    }
    return addrs;
  }

  /** Target planning through the guard: the plan refuses any spec with an address outside the scope. */
  plan(specs: readonly string[], opts: Omit<PlanOptions, 'scope'>): Promise<TargetPlan> {
    return planTargets(specs, { ...opts, ...(this.entries !== undefined ? { scope: this.entries } : {}) });
  }

  /** The dialer interceptor: every connection is admitted before it is made. */
  dialer(inner: Dialer): Dialer {
    if (this.set === null) { return inner; }
    // The connection goes to the address just checked, not to the name (which could resolve elsewhere a moment later).
    return { tcp: async (address, port, opts) => inner.tcp((await this.admit(address))[0] as string, port, opts) };
  }
}

/** Names → addresses through the system resolver (what `connect` would use); a failure is no address. */
export const systemResolve: Resolve = async (host) => {
  const { lookup } = await import('node:dns/promises');
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${quote(host)}"`, { cause: err });
  }
};
