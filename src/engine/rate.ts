/**
 * @module engine/rate — a global send-rate cap: how many probes may start by a given time so that the
 * average rate since the start never exceeds `pps` (with a burst of at most `burst` probes).
 */

/**
 * What the engine asks before each probe: the local RateLimiter, or a gate shared by many processes (the queue's
 * Redis token bucket, src/queue/bucket.ts), injected through TcpScanOptions.rateGate.
 */
export interface RateGate {
  allowance(nowMs: number): number;
  waitMs(nowMs: number): number;
  taken(n: number): void;
}

export class RateLimiter implements RateGate {
  private sent = 0;
  private startMs = -1;
  constructor(private readonly pps: number, private readonly burst = 1) {}

  /** Probes that may start now (Infinity when uncapped). */
  allowance(nowMs: number): number {
    if (this.pps <= 0) { return Infinity; }
    if (this.startMs < 0) { this.startMs = nowMs; }
    const earned = Math.floor(((nowMs - this.startMs) * this.pps) / 1000) + this.burst;
    return Math.max(0, earned - this.sent);
  }

  /** Milliseconds until one more probe may start. */
  waitMs(nowMs: number): number {
    if (this.pps <= 0 || this.startMs < 0) { return 0; }
    const dueAt = this.startMs + ((this.sent + 1 - this.burst) * 1000) / this.pps;
    return Math.max(0, dueAt - nowMs);
  }

  taken(n: number): void { this.sent += n; }
}
