/**
 * @module score/provisional — a grade computed while checks, stages or identification failed with an error is
 * provisional: what failed might have found something, so the grade may be better than the truth. The reasons name
 * each error (`ADDRESS:PORT/PROTO ID: CODE message`), at most MAX_REASONS of them plus a count of the rest.
 */
import type { HostResult } from '../core/types.js';
import type { Grade } from '../core/grade.js';

export const MAX_REASONS = 20;

/** One line per error recorded on the hosts' ports (checksNotRun reason 'error'), bounded. */
export function provisionalReasons(hosts: readonly HostResult[]): string[] {
  const out: string[] = [];
  let more = 0;
  for (const h of hosts) {
    if (h.state !== 'up') { continue; }
    for (const p of h.ports) {
      for (const e of p.checksNotRun ?? []) {
        if (e.reason !== 'error') { continue; }
        if (out.length < MAX_REASONS) {
          out.push(`${h.address}:${p.port}/${p.protocol} ${e.id}: ${e.code ?? 'GH_ERR_INTERNAL'}${e.message !== undefined ? ` ${e.message}` : ''}`);
        } else { more++; }
      }
    }
  }
  if (more > 0) { out.push(`… and ${more} more error(s)`); }
  return out;
}

/** Marks `grade` provisional when any of `hosts` recorded an error; returns it. */
export function markProvisional<G extends Grade>(grade: G, hosts: readonly HostResult[]): G {
  const reasons = provisionalReasons(hosts);
  if (reasons.length > 0) { grade.provisional = true; grade.provisionalReasons = reasons; }
  return grade;
}

/** The same, host by host in bounded memory (a scan keeps no host for its final grade): at most MAX_REASONS lines. */
export class ProvisionalTally {
  private readonly reasons: string[] = [];
  private more = 0;

  add(h: HostResult): void {
    for (const r of provisionalReasons([h])) {
      if (this.reasons.length < MAX_REASONS) { this.reasons.push(r); } else { this.more++; }
    }
  }

  /** Marks `grade` provisional when any host added recorded an error; returns it. */
  mark<G extends Grade>(grade: G): G {
    if (this.reasons.length === 0) { return grade; }
    grade.provisional = true;
    grade.provisionalReasons = this.more > 0 ? [...this.reasons, `… and ${this.more} more error(s)`] : [...this.reasons];
    return grade;
  }
}
