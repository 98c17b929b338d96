/**
 * @module engine/icmp-budget — the scanner's model of how many ICMP errors a target may still send it. Linux (and
 * most stacks) rate-limit ICMP errors per destination with a token bucket: `net.ipv4.icmp_ratelimit` (1000 ms per
 * message) with a burst of 6, keyed on the address the error goes to — the scanner's source address — plus a
 * per-namespace global cap (1000/s, burst 50). A UDP probe to a closed port is answered with a port unreachable only
 * if the bucket has a token, so silence is conclusive only for a probe that left while a token was certainly there.
 *
 * The model is pessimistic: every datagram sent takes a token as if it will hit a closed port; a reply or a
 * silence gives it back (no ICMP was spent), a port unreachable keeps it spent. So the estimate never exceeds the
 * real bucket as long as the bucket was full when the scan began and refills at least as fast as modelled.
 * Pure: time is passed in (milliseconds, any monotonic origin).
 */

export interface BucketModel {
  readonly intervalMs: number;   // one token per this many ms
  readonly burst: number;        // tokens when full
}

/** Linux's per-peer limit (icmp_ratelimit 1000 ms, XRLIM_BURST_FACTOR 6), with 2 % margin on the refill. */
export const LINUX_PER_PEER: BucketModel = { intervalMs: 1020, burst: 6 };
/** Linux's per-namespace cap (icmp_msgs_per_sec 1000, icmp_msgs_burst 50; recent kernels randomise the burst). */
export const LINUX_GLOBAL: BucketModel = { intervalMs: 1.1, burst: 40 };
/** A target proven not to limit per peer like Linux (more errors than that model allows): 50/s per peer… */
export const UNLIMITED_PER_PEER: BucketModel = { intervalMs: 20, burst: 6 };
/** …and at most ~180/s over all our source addresses, under BSD's global icmplim (200/s) as well as Linux's. */
export const UNLIMITED_GLOBAL: BucketModel = { intervalMs: 5.5, burst: 40 };

export class TokenBucket {
  private tokens: number;
  private stamp: number;

  constructor(private model: BucketModel, now: number) {
    this.tokens = model.burst;
    this.stamp = now;
  }

  /** Tokens available now (negative while more datagrams are in flight than the bucket can cover). */
  level(now: number): number {
    if (now > this.stamp) {
      this.tokens = Math.min(this.model.burst, this.tokens + (now - this.stamp) / this.model.intervalMs);
      this.stamp = now;
    }
    return this.tokens;
  }

  /** Takes a token for a datagram leaving now; true when one was certainly there (its silence will be an answer). */
  take(now: number): boolean {
    const had = this.level(now) >= 1;
    this.tokens -= 1;
    return had;
  }

  /** Gives back a token taken by a datagram that spent no ICMP (it was answered, or met silence). */
  refund(now: number): void {
    this.level(now);
    this.tokens = Math.min(this.model.burst, this.tokens + 1);
  }

  /** The bucket proved emptier than modelled: no token is assumed until the next refill from now. */
  drain(now: number): void {
    this.level(now);
    this.tokens = Math.min(this.tokens, 0);
  }

  /** Switches the refill model (tokens kept, capped at the new burst). */
  remodel(model: BucketModel, now: number): void {
    this.level(now);
    this.model = model;
    this.tokens = Math.min(this.tokens, model.burst);
  }
}

/**
 * True when `refusals` port unreachables within `elapsedMs` are more than a Linux per-peer bucket can ever send
 * (a full burst plus one per second): the target does not limit per peer the Linux way.
 */
export function exceedsLinuxLimit(refusals: number, elapsedMs: number): boolean {
  return refusals > 6 + Math.floor(Math.max(0, elapsedMs) / 1000);
}
