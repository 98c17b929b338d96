/**
 * @module engine/udp-host-run — the UDP engine's per-target state: one lane per source address (each an ICMP
 * bucket at the target, engine/icmp-budget), the host's global ICMP cap, its queues of ports to retry or confirm,
 * and per-port attempt counts. No I/O.
 */
import type { UdpPortOutcome } from './types.js';
import { RttEstimator } from './rtt.js';
import { LINUX_GLOBAL, TokenBucket, type BucketModel } from './icmp-budget.js';

/** One source address towards one target: one ICMP bucket at the target. */
export class Lane {
  readonly bucket: TokenBucket;
  refusals = 0;
  firstSendAt = -1;
  launching = 0;     // sockets set up but not yet sent on (they will take a token)
  constructor(readonly source: string | undefined, model: BucketModel, now: number) { this.bucket = new TokenBucket(model, now); }
}

export interface PortRun { attempts: number; quiet: number; proven: boolean }

export class HostRun {
  readonly rtt = new RttEstimator();
  readonly results = new Map<number, UdpPortOutcome>();
  readonly runs = new Map<number, PortRun>();
  readonly retryQ: number[] = [];
  readonly confirmQ: number[] = [];
  readonly lanes: Lane[];
  readonly global: TokenBucket;
  cursor = 0;
  inFlight = 0;
  launching = 0;
  firstSendAt = -1;
  refusals = 0;
  /** A port this host has refused: canaries go there. */
  knownClosed: number | null = null;
  /** More port unreachables than Linux's per-peer limit allows came back: modelled at 50/s per peer. */
  fast = false;
  rr = 0;
  constructor(readonly address: string, readonly family: 4 | 6, sources: readonly string[], model: BucketModel, now: number, readonly resolve: (r: UdpPortOutcome[]) => void) {
    this.lanes = (sources.length > 0 ? sources : [undefined]).map((s) => new Lane(s, model, now));
    this.global = new TokenBucket(LINUX_GLOBAL, now);
  }

  run(port: number): PortRun {
    let r = this.runs.get(port);
    if (!r) { r = { attempts: 0, quiet: 0, proven: false }; this.runs.set(port, r); }
    return r;
  }

  /** The lane with the most tokens once its pending sends are counted, if it (and the host's global cap) has `need`. */
  laneWithToken(now: number, need = 1): Lane | null {
    if (this.global.level(now) - this.launching < need) { return null; }
    let best: Lane | null = null;
    let bestLevel = need;
    for (const l of this.lanes) {
      const level = l.bucket.level(now) - l.launching;
      if (level >= bestLevel) { best = l; bestLevel = level; }
    }
    return best;
  }

  /** A lane for a datagram whose silence need not be conclusive: one with a token if any, else the next in turn. */
  anyLane(now: number): Lane {
    return this.laneWithToken(now) ?? (this.lanes[this.rr++ % this.lanes.length] as Lane);
  }
}
