/**
 * @module engine/types — the types the engine's files share (what a scanner is and reports, what the UDP engine
 * returns per port), in one file so no two engine files import each other for a type.
 */
import type { HostResult, PortResult, PortState, StateReason } from '../core/types.js';

export interface ScanProgress {
  readonly probesSent: number;
  readonly probesDone: number;
  readonly probesTotal: number;          // estimate: grows as hosts are discovered
  readonly inFlight: number;
  readonly hostsDone: number;
}

export interface ScanEvents {
  /** A port result worth reporting (non-closed, or any with allStates), as soon as it is known. */
  onPort?(host: HostResult, port: PortResult): void;
  /** A host is finished (or the scan was interrupted: then `partial` is true). */
  onHost(host: HostResult, partial: boolean): void;
}

/** What the CLI drives: the in-process engine or the worker-thread pool. */
export interface Scanner {
  run(): Promise<void>;
  abort(): void;
  progress(): ScanProgress;
}

export interface UdpSources { readonly v4: readonly string[]; readonly v6: readonly string[] }

export interface UdpPortOutcome {
  port: number;
  state: PortState;
  reason: StateReason;
  rttUs?: number;
  reply?: Buffer;
  sent?: Buffer;
  attempts: number;
}

/** Where the engine spent its probes (benchmarks, the scan summary). */
export interface UdpEngineStats {
  sent: number;
  conclusive: number;
  confirmations: number;
  canaries: number;
  refusals: number;
}
