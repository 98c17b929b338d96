/**
 * @module monitor/lifecycle — the finding lifecycle step of one run (pure): which tracked findings are new, seen
 * again, fixed, reopened or stale, and which hosts are up, stale or gone. A host that the run covered but that did
 * not answer keeps its findings (state `stale`) while its last answer is younger than the grace period; only after
 * that are they closed as `host-gone`. So a flaky scan never improves a grade.
 */
import type { FindingRef } from './keys.js';

export interface TrackedRow {
  readonly id: number; readonly key: string; readonly host: string; readonly state: 'open' | 'stale' | 'fixed';
  readonly severity: string; readonly title: string;
}

export interface HostLiveness { readonly host: string; readonly state: 'up' | 'stale' | 'gone'; readonly lastUpAt: string }

export interface LifecycleInput {
  readonly existing: ReadonlyMap<string, TrackedRow>;
  /** Findings observed on the hosts that answered in this run. */
  readonly observed: ReadonlyMap<string, FindingRef>;
  /** Hosts up in this run. */
  readonly answered: ReadonlySet<string>;
  /** Whether the run covered a host (asked it and would have seen it answer). */
  readonly covered: (host: string) => boolean;
  readonly hosts: ReadonlyMap<string, HostLiveness>;
  readonly now: string;
  readonly graceMs: number;
}

export interface LifecyclePlan {
  readonly inserts: FindingRef[];
  /** Open/stale rows seen again (last seen ← now, stale cleared). */
  readonly seen: number[];
  /** Rows whose severity or title changed while seen again. */
  readonly relabel: Array<{ id: number; severity: string; title: string }>;
  readonly reopened: number[];
  readonly fixedNotObserved: number[];
  readonly fixedHostGone: number[];
  /** Rows newly or still stale (stale_since kept when already set). */
  readonly stale: number[];
  readonly hostUp: string[];
  readonly hostStale: string[];
  readonly hostGone: string[];
}

/** Hosts whose last answer is within the grace period (measured from `lastUpAt`). */
export function withinGrace(lastUpAt: string, now: string, graceMs: number): boolean {
  return Date.parse(now) - Date.parse(lastUpAt) < graceMs;
}

export function planLifecycle(i: LifecycleInput): LifecyclePlan {
  const plan: LifecyclePlan = {
    inserts: [], seen: [], relabel: [], reopened: [], fixedNotObserved: [], fixedHostGone: [], stale: [],
    hostUp: [...i.answered], hostStale: [], hostGone: [],
  };
  const silent = new Map<string, 'stale' | 'gone'>();
  for (const h of i.hosts.values()) {
    if (i.answered.has(h.host) || h.state === 'gone' || !i.covered(h.host)) { continue; }
    const verdict = withinGrace(h.lastUpAt, i.now, i.graceMs) ? 'stale' : 'gone';
    silent.set(h.host, verdict);
    (verdict === 'stale' ? plan.hostStale : plan.hostGone).push(h.host);
  }
  for (const [k, f] of i.observed) {
    const row = i.existing.get(k);
    if (row === undefined) { plan.inserts.push(f); continue; }
    if (row.state === 'fixed') { plan.reopened.push(row.id); } else { plan.seen.push(row.id); }
    if (row.severity !== f.severity || row.title !== f.title) { plan.relabel.push({ id: row.id, severity: f.severity, title: f.title }); }
  }
  for (const [k, row] of i.existing) {
    if (row.state === 'fixed' || i.observed.has(k)) { continue; }
    if (i.answered.has(row.host)) { plan.fixedNotObserved.push(row.id); continue; }
    const s = silent.get(row.host);
    if (s === 'stale') { plan.stale.push(row.id); } else if (s === 'gone') { plan.fixedHostGone.push(row.id); }
    // A host outside this run (or unknown to host_states) keeps its rows untouched.
  }
  return plan;
}
