/** @module cli/writers/writer — the one interface every scan output implements, and what the scan hands it. */
import type { HostResult, PortResult, ScanMeta } from '../../core/types.js';
import type { Grade } from '../../core/grade.js';

/** What a scan's end hands the writers. */
export interface ScanEnd {
  readonly meta: ScanMeta;
  readonly grade: Grade;
  readonly up: number;
  readonly down: number;
}

export interface ScanWriter {
  /** Before the first probe, after every check that can refuse the scan (a refused scan prints nothing). */
  start?(): void;
  /** One port as the engine decides it; called only when ports are streamed live (no port stages). */
  port?(h: HostResult, p: PortResult): void;
  /** One finished, graded host; `partial`: the scan stopped before all its ports were decided. */
  host(h: HostResult, partial: boolean): void;
  /** After the last host. */
  finish?(end: ScanEnd): Promise<void> | void;
}

/** Where the table goes: above the progress bar once it runs (set by the scan), stdout before. */
export interface Screen { log(text: string): void }
