/**
 * @module cli/progress — how far a scan is, stage by stage (discovery → identification → TLS → checks → grade): the
 * live bar on a TTY shows the stage at work with its own count and ETA, and the others' counts beside it; with
 * `--ndjson` the same counts go out as `progress` events (core/progress.ts). Both are no-ops when not asked for.
 */
import { activeStage, StageClock, type ProgressEvent, type ProgressStage, type StageCount } from '../core/progress.js';

export interface Progress {
  /** Writes a block of output above the bar (or straight to stdout when there is no bar). */
  log(text: string): void;
  stop(): void;
}

/** Where the counts come from: a snapshot of every stage, in order. */
export interface StageSource { stages(): StageCount[] }

const SHORT: Readonly<Record<ProgressStage, string>> = { discovery: 'discovery', identification: 'identify', tls: 'tls', checks: 'checks', grade: 'grade' };

/** "ETA 1m05s" / "ETA --". */
export function formatEta(seconds: number | null): string {
  if (seconds === null) { return '--'; }
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** The bar's text after the bar itself: the active stage, its ETA, then every stage with work. */
export function stageLine(events: readonly ProgressEvent[]): { stage: string; stageEta: string; stages: string } {
  const active = activeStage(events);
  const activeEvent = events.find((e) => e.stage === active?.stage);
  const stages = events.filter((e) => e.total > 0).map((e) => `${SHORT[e.stage]} ${e.done}/${e.total}${e.done >= e.total ? ' ✓' : ''}`).join(' · ');
  return { stage: active !== undefined ? SHORT[active.stage] : 'discovery', stageEta: formatEta(activeEvent?.etaSeconds ?? null), stages };
}

export async function startProgress(src: StageSource, o: { enabled: boolean; stderr: NodeJS.WritableStream; stdout: NodeJS.WritableStream }): Promise<Progress> {
  if (!o.enabled) {
    return { log: (t) => { o.stdout.write(t); }, stop: () => undefined };
  }
  const { SingleBar } = await import('cli-progress'); // only on a TTY
  const bar = new SingleBar({
    stream: o.stderr,
    format: ' {bar} {percentage}% | {stage} {value}/{total} | ETA {stageEta} | {stages}',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
  });
  const clock = new StageClock();
  bar.start(1, 0, { stage: 'discovery', stageEta: '--', stages: '' });
  const timer = setInterval(() => {
    const events = clock.observe(src.stages(), performance.now());
    const active = activeStage(events);
    bar.setTotal(Math.max(1, active?.total ?? 1));
    bar.update(active?.done ?? 0, stageLine(events));
  }, 200);
  timer.unref();
  return {
    log(text) {
      // Clear the bar's line, print above it; the next update redraws the bar.
      o.stderr.write('\r\x1b[K');
      o.stdout.write(text);
    },
    stop() { clearInterval(timer); bar.stop(); },
  };
}

/**
 * `--ndjson` progress events: every `intervalMs`, one event per stage whose count changed since it was last sent;
 * `flush()` sends the final counts (call it before the `done` line).
 */
export function startStageEvents(src: StageSource, write: (e: ProgressEvent) => void, intervalMs = 1000): { flush(): void; stop(): void } {
  const clock = new StageClock();
  const sent = new Map<ProgressStage, string>();
  const emit = (): void => {
    for (const e of clock.observe(src.stages(), performance.now())) {
      const key = `${e.done}/${e.total}`;
      if (e.total === 0 || sent.get(e.stage) === key) { continue; }
      sent.set(e.stage, key);
      write(e);
    }
  };
  const timer = setInterval(emit, intervalMs);
  timer.unref();
  return { flush: emit, stop: () => clearInterval(timer) };
}
