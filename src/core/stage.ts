/**
 * @module core/stage — what a port stage is (identification, TLS, checks): the contract between the stages, which
 * implement it, and pipeline/host-pipeline.ts, which schedules them. Here so no stage imports the scheduler.
 */
import type { HostResult, PortResult } from './types.js';

export interface StageContext {
  /** Aborted on Ctrl-C or when the port's time budget runs out; stages pass it to their dialers. */
  readonly signal: AbortSignal;
  /** The name the user scanned this address as (for SNI, Host headers), if any. */
  readonly hostname: string | undefined;
}

/** One enrichment step for one open port: it mutates `port` (service, tls, findings). */
export interface PortStage {
  readonly name: string;
  /** Whether this stage wants this port (e.g. TLS only where the service speaks TLS). */
  applies(port: PortResult, host: HostResult): boolean;
  run(port: PortResult, host: HostResult, ctx: StageContext): Promise<void>;
}
