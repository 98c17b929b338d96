/**
 * @module engine/tcp-scan — the unprivileged TCP connect scan engine.
 *
 * Hosts are pulled lazily from the target iterator in groups; each group is (unless -Pn) first
 * discovered with connect probes to a few ports (any answer, RST included, means up), then its up
 * hosts × ports are visited in a random permutation so that no host is hammered. A bounded number of
 * probes is in flight (per-slot state in typed arrays, one shared timer), timeouts come from per-host
 * RTT estimates, only unanswered probes are retried, and results stream out through callbacks.
 */
import type { HostResult, PortResult, PortState, StateReason, Target } from '../core/types.js';
import { createTcpConnector, Outcome, type ConnectorKind, type TcpConnector } from '../net/tcp-connector.js';
import { serviceName } from '../knowledge/services.js';
import { Permutation } from './permutation.js';
import type { ScanEvents, ScanProgress, Scanner } from './types.js';
import { RateLimiter, type RateGate } from './rate.js';
import { RttEstimator, type TimeoutBounds } from './rtt.js';

export interface TcpScanOptions {
  readonly ports: readonly number[];
  readonly concurrency: number;
  readonly ratePps: number;              // 0: uncapped
  readonly retries: number;              // extra attempts for unanswered probes
  readonly timeouts: TimeoutBounds;
  readonly discovery: boolean;           // false: -Pn, every host is treated as up
  readonly discoveryPorts: readonly number[];
  readonly allStates: boolean;           // keep closed ports in results too
  readonly hostGroupSize: number;
  readonly seed: number;
  readonly connector?: ConnectorKind;
  /** A rate gate shared with other processes (distributed scans); default a local RateLimiter at ratePps. */
  readonly rateGate?: RateGate;
}

/** Hosts that answered nothing after this many timeouts get no retries: a host that drops everything ends fast. */
const SILENT_HOST_TIMEOUTS = 64;
/** A host that has accepted this many connections is no fragile service (a tarpit, a SYN proxy): its further open
 * ports are closed with a reset, so that tens of thousands of TIME_WAIT sockets do not slow what follows. */
const RESET_AFTER_OPEN = 1000;
/** Probes started per turn of the event loop: answers are read between batches, so RTT samples stay honest. */
const LAUNCH_BATCH = 1024;
const KIND_PORT = 0;
const KIND_DISCOVERY = 1;

const enum Phase { Discovering, Ports, Done }

class HostRun {
  readonly rtt = new RttEstimator();
  readonly result: HostResult;
  phase: Phase = Phase.Discovering;
  answers = 0;
  timeouts = 0;
  pending = 0;          // probes of the current phase not yet resolved
  group: Group | null = null;
  constructor(readonly target: Target, readonly family: 4 | 6) {
    this.result = {
      address: target.address, hostnames: [...target.hostnames], state: 'unknown', reason: '',
      ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 },
    };
  }
}

const enum GroupPhase { DiscoverIssue, DiscoverWait, PortsIssue, Issued }

class Group {
  phase = GroupPhase.DiscoverIssue;
  cursor = 0;
  up: HostRun[] = [];
  perm: Permutation | null = null;
  remaining: number;    // hosts not finished yet
  constructor(readonly hosts: HostRun[]) {
    this.remaining = hosts.length;
    for (const h of hosts) { h.group = this; }
  }
}

export type { ScanEvents, ScanProgress, Scanner } from './types.js';

interface Retry { host: HostRun; port: number; attempt: number; kind: number }

export class TcpScanEngine implements Scanner {
  private readonly connector: TcpConnector;
  private readonly rate: RateGate;
  private readonly globalRtt = new RttEstimator();
  private readonly targets: Iterator<Target>;
  private targetsDone = false;
  private readonly groups: Group[] = [];
  private readonly retries: Retry[] = [];
  private retryHead = 0;

  // Per-slot state of probes in flight.
  private readonly slotHost: (HostRun | null)[];
  private readonly slotPort: Int32Array;
  private readonly slotAttempt: Uint8Array;
  private readonly slotKind: Uint8Array;
  private readonly slotGen: Uint32Array;
  private readonly slotStart: Float64Array;
  private readonly free: Int32Array;
  private freeTop: number;

  private limit: number;
  private inFlight = 0;
  private sent = 0;
  private done = 0;
  private total = 0;
  private hostsDone = 0;
  private pumping = false;
  private aborted = false;
  private finished = false;
  private resumeTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private readonly expired: number[] = [];
  private expiryScheduled = false;
  private resolveRun: (() => void) | null = null;
  private groupSeed: number;
  private batchAt = -1;
  private continueScheduled = false;
  private readonly continuePump = (): void => { this.continueScheduled = false; this.pump(); };
  private readonly clearBatch = (): void => { this.batchAt = -1; };

  constructor(targets: Iterable<Target>, private readonly opts: TcpScanOptions, private readonly events: ScanEvents) {
    this.targets = targets[Symbol.iterator]();
    this.connector = createTcpConnector((slot, gen, outcome, errno) => this.onOutcome(slot, gen, outcome, errno), opts.connector);
    this.rate = opts.rateGate ?? new RateLimiter(opts.ratePps);
    const n = Math.max(1, opts.concurrency);
    this.limit = n;
    this.slotHost = new Array<HostRun | null>(n).fill(null);
    this.slotPort = new Int32Array(n);
    this.slotAttempt = new Uint8Array(n);
    this.slotKind = new Uint8Array(n);
    this.slotGen = new Uint32Array(n);
    this.slotStart = new Float64Array(n);
    this.free = new Int32Array(n);
    for (let i = 0; i < n; i++) { this.free[i] = n - 1 - i; }
    this.freeTop = n;
    this.groupSeed = opts.seed >>> 0;
  }

  get connectorKind(): string { return this.connector.kind; }

  progress(): ScanProgress {
    return { probesSent: this.sent, probesDone: this.done, probesTotal: Math.max(this.total, this.sent), inFlight: this.inFlight, hostsDone: this.hostsDone };
  }

  /** Runs the scan to the end (or until abort()). */
  run(): Promise<void> {
    if (this.finished) { return Promise.resolve(); } // aborted before it started
    return new Promise<void>((resolve) => {
      this.resolveRun = resolve;
      const tick = Math.min(20, Math.max(2, Math.floor(this.opts.timeouts.minMs / 4)));
      this.tickTimer = setInterval(() => this.onTick(), tick);
      this.pump();
    });
  }

  /** Stops sending, abandons probes in flight, and reports every unfinished host as partial. */
  abort(): void {
    if (this.finished) { return; }
    this.aborted = true;
    for (let s = 0; s < this.slotHost.length; s++) {
      if (this.slotHost[s]) { this.connector.cancel(s); this.slotHost[s] = null; }
    }
    this.inFlight = 0;
    for (const g of this.groups) {
      for (const h of g.hosts) {
        if (h.phase !== Phase.Done) {
          h.phase = Phase.Done;
          if (h.result.state === 'unknown' && h.answers > 0) { h.result.state = 'up'; }
          this.events.onHost(h.result, true);
        }
      }
    }
    this.groups.length = 0;
    this.finish();
  }

  // ---- issuing -------------------------------------------------------------------------------

  private pump(): void {
    if (this.pumping || this.aborted) { return; }
    this.pumping = true;
    try {
      let allowance = this.rate.allowance(performance.now());
      let batch = LAUNCH_BATCH;
      while (allowance > 0 && this.inFlight < this.limit && this.freeTop > 0) {
        if (batch-- === 0) {
          if (!this.continueScheduled) { this.continueScheduled = true; setImmediate(this.continuePump); }
          break;
        }
        if (!this.issueNext()) { break; }
        allowance--;
      }
      if (allowance === 0 && this.resumeTimer === null && this.hasWork()) {
        this.resumeTimer = setTimeout(() => { this.resumeTimer = null; this.pump(); }, Math.max(1, this.rate.waitMs(performance.now())));
      }
    } finally {
      this.pumping = false;
    }
    this.maybeFinish();
  }

  private hasWork(): boolean {
    return this.retryHead < this.retries.length || this.groups.some((g) => g.phase !== GroupPhase.Issued) || !this.targetsDone;
  }

  /** Starts the next probe: retries first, then the groups in order. False when nothing is ready. */
  private issueNext(): boolean {
    if (this.retryHead < this.retries.length) {
      const r = this.retries[this.retryHead++] as Retry;
      if (this.retryHead === this.retries.length) { this.retries.length = 0; this.retryHead = 0; }
      if (r.host.phase === Phase.Done || (r.kind === KIND_DISCOVERY && r.host.phase !== Phase.Discovering)) { return true; }
      this.launch(r.host, r.port, r.attempt, r.kind);
      return true;
    }
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i] as Group;
      if (this.issueFromGroup(g)) { return true; }
    }
    return this.pullGroup() ? this.issueNext() : false;
  }

  private issueFromGroup(g: Group): boolean {
    switch (g.phase) {
      case GroupPhase.DiscoverIssue: {
        const d = this.opts.discoveryPorts;
        const hosts = g.hosts;
        while (g.cursor < hosts.length * d.length) {
          const h = hosts[g.cursor % hosts.length] as HostRun;
          const port = d[Math.floor(g.cursor / hosts.length)] as number;
          g.cursor++;
          if (h.phase !== Phase.Discovering) { continue; } // already answered on another discovery port
          this.launch(h, port, 0, KIND_DISCOVERY);
          return true;
        }
        g.phase = GroupPhase.DiscoverWait;
        return this.issueFromGroup(g);
      }
      case GroupPhase.DiscoverWait: {
        for (const h of g.hosts) { if (h.phase === Phase.Discovering) { return false; } }
        this.startPortPhase(g);
        return this.issueFromGroup(g);
      }
      case GroupPhase.PortsIssue: {
        const perm = g.perm as Permutation;
        const ports = this.opts.ports;
        while (g.cursor < perm.n) {
          const idx = perm.at(g.cursor++);
          const h = g.up[idx % g.up.length] as HostRun;
          if (h.phase !== Phase.Ports) { continue; }
          this.launch(h, ports[Math.floor(idx / g.up.length)] as number, 0, KIND_PORT);
          return true;
        }
        g.phase = GroupPhase.Issued;
        return false;
      }
      case GroupPhase.Issued:
        return false;
    }
  }

  /** Moves a discovered group to its port phase: up hosts × ports in a random order. */
  private startPortPhase(g: Group): void {
    g.up = g.hosts.filter((h) => h.phase === Phase.Ports);
    g.cursor = 0;
    const n = g.up.length * this.opts.ports.length;
    if (n === 0) { g.phase = GroupPhase.Issued; return; }
    this.groupSeed = (Math.imul(this.groupSeed, 0x9e3779b1) + 1) >>> 0;
    g.perm = new Permutation(n, this.groupSeed);
    g.phase = GroupPhase.PortsIssue;
  }

  /** Takes the next group of hosts, unless enough are already being discovered or scanned. */
  private pullGroup(): boolean {
    while (this.groups.length > 0 && (this.groups[0] as Group).remaining === 0 && (this.groups[0] as Group).phase === GroupPhase.Issued) {
      this.groups.shift(); // finished: let it go, memory stays flat in the number of targets
    }
    if (this.targetsDone) { return false; }
    let busy = 0;
    for (const g of this.groups) {
      if (g.phase === GroupPhase.DiscoverIssue || g.phase === GroupPhase.DiscoverWait) { return false; }
      if (g.phase === GroupPhase.PortsIssue) { busy++; }
    }
    if (busy > 1) { return false; }
    const hosts: HostRun[] = [];
    while (hosts.length < this.opts.hostGroupSize) {
      const next = this.targets.next();
      if (next.done) { this.targetsDone = true; break; }
      hosts.push(new HostRun(next.value, next.value.family));
    }
    if (hosts.length === 0) { return false; }
    const g = new Group(hosts);
    this.groups.push(g);
    this.total += hosts.length * this.opts.ports.length;
    if (!this.opts.discovery) {
      for (const h of hosts) { h.phase = Phase.Ports; h.pending = this.opts.ports.length; h.result.state = 'up'; h.result.reason = 'user-set'; }
      this.startPortPhase(g);
    } else {
      for (const h of hosts) { h.pending = this.opts.discoveryPorts.length; }
      this.total += hosts.length * this.opts.discoveryPorts.length;
    }
    return true;
  }

  private launch(h: HostRun, port: number, attempt: number, kind: number): void {
    const slot = this.free[--this.freeTop] as number;
    const gen = (this.slotGen[slot] = ((this.slotGen[slot] as number) + 1) >>> 0);
    this.slotHost[slot] = h;
    this.slotPort[slot] = port;
    this.slotAttempt[slot] = attempt;
    this.slotKind[slot] = kind;
    this.inFlight++;
    this.sent++;
    this.rate.taken(1);
    this.connector.connect(slot, gen, h.target.address, h.family, port, h.result.counts.open >= RESET_AFTER_OPEN);
    // Stamp after the connect call: a pump that starts thousands of probes takes a while, and a stale
    // stamp would give late probes a deadline too early (a false 'filtered' on a slow path).
    const sentAt = performance.now();
    this.slotStart[slot] = sentAt;
  }

  // ---- answers and timeouts -------------------------------------------------------------------

  private release(slot: number): void {
    this.slotHost[slot] = null;
    this.free[this.freeTop++] = slot;
    this.inFlight--;
  }

  private onOutcome(slot: number, gen: number, outcome: Outcome, errno: string): void {
    const h = this.slotHost[slot];
    if (!h || this.slotGen[slot] !== gen) { return; }
    const port = this.slotPort[slot] as number;
    const attempt = this.slotAttempt[slot] as number;
    const kind = this.slotKind[slot] as number;
    if (outcome === Outcome.Resource) {
      // Out of sockets or source ports: not an answer. Put the probe back and slow down.
      this.release(slot);
      this.sent--;
      this.limit = Math.max(16, Math.floor(this.inFlight * 0.9));
      this.retries.splice(this.retryHead, 0, { host: h, port, attempt, kind });
      if (this.resumeTimer === null) {
        this.resumeTimer = setTimeout(() => { this.resumeTimer = null; this.limit = Math.min(this.opts.concurrency, this.limit + 64); this.pump(); }, 20);
      }
      return;
    }
    // Answers that arrived together are handed to us in one poll phase; the first one's time bounds when
    // all of them arrived, so later ones in the batch do not count our own processing as network RTT.
    if (this.batchAt < 0) {
      this.batchAt = performance.now();
      setImmediate(this.clearBatch);
    }
    const rttMs = Math.max(0, this.batchAt - (this.slotStart[slot] as number));
    this.release(slot);
    this.done++;
    if (outcome === Outcome.Open || outcome === Outcome.Refused || outcome === Outcome.SelfConnect) {
      h.rtt.sample(rttMs);
      this.globalRtt.sample(rttMs);
    }
    if (h.phase !== Phase.Done) {
      const [state, reason] = decide(outcome, errno);
      if (kind === KIND_DISCOVERY) { this.discoveryAnswer(h, state, reason); } else { this.portResult(h, port, state, reason, rttMs); }
    }
    // One refill per turn of the event loop, after all the answers of this poll phase: a refill per answer would
    // launch a whole batch each time and keep the concurrency limit full even where answers come back in microseconds
    // (more sockets in flight cost the kernel more per probe: measured 0.13 s over 65,535 loopback ports).
    if (!this.continueScheduled) { this.continueScheduled = true; setImmediate(this.continuePump); }
  }

  private onTick(): void {
    if (this.inFlight === 0 || this.expiryScheduled) { return; }
    // A probe's timeout is judged against the host's current estimate, not the one at launch: the first
    // wave, sent before any answer, is not held to the initial timeout once answers show the host is near.
    const now = performance.now();
    const hosts = this.slotHost;
    const start = this.slotStart;
    const fallback = this.globalRtt.timeoutMs(this.opts.timeouts);
    for (let s = 0; s < hosts.length; s++) {
      const h = hosts[s];
      if (h === null || h === undefined) { continue; }
      const timeout = h.rtt.samples > 0 ? h.rtt.timeoutMs(this.opts.timeouts) : fallback;
      if (now - (start[s] as number) >= timeout) { this.expired.push(s, this.slotGen[s] as number); }
    }
    if (this.expired.length > 0) {
      // Decide after the poll phase: answers already queued by the kernel are taken first.
      this.expiryScheduled = true;
      setImmediate(() => this.processExpired());
    }
  }

  private processExpired(): void {
    this.expiryScheduled = false;
    const list = this.expired;
    for (let i = 0; i < list.length; i += 2) {
      const slot = list[i] as number;
      const h = this.slotHost[slot];
      if (!h || this.slotGen[slot] !== list[i + 1]) { continue; }
      this.connector.cancel(slot);
      const port = this.slotPort[slot] as number;
      const attempt = this.slotAttempt[slot] as number;
      const kind = this.slotKind[slot] as number;
      this.release(slot);
      this.done++;
      if (h.phase === Phase.Done || (kind === KIND_DISCOVERY && h.phase !== Phase.Discovering)) { continue; }
      h.timeouts++;
      const silent = kind === KIND_PORT && h.answers === 0 && h.timeouts > SILENT_HOST_TIMEOUTS;
      if (attempt < this.opts.retries && !silent) {
        this.retries.push({ host: h, port, attempt: attempt + 1, kind });
        this.total++;
      } else if (kind === KIND_DISCOVERY) {
        this.discoveryAnswer(h, 'filtered', 'no-response');
      } else {
        this.portResult(h, port, 'filtered', 'no-response', undefined);
      }
    }
    list.length = 0;
    this.pump();
  }

  private discoveryAnswer(h: HostRun, state: PortState, reason: StateReason): void {
    if (h.phase !== Phase.Discovering) { return; }
    const answered = state === 'open' || state === 'closed';
    if (answered) {
      h.answers++;
      h.phase = Phase.Ports;
      h.pending = this.opts.ports.length;
      h.result.state = 'up';
      h.result.reason = reason;
      if (h.pending === 0) { this.finishHost(h, 'up', reason); } // discovery only
      return;
    }
    if (reason === 'host-unreach' || reason === 'net-unreach') {
      this.finishHost(h, 'down', reason);
      return;
    }
    if (--h.pending === 0) { this.finishHost(h, 'down', 'no-response'); }
  }

  private portResult(h: HostRun, port: number, state: PortState, reason: StateReason, rttMs: number | undefined): void {
    if (state === 'open' || state === 'closed') { h.answers++; }
    const r = h.result;
    if (state !== 'unknown') { r.counts[state]++; }
    if (state !== 'closed' || this.opts.allStates) {
      const pr: PortResult = { port, protocol: 'tcp', state, reason, service: { name: serviceName(port, 'tcp') } };
      if (rttMs !== undefined && state !== 'filtered') { pr.rttUs = Math.round(rttMs * 1000); }
      r.ports.push(pr);
      this.events.onPort?.(r, pr);
    }
    if (--h.pending === 0) { this.finishHost(h, r.state === 'unknown' ? 'up' : r.state, r.reason); }
  }

  private finishHost(h: HostRun, state: HostResult['state'], reason: string): void {
    h.phase = Phase.Done;
    h.result.state = state;
    h.result.reason = reason;
    h.result.ports.sort((a, b) => a.port - b.port);
    if (h.group) { h.group.remaining--; h.group = null; }
    this.hostsDone++;
    this.events.onHost(h.result, false);
  }

  private maybeFinish(): void {
    if (this.finished || this.aborted || this.inFlight > 0 || this.retryHead < this.retries.length || !this.targetsDone) { return; }
    for (const g of this.groups) {
      if (g.phase !== GroupPhase.Issued || g.remaining > 0) { return; }
    }
    this.finish();
  }

  private finish(): void {
    if (this.finished) { return; }
    this.finished = true;
    // Its sockets are closed after the results are out (closing thousands of idle sockets takes tens of ms).
    setImmediate(() => this.connector.close());
    if (this.tickTimer) { clearInterval(this.tickTimer); this.tickTimer = null; }
    if (this.resumeTimer) { clearTimeout(this.resumeTimer); this.resumeTimer = null; }
    this.resolveRun?.();
  }
}

/** Maps a connect outcome to the reported port state and reason. */
export function decide(outcome: Outcome, errno: string): [PortState, StateReason] {
  switch (outcome) {
    case Outcome.Open: return ['open', 'syn-ack'];
    case Outcome.Refused: return ['closed', 'conn-refused'];
    case Outcome.SelfConnect: return ['closed', 'self-connect'];
    case Outcome.HostUnreach: return ['filtered', 'host-unreach'];
    case Outcome.NetUnreach: return ['filtered', 'net-unreach'];
    case Outcome.Error: case Outcome.Resource: return errno === 'EACCES' || errno === 'EPERM' ? ['filtered', 'admin-prohibited'] : ['unknown', 'error'];
  }
}
