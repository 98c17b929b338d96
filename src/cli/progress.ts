/** @module cli/progress — the live progress bar on a TTY (probes done, rate, ETA); a no-op elsewhere. */
import type { ScanProgress } from '../engine/tcp-scan.js';

export interface Progress {
  /** Writes a block of output above the bar (or straight to stdout when there is no bar). */
  log(text: string): void;
  stop(): void;
}

export interface ProgressSource { progress(): ScanProgress }

export async function startProgress(src: ProgressSource, o: { enabled: boolean; stderr: NodeJS.WritableStream; stdout: NodeJS.WritableStream; total: number }): Promise<Progress> {
  if (!o.enabled) {
    return { log: (t) => { o.stdout.write(t); }, stop: () => undefined };
  }
  const { SingleBar } = await import('cli-progress'); // only on a TTY
  const bar = new SingleBar({
    stream: o.stderr,
    format: ' {bar} {percentage}% | {value}/{total} probes | {rate}/s | ETA {eta_formatted} | {inflight} in flight',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
    etaBuffer: 50,
  });
  const t0 = performance.now();
  bar.start(Math.max(1, o.total), 0, { rate: 0, inflight: 0 });
  const timer = setInterval(() => {
    const p = src.progress();
    const secs = (performance.now() - t0) / 1000;
    bar.setTotal(Math.max(p.probesTotal, o.total, 1));
    bar.update(p.probesDone, { rate: secs > 0 ? Math.round(p.probesDone / secs) : 0, inflight: p.inFlight });
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
