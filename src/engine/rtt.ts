/**
 * @module engine/rtt — round-trip time estimation as TCP does it (RFC 6298): smoothed RTT and
 * variance from answered probes, turned into a probe timeout clamped to [min, max].
 */

export interface TimeoutBounds {
  readonly initialMs: number;  // before any sample
  readonly minMs: number;
  readonly maxMs: number;
}

export class RttEstimator {
  srttMs = 0;
  rttvarMs = 0;
  samples = 0;

  /** Feeds one measured round trip (milliseconds). */
  sample(rttMs: number): void {
    if (!(rttMs >= 0)) { return; }
    if (this.samples === 0) {
      this.srttMs = rttMs;
      this.rttvarMs = rttMs / 2;
    } else {
      this.rttvarMs = 0.75 * this.rttvarMs + 0.25 * Math.abs(this.srttMs - rttMs);
      this.srttMs = 0.875 * this.srttMs + 0.125 * rttMs;
    }
    this.samples++;
  }

  /** RTO = SRTT + 4·RTTVAR, clamped; `fallback` (another estimator, e.g. the scan-wide one) when empty. */
  timeoutMs(bounds: TimeoutBounds, fallback?: RttEstimator): number {
    if (this.samples === 0) {
      return fallback && fallback.samples > 0 ? fallback.timeoutMs(bounds) : clamp(bounds.initialMs, bounds);
    }
    return clamp(this.srttMs + 4 * this.rttvarMs, bounds);
  }
}

function clamp(ms: number, b: TimeoutBounds): number {
  return Math.min(b.maxMs, Math.max(b.minMs, ms));
}
