/**
 * @module score/host — one host's findings, weighed: the penalty of each finding (severity weight, decayed for
 * repeats of one id on one host) and the host's integer deficit per factor (docs/scoring.md §§ 2–3).
 */
import type { Finding, HostResult, Protocol } from '../core/types.js';
import { DECAY, FACTORS, LOCAL_WEIGHT, SATURATION, SEVERITY_WEIGHT, UNITS } from './model.js';
import { factorOf } from './factors.js';
import type { FactorKey } from './types.js';

/** One finding placed on its host, port and factor, with its decayed penalty. */
export interface ScoredFinding {
  readonly host: string;
  readonly port: number | null;
  readonly protocol: Protocol | null;
  readonly finding: Finding;
  readonly factor: FactorKey;
  /** SEVERITY_WEIGHT × DECAY^k, k = rank among this host's findings with the same id. */
  readonly penalty: number;
  /** k above (0 for the first of its kind). */
  readonly repeat: number;
  /** On a port only this machine can reach (self-scan, `port.local.reach === 'local'`): weighs LOCAL_WEIGHT, never caps. */
  readonly local: boolean;
}

export type FactorNumbers = Record<FactorKey, number>;

/** A host ready to be scored: its findings and its deficit per factor in UNITS (integers, 0 … 100 × UNITS). */
export interface HostScore {
  readonly address: string;
  readonly findings: readonly ScoredFinding[];
  /** Σ penalty per factor. */
  readonly penalty: FactorNumbers;
  /** round(UNITS × 100 × (1 − e^(−penalty / SATURATION))) per factor. */
  readonly deficit: FactorNumbers;
}

export const zeroFactors = (): FactorNumbers =>
  ({ exposure: 0, configuration: 0, encryption: 0, amplification: 0, software: 0, policy: 0 });

interface Placed { port: number | null; protocol: Protocol | null; finding: Finding; local?: boolean }

/** Total order used for ranking repeats and for stable output: reachable before local-only, weight desc, then port, protocol, title, evidence. */
function comparePlaced(a: Placed, b: Placed): number {
  if ((a.local === true) !== (b.local === true)) { return a.local === true ? 1 : -1; }
  const w = SEVERITY_WEIGHT[b.finding.severity] - SEVERITY_WEIGHT[a.finding.severity];
  if (w !== 0) { return w; }
  const pa = a.port ?? -1;
  const pb = b.port ?? -1;
  if (pa !== pb) { return pa - pb; }
  const key = (p: Placed): string => `${p.protocol ?? ''}\u0000${p.finding.title}\u0000${p.finding.evidence}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** All findings of a host: per port (any state) and about the host as a whole. */
export function placedFindings(h: HostResult): Placed[] {
  const out: Placed[] = [];
  for (const f of h.findings ?? []) { out.push({ port: null, protocol: null, finding: f }); }
  for (const p of h.ports) {
    const local = p.local?.reach === 'local';
    for (const f of p.findings ?? []) { out.push(local ? { port: p.port, protocol: p.protocol, finding: f, local } : { port: p.port, protocol: p.protocol, finding: f }); }
  }
  return out;
}

export function severityWeight(f: Finding): number {
  return SEVERITY_WEIGHT[f.severity] ?? 0;
}

/** Weighs one host from a list of placed findings (a host result's, or what is left after fixes). */
export function scoreHostFindings(address: string, placed: readonly Placed[]): HostScore {
  const byId = new Map<string, Placed[]>();
  for (const p of placed) {
    const list = byId.get(p.finding.id);
    if (list) { list.push(p); } else { byId.set(p.finding.id, [p]); }
  }
  const findings: ScoredFinding[] = [];
  const penalty = zeroFactors();
  for (const [id, list] of [...byId.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    list.sort(comparePlaced);
    const factor = factorOf(id);
    list.forEach((p, k) => {
      const local = p.local === true;
      const pen = severityWeight(p.finding) * (local ? localWeight(factor) : 1) * DECAY ** k;
      penalty[factor] += pen;
      findings.push({ host: address, port: p.port, protocol: p.protocol, finding: p.finding, factor, penalty: pen, repeat: k, local });
    });
  }
  const deficit = zeroFactors();
  for (const f of FACTORS) { deficit[f.key] = hostDeficitUnits(penalty[f.key]); }
  return { address, findings, penalty, deficit };
}

/**
 * The share of its weight a local-only finding keeps (docs/scoring.md § 2a): an exposure or amplification finding
 * says "other hosts can reach this", which a loopback-only listener already prevents (binding to loopback is their
 * remediation): 0. Any other risk (no authentication, …) stays real for local users and processes: LOCAL_WEIGHT.
 */
export function localWeight(factor: FactorKey): number {
  return factor === 'exposure' || factor === 'amplification' ? 0 : LOCAL_WEIGHT;
}

/** 100 × (1 − e^(−P/SATURATION)) points, in integer UNITS. */
export function hostDeficitUnits(p: number): number {
  return p <= 0 ? 0 : Math.round(UNITS * 100 * -Math.expm1(-p / SATURATION));
}

export function scoreHost(h: HostResult): HostScore {
  return scoreHostFindings(h.address, placedFindings(h));
}
