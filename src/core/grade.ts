/** @module core/grade — the grade as it appears in the JSON contract (`grade` at top level, per host, per group); computed by src/score (docs/scoring.md). */

export type Letter = 'A' | 'B' | 'C' | 'D' | 'F';

/** The six factors of docs/scoring.md, by key. */
export type FactorKey = 'exposure' | 'configuration' | 'encryption' | 'amplification' | 'software' | 'policy';

export interface FactorScore {
  /** Human name: 'Network exposure', 'Service configuration', … */
  name: string;
  key: FactorKey;
  /** 0–100, two decimals: 100 minus this scope's mean per-host deficit of the factor. */
  score: number;
  /** The factor's weight in the overall score (docs/scoring.md § Overall). */
  weight: number;
}

/** Points one finding took off one scope's score. The deductions of a scope sum exactly to 100 − score. */
export interface Deduction {
  findingId: string;
  host: string;
  /** null for a finding about the host as a whole (HostResult.findings). */
  port: number | null;
  protocol?: 'tcp' | 'udp';
  factor: FactorKey;
  /** A multiple of 0.01. */
  points: number;
  /**
   * Only in the grade a scan prints and stores (score/running.ts): the findings of this id beyond the largest
   * contributions kept one by one, summed into one deduction with `host: '*'` and `port: null` (docs/scoring.md § 6).
   */
  aggregated?: number;
  /** Self-scan: the port is reachable only from the scanning machine itself (weighs less, never caps). */
  local?: boolean;
}

export interface Grade {
  /** 0–100, a multiple of 0.01. */
  score: number;
  letter: Letter;
  factors: FactorScore[];
  deductions: Deduction[];
  /** Hosts (state `up`) the score is averaged over. */
  hosts?: number;
  /** The model that produced this grade, e.g. 'gatehouse-score/1'. */
  model?: string;
  /** Per asset group (only when `--groups FILE` was given; top level only). */
  groups?: GroupGrade[];
  /** Checks that did not run (e.g. an imported nmap file has no live probes); the grade covers only what ran. */
  notRun?: string[];
  /**
   * Computed while checks, stages or identification failed with an error (checksNotRun reason 'error'): what
   * failed might have found something, so the grade may be too good. Absent when nothing errored.
   */
  provisional?: boolean;
  /** One line per error behind `provisional`: `ADDRESS:PORT/PROTO ID: CODE message`. */
  provisionalReasons?: string[];
  /**
   * Graded from a scan that did not cover what it set out to: interrupted (Ctrl-C) or incomplete (killed: the stored
   * scan has no finish time). The grade covers only the hosts reached (src/score/partial.ts).
   */
  partial?: boolean;
  /**
   * The cap in force (docs/scoring.md § 5a): a critical finding anywhere in the scope caps the letter at D, a high
   * one at B, whatever the score. `letter` is then the worse of the score's letter and the cap. Absent: no cap.
   */
  cap?: GradeCap;
}

/** A letter cap and the findings that hold it (distinct finding ids of that severity, sorted). */
export interface GradeCap {
  letter: Letter;
  severity: 'critical' | 'high';
  findingIds: string[];
}

export interface GroupGrade extends Grade {
  name: string;
}
