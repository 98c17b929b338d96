/**
 * @module engine/udp-scan — the UDP port-state engine. One connected UDP socket per probe (so an ICMP port
 * unreachable comes back as ECONNREFUSED on exactly that socket), a bounded number in flight, a global send rate,
 * one shared timer. States: a reply → open ('udp-response'); ICMP port unreachable → closed ('port-unreach');
 * silence → open|filtered ('no-response'), but only once silence is an answer.
 *
 * ICMP rate limiting (docs/udp.md): targets send at most a burst of port unreachables and then one per second to
 * each scanner address, so silence may only mean an empty bucket. `engine/icmp-budget` models every (target,
 * source address) bucket pessimistically; a probe that leaves while its lane certainly has a token is
 * *conclusive*: its silence is an answer as far as the model goes. Ports first go out as fast as the limits allow;
 * on a host that sends port unreachables, an inconclusive silence is re-asked on whichever lane has a token next,
 * and a port is open|filtered after `quietTries` conclusive silences, the last one *proven* by a canary: a datagram
 * to a port the host already refused, sent right behind it on the same lane. A refused canary shows the bucket
 * still had a token after the silent datagram arrived, so that port would have been refused too had it been closed
 * — whatever the model assumed (a bucket drained by earlier traffic, a slower refill). Several source addresses (`sources`) are several buckets:
 * N addresses confirm N times as fast. A host that sends more unreachables than Linux's limit allows is modelled at
 * 50/s per peer; a host that never sends any gets plain retries with back-off, the last one a full refill interval
 * after its first datagram.
 */
import dgram from 'node:dgram';
import type { StateReason } from '../core/types.js';
import { RateLimiter } from './rate.js';
import { RttEstimator, type TimeoutBounds } from './rtt.js';
import { HostRun, type Lane, type PortRun } from './udp-host-run.js';
import type { UdpEngineStats, UdpPortOutcome, UdpSources } from './types.js';
import { LINUX_PER_PEER, UNLIMITED_GLOBAL, UNLIMITED_PER_PEER, exceedsLinuxLimit, type BucketModel } from './icmp-budget.js';

export type { UdpEngineStats, UdpPortOutcome, UdpSources } from './types.js';

export interface UdpScanOptions {
  readonly ports: readonly number[];
  readonly concurrency: number;            // sockets in flight, all hosts
  readonly perHostInFlight: number;
  readonly ratePps: number;                // 0: uncapped
  readonly retries: number;                // extra attempts for silent ports of hosts that send no ICMP
  readonly timeouts: TimeoutBounds;
  /** Conclusive silences before a port of an ICMP-sending host is open|filtered (packet loss: 2). */
  readonly quietTries: number;
  /** Local addresses to send from, one ICMP bucket each at every target; none: the kernel's choice. */
  readonly sources?: UdpSources;
  /** The targets' per-peer ICMP limit as assumed until proven otherwise (default Linux's). */
  readonly icmpModel?: BucketModel;
  /** Datagrams for a port; attempt n sends payloads[n % length]. */
  readonly payloads: (port: number) => readonly Buffer[];
}

const TICK_MS = 10;
/** However the buckets behave, a port is given up (open|filtered) after this many datagrams beyond its tries. */
const MAX_EXTRA_ATTEMPTS = 8;
const UNREACH: Readonly<Record<string, StateReason>> = { EHOSTUNREACH: 'host-unreach', ENETUNREACH: 'net-unreach', EACCES: 'admin-prohibited', EPERM: 'admin-prohibited' };
const MAX_REPLY = 65536;

interface Probe {
  host: HostRun; lane: Lane; port: number; attempt: number; payload: Buffer; sock: dgram.Socket; timeoutMs: number;
  sentAt: number; deadline: number; sent: boolean; conclusive: boolean; done: boolean;
  /** Sent before the host's first answer: its wait is the initial guess, shortened once an RTT is measured. */
  provisional: boolean;
  /** The canary sent right behind this datagram (a final confirmation), and what it proved. */
  canary?: Probe;
  canaryProved?: boolean;
  /** This datagram met silence and waits for its canary's verdict. */
  awaitingCanary?: boolean;
  /** Set on a canary: the confirmation it stands behind, and whether it is held until that one has left. */
  canaryOf?: Probe;
  held?: boolean;
}

export class UdpScanEngine {
  private readonly hosts: HostRun[] = [];
  private readonly inFlight = new Set<Probe>();
  private readonly rate: RateLimiter;
  private readonly globalRtt = new RttEstimator();
  private readonly model: BucketModel;
  private readonly stats: UdpEngineStats = { sent: 0, conclusive: 0, confirmations: 0, canaries: 0, refusals: 0 };
  private timer: NodeJS.Timeout | null = null;
  private aborted = false;
  private pumpQueued = false;
  private settled = 0;

  constructor(private readonly opts: UdpScanOptions) {
    this.rate = new RateLimiter(opts.ratePps);
    this.model = opts.icmpModel ?? LINUX_PER_PEER;
  }

  /** Scans every configured port of one address; resolves with one outcome per port (sorted by port). */
  scanHost(address: string, family: 4 | 6): Promise<UdpPortOutcome[]> {
    return new Promise((resolve) => {
      if (this.opts.ports.length === 0 || this.aborted) { resolve([]); return; }
      const sources = family === 6 ? this.opts.sources?.v6 ?? [] : this.opts.sources?.v4 ?? [];
      this.hosts.push(new HostRun(address, family, sources, this.model, performance.now(), resolve));
      this.schedule();
    });
  }

  /** Datagrams sent so far (progress, benchmarks). */
  get sent(): number { return this.stats.sent; }

  /** Ports whose state is settled, over every host (progress). */
  get portsDone(): number { return this.settled; }

  /** Counters: datagrams, how many left with a certain ICMP token, confirmations, port unreachables. */
  get counters(): Readonly<UdpEngineStats> { return this.stats; }

  /** Stops sending; hosts in flight resolve with what is known (unfinished ports as open|filtered). */
  abort(): void {
    this.aborted = true;
    for (const p of [...this.inFlight]) { this.finish(p, 'timeout'); }
    for (const h of [...this.hosts]) { this.complete(h, true); }
  }

  private schedule(): void {
    if (!this.timer) { this.timer = setInterval(() => this.tick(), TICK_MS); }
    if (!this.pumpQueued) { this.pumpQueued = true; setImmediate(() => { this.pumpQueued = false; this.pump(); }); }
  }

  private tick(): void {
    const now = performance.now();
    for (const p of this.inFlight) {
      if (p.provisional && p.sent && p.host.rtt.samples > 0) {
        p.provisional = false;
        p.deadline = Math.min(p.deadline, p.sentAt + this.timeoutFor(p.host, p.attempt));
      }
      if (p.deadline <= now) { this.finish(p, 'timeout'); }
    }
    this.pump();
    if (this.hosts.length === 0 && this.inFlight.size === 0 && this.timer) { clearInterval(this.timer); this.timer = null; }
  }

  /** Launches what the limits allow, round-robin over hosts: confirmations where a lane has a token, then retries, then fresh ports. */
  private pump(): void {
    if (this.aborted) { return; }
    const now = performance.now();
    let budget = Math.min(this.opts.concurrency - this.inFlight.size, this.rate.allowance(now));
    let progressed = true;
    while (budget > 0 && progressed) {
      progressed = false;
      for (const h of this.hosts) {
        if (budget <= 0) { break; }
        if (h.inFlight >= this.opts.perHostInFlight) { continue; }
        const next = this.nextFor(h, now);
        if (next === null) { continue; }
        const p = this.launch(h, next.lane, next.port, next.confirm, now);
        budget--;
        if (next.canary && h.knownClosed !== null) {
          p.canary = this.launch(h, next.lane, h.knownClosed, false, now, p);
          budget--;
        }
        progressed = true;
      }
    }
  }

  private nextFor(h: HostRun, now: number): { port: number; lane: Lane; confirm: boolean; canary?: boolean } | null {
    const head = h.confirmQ[0];
    if (head !== undefined) {
      // the confirmation that would make the port open|filtered carries a canary: a token for each
      const run = h.run(head);
      const canary = h.knownClosed !== null && run.quiet + 1 >= this.opts.quietTries;
      const lane = h.laneWithToken(now, canary ? 2 : 1);
      if (lane) { h.confirmQ.shift(); return { port: head, lane, confirm: true, canary }; }
    }
    const retry = h.retryQ[0];
    // A host's last retry leaves a full refill after its first datagram: a bucket drained by earlier traffic has a
    // token again by then, so a host is judged to send no ICMP only when it stayed silent with a token to spend.
    if (retry !== undefined && (h.run(retry).attempts < this.opts.retries || h.refusals > 0 || now >= h.firstSendAt + this.model.intervalMs)) {
      h.retryQ.shift();
      return { port: retry, lane: h.anyLane(now), confirm: false };
    }
    if (h.cursor < this.opts.ports.length) { return { port: this.opts.ports[h.cursor++] as number, lane: h.anyLane(now), confirm: false }; }
    return null;
  }

  private launch(h: HostRun, lane: Lane, port: number, confirm: boolean, now: number, canaryOf?: Probe): Probe {
    // a canary is not an attempt at its (known closed) port
    const attempt = canaryOf ? 0 : h.run(port).attempts++;
    const payloads = this.opts.payloads(port);
    const payload = payloads.length > 0 ? payloads[attempt % payloads.length] as Buffer : Buffer.alloc(0);
    const timeoutMs = this.timeoutFor(h, attempt);
    const sock = dgram.createSocket(h.family === 6 ? 'udp6' : 'udp4');
    const p: Probe = { host: h, lane, port, attempt, payload, sock, timeoutMs, sentAt: now, deadline: now + timeoutMs + 1000, sent: false, conclusive: false, done: false, provisional: h.rtt.samples === 0 };
    if (canaryOf) { p.canaryOf = canaryOf; this.stats.canaries++; }
    this.inFlight.add(p);
    h.inFlight++;
    h.launching++;
    lane.launching++;
    this.rate.taken(1);
    this.stats.sent++;
    if (confirm) { this.stats.confirmations++; }
    sock.on('message', (msg: Buffer) => this.finish(p, 'reply', msg));
    sock.on('error', (err: NodeJS.ErrnoException) => this.finish(p, err.code === 'ECONNREFUSED' ? 'refused' : 'error', undefined, err.code));
    const connect = (): void => { if (!p.done) { sock.connect(port, h.address, () => this.send(p)); } };
    if (lane.source !== undefined) { sock.bind({ address: lane.source, port: 0 }, connect); } else { connect(); }
    return p;
  }

  /** RFC 6298 timeout from the host's answers (the scan's before it has any), doubled per attempt. */
  private timeoutFor(h: HostRun, attempt: number): number {
    return Math.min(this.opts.timeouts.maxMs * 4, h.rtt.timeoutMs(this.opts.timeouts, this.globalRtt) * 2 ** Math.min(attempt, 3));
  }

  /** The datagram leaves now: the token is taken here, so tokens are taken in the order datagrams leave. */
  private send(p: Probe): void {
    if (p.done) { return; }
    // a canary leaves right behind its confirmation, never before it
    if (p.canaryOf && !p.canaryOf.sent && !p.canaryOf.done) { p.held = true; return; }
    const now = performance.now();
    const { host: h, lane } = p;
    p.sent = true;
    h.launching--;
    lane.launching--;
    if (lane.firstSendAt < 0) { lane.firstSendAt = now; }
    if (h.firstSendAt < 0) { h.firstSendAt = now; }
    const perPeer = lane.bucket.take(now);
    const global = h.global.take(now);
    p.conclusive = perPeer && global;
    if (p.conclusive) { this.stats.conclusive++; }
    p.sentAt = now;
    p.deadline = now + p.timeoutMs;
    p.sock.send(p.payload);
    if (p.canary?.held === true) { p.canary.held = false; this.send(p.canary); }
  }

  private finish(p: Probe, how: 'reply' | 'refused' | 'timeout' | 'error', reply?: Buffer, code?: string): void {
    if (p.done) { return; }
    p.done = true;
    this.inFlight.delete(p);
    try { p.sock.close(); } catch { /* closed already (error path): nothing to release */ }
    const { host: h, lane } = p;
    h.inFlight--;
    const now = performance.now();
    if (!p.sent) { h.launching--; lane.launching--; } else if (how !== 'refused') { lane.bucket.refund(now); h.global.refund(now); }
    if (p.canaryOf) { this.canaryDone(p, how === 'refused', now); return; }
    if (p.canary && !p.sent && !p.canary.done) { this.finish(p.canary, 'error', undefined, 'ECANCELED'); }
    const run = h.run(p.port);
    const base = { port: p.port, sent: p.payload, attempts: run.attempts };
    if (how === 'reply' || how === 'refused') {
      const rttMs = now - p.sentAt;
      h.rtt.sample(rttMs);
      this.globalRtt.sample(rttMs);
      const rttUs = Math.round(rttMs * 1000);
      if (how === 'reply') {
        h.results.set(p.port, { ...base, state: 'open', reason: 'udp-response', rttUs, reply: (reply as Buffer).subarray(0, MAX_REPLY) });
      } else {
        this.refused(h, lane, now);
        if (h.knownClosed === null) { h.knownClosed = p.port; }
        h.results.set(p.port, { ...base, state: 'closed', reason: 'port-unreach', rttUs });
      }
    } else if (how === 'error') {
      // ICMP unreachables other than port-unreachable mean a filter or no route (nmap: filtered); anything else is local
      const filtered = UNREACH[code ?? ''];
      h.results.set(p.port, filtered !== undefined ? { ...base, state: 'filtered', reason: filtered } : { ...base, state: 'unknown', reason: 'error' });
    } else if (!h.results.has(p.port)) {
      this.silent(h, p, run, base);
    }
    this.complete(h, false);
    this.schedule();
  }

  private refused(h: HostRun, lane: Lane, now: number): void {
    this.stats.refusals++;
    h.refusals++;
    lane.refusals++;
    if (!h.fast && exceedsLinuxLimit(lane.refusals, now - lane.firstSendAt)) {
      h.fast = true;
      for (const l of h.lanes) { l.bucket.remodel(UNLIMITED_PER_PEER, now); }
      h.global.remodel(UNLIMITED_GLOBAL, now);
    }
  }

  /** A canary's verdict: refused proves its confirmation's silence; anything else means that lane had no token. */
  private canaryDone(c: Probe, refused: boolean, now: number): void {
    const p = c.canaryOf as Probe;
    const h = c.host;
    if (refused) {
      this.refused(h, c.lane, now);
    } else if (c.sent) {
      c.lane.bucket.drain(now); // the model promised a token this lane did not have: trust only refills from now on
    }
    p.canaryProved = refused;
    if (p.awaitingCanary === true) {
      p.awaitingCanary = false;
      const run = h.run(p.port);
      if (!h.results.has(p.port)) { this.silent(h, p, run, { port: p.port, sent: p.payload, attempts: run.attempts }); }
    }
    this.complete(h, false);
    this.schedule();
  }

  /** Silence: an answer if it was conclusive enough times, the last proven (or the host sends no ICMP at all), else ask again. */
  private silent(h: HostRun, p: Probe, run: PortRun, base: { port: number; sent: Buffer; attempts: number }): void {
    if (p.canary && p.canaryProved === undefined && !this.aborted) { p.awaitingCanary = true; return; }
    const conclusive = p.canary ? p.canaryProved === true : p.conclusive;
    if (conclusive) { run.quiet++; }
    if (p.canaryProved === true) { run.proven = true; }
    const giveUp = this.aborted || run.attempts > this.opts.retries + this.opts.quietTries + MAX_EXTRA_ATTEMPTS;
    const answered = run.quiet >= this.opts.quietTries && (run.proven || h.knownClosed === null);
    if (!giveUp && h.refusals === 0 && run.attempts <= this.opts.retries) {
      h.retryQ.push(p.port);
    } else if (!giveUp && h.refusals > 0 && !answered) {
      h.confirmQ.push(p.port); // the host does send port unreachables: this silence is not yet an answer
    } else {
      h.results.set(p.port, { ...base, state: 'open|filtered', reason: 'no-response' });
    }
  }

  private complete(h: HostRun, force: boolean): void {
    if (!force && (h.results.size < this.opts.ports.length)) { return; }
    const i = this.hosts.indexOf(h);
    if (i < 0) { return; }
    this.hosts.splice(i, 1);
    this.settled += this.opts.ports.length;
    const out: UdpPortOutcome[] = [];
    for (const port of this.opts.ports) {
      out.push(h.results.get(port) ?? { port, state: 'open|filtered', reason: 'no-response', attempts: h.runs.get(port)?.attempts ?? 0 });
    }
    h.resolve(out);
  }
}
