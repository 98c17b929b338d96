/**
 * @module core/progress — how far a scan is, by stage: discovery → identification → TLS → checks → grade, each with
 * its own done/total count and ETA. One small domain type for every consumer: the CLI's bar (src/cli/progress.ts),
 * `--ndjson` progress events (docs/json-contract.md) and, later, the server's and dashboard's event streams.
 */

export const PROGRESS_STAGES = ['discovery', 'identification', 'tls', 'checks', 'grade'] as const;
export type ProgressStage = typeof PROGRESS_STAGES[number];

/**
 * One stage's count. Units: discovery = probes (TCP) and settled ports (UDP); identification, tls, checks = open
 * ports the stage applies to (the total grows as earlier stages reveal more work); grade = hosts graded.
 */
export interface StageCount {
  readonly stage: ProgressStage;
  readonly done: number;
  readonly total: number;
}

/** The `--ndjson` line `{"type":"progress","stage":…,"done":…,"total":…,"etaSeconds":…}`. */
export interface ProgressEvent extends StageCount {
  readonly type: 'progress';
  /** Seconds left at the stage's rate so far; null while no rate is known (nothing done yet) or the stage is done. */
  readonly etaSeconds: number | null;
}

/** The stage a bar shows: the first one with work left, else the last with any work. */
export function activeStage(counts: readonly StageCount[]): StageCount | undefined {
  return counts.find((c) => c.done < c.total) ?? [...counts].reverse().find((c) => c.total > 0);
}

/**
 * Per-stage ETA from the stage's own rate: the time and count when work on it was first seen, and the rate since.
 * Feed it every snapshot (`observe`); pure apart from the times it is given.
 */
export class StageClock {
  private readonly first = new Map<ProgressStage, { ms: number; done: number }>();

  observe(counts: readonly StageCount[], nowMs: number): ProgressEvent[] {
    return counts.map((c) => {
      if (c.total > 0 && !this.first.has(c.stage)) { this.first.set(c.stage, { ms: nowMs, done: c.done }); }
      return { type: 'progress', stage: c.stage, done: c.done, total: c.total, etaSeconds: this.eta(c, nowMs) };
    });
  }

  private eta(c: StageCount, nowMs: number): number | null {
    const f = this.first.get(c.stage);
    if (f === undefined || c.done >= c.total || c.done <= f.done || nowMs <= f.ms) { return null; }
    const perMs = (c.done - f.done) / (nowMs - f.ms);
    return Math.ceil((c.total - c.done) / perMs / 1000);
  }
}
