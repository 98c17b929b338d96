/**
 * @module engine/udp-scan — the UDP port-state engine. One connected UDP socket per probe (so an ICMP port
 * unreachable comes back as ECONNREFUSED on exactly that socket), a bounded number in flight, a global send rate,
 * one shared timer. States: a reply → open ('udp-response'); ICMP port unreachable → closed ('port-unreach');
 * silence after every retry → open|filtered ('no-response').
 *
 * ICMP rate limiting (docs/udp.md): Linux answers at most ~6 closed ports in a burst and then one per second per
 * scanner address (net.ipv4.icmp_ratelimit), so silence from a host that does send port-unreachables may only mean
 * its token bucket is empty. Such ports are re-probed *paced*: one probe per `icmpIntervalMs` per host, so every
 * paced probe finds a token and silence becomes conclusive. A host that returned more than Linux's burst of 6 in
 * one go has no per-peer limit and is paced fast (50/s), falling back to the slow pace if a paced probe goes
 * unanswered. Hosts that never send ICMP get plain retries with back-off.
 */
import dgram from 'node:dgram';
import type { PortState, StateReason } from '../core/types.js';
import { RateLimiter } from './rate.js';
import { RttEstimator, type TimeoutBounds } from './rtt.js';

export interface UdpScanOptions {
  readonly ports: readonly number[];
  readonly concurrency: number;            // sockets in flight, all hosts
  readonly perHostInFlight: number;
  readonly ratePps: number;                // 0: uncapped
  readonly retries: number;                // extra attempts for silent ports
  readonly timeouts: TimeoutBounds;
  readonly icmpIntervalMs: number;         // paced re-probes: one per host per this many ms
  readonly pacedTries: number;             // paced attempts per silent port on ICMP-limited hosts
  /** Datagrams for a port; attempt n sends payloads[n % length]. */
  readonly payloads: (port: number) => readonly Buffer[];
}

export interface UdpPortOutcome {
  port: number;
  state: PortState;
  reason: StateReason;
  rttUs?: number;
  reply?: Buffer;
  sent?: Buffer;
  attempts: number;
}

const TICK_MS = 10;
/** Linux's per-peer ICMP burst (XRLIM_BURST_FACTOR): a host that exceeds it in one burst is paced fast. */
const LINUX_ICMP_BURST = 6;
/** Paced gap for hosts without a per-peer limit: 50/s stays under common global limits (Linux 1000/s, BSD 200/s). */
const FAST_PACE_MS = 20;
const UNREACH: Readonly<Record<string, StateReason>> = { EHOSTUNREACH: 'host-unreach', ENETUNREACH: 'net-unreach', EACCES: 'admin-prohibited', EPERM: 'admin-prohibited' };
const MAX_REPLY = 65536;

class HostRun {
  readonly rtt = new RttEstimator();
  readonly results = new Map<number, UdpPortOutcome>();
  readonly retryQ: { port: number; attempt: number }[] = [];
  readonly pacedQ: { port: number; tries: number }[] = [];
  cursor = 0;
  inFlight = 0;
  refusals = 0;
  /** More port-unreachables than Linux's per-peer burst (6) came back unpaced: this host's ICMP is not limited to 1/s. */
  fastIcmp = false;
  nextPacedAt = 0;
  lastSendAt = 0;
  constructor(readonly address: string, readonly family: 4 | 6, readonly resolve: (r: UdpPortOutcome[]) => void) {}
}

interface Probe { host: HostRun; port: number; attempt: number; paced: number; sentAt: number; deadline: number; sock: dgram.Socket; payload: Buffer; done: boolean }

export class UdpScanEngine {
  private readonly hosts: HostRun[] = [];
  private readonly inFlight = new Set<Probe>();
  private readonly rate: RateLimiter;
  private readonly globalRtt = new RttEstimator();
  private timer: NodeJS.Timeout | null = null;
  private aborted = false;
  private sentCount = 0;
  private pumpQueued = false;

  /** The paced gap: the interval plus two timer ticks, measured from the moment the previous datagram left. */
  private readonly pace: number;

  constructor(private readonly opts: UdpScanOptions) {
    this.rate = new RateLimiter(opts.ratePps);
    this.pace = opts.icmpIntervalMs + 2 * TICK_MS;
  }

  /** Scans every configured port of one address; resolves with one outcome per port (sorted by port). */
  scanHost(address: string, family: 4 | 6): Promise<UdpPortOutcome[]> {
    return new Promise((resolve) => {
      const h = new HostRun(address, family, resolve);
      if (this.opts.ports.length === 0 || this.aborted) { resolve([]); return; }
      this.hosts.push(h);
      this.schedule();
    });
  }

  /** Datagrams sent so far (progress, benchmarks). */
  get sent(): number { return this.sentCount; }

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
    for (const p of this.inFlight) { if (p.deadline <= now) { this.finish(p, 'timeout'); } }
    this.pump();
    if (this.hosts.length === 0 && this.inFlight.size === 0 && this.timer) { clearInterval(this.timer); this.timer = null; }
  }

  /** Launches what the limits allow: fresh ports and retries round-robin over hosts, paced re-probes on their clock. */
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
        const retry = h.retryQ.shift();
        if (retry) { this.launch(h, retry.port, retry.attempt, 0, now); budget--; progressed = true; continue; }
        if (h.cursor < this.opts.ports.length) { this.launch(h, this.opts.ports[h.cursor++] as number, 0, 0, now); budget--; progressed = true; continue; }
        if (h.pacedQ.length > 0 && now >= h.nextPacedAt) {
          const item = h.pacedQ.shift() as { port: number; tries: number };
          h.nextPacedAt = now + this.paceOf(h);
          this.launch(h, item.port, this.opts.retries + item.tries, item.tries + 1, now);
          budget--;
        }
      }
    }
  }

  private paceOf(h: HostRun): number { return h.fastIcmp ? FAST_PACE_MS : this.pace; }

  private launch(h: HostRun, port: number, attempt: number, paced: number, now: number): void {
    const payloads = this.opts.payloads(port);
    const payload = payloads.length > 0 ? payloads[attempt % payloads.length] as Buffer : Buffer.alloc(0);
    const timeout = Math.min(this.opts.timeouts.maxMs * 4, h.rtt.timeoutMs(this.opts.timeouts, this.globalRtt) * 2 ** Math.min(attempt, 3));
    const sock = dgram.createSocket(h.family === 6 ? 'udp6' : 'udp4');
    const p: Probe = { host: h, port, attempt, paced, sentAt: now, deadline: now + timeout, sock, payload, done: false };
    this.inFlight.add(p);
    h.inFlight++;
    h.lastSendAt = now;
    this.rate.taken(1);
    this.sentCount++;
    sock.on('message', (msg: Buffer) => this.finish(p, 'reply', msg));
    sock.on('error', (err: NodeJS.ErrnoException) => this.finish(p, err.code === 'ECONNREFUSED' ? 'refused' : 'error', undefined, err.code));
    sock.connect(port, h.address, () => {
      if (p.done) { return; }
      p.sentAt = performance.now();
      p.deadline = p.sentAt + timeout;
      // The datagram leaves now, not at launch (socket set-up can take tens of ms in a burst): pace from here.
      if (p.sentAt > h.lastSendAt) { h.lastSendAt = p.sentAt; }
      if (paced > 0 && h.nextPacedAt < p.sentAt + this.paceOf(h)) { h.nextPacedAt = p.sentAt + this.paceOf(h); }
      sock.send(payload);
    });
  }

  private finish(p: Probe, how: 'reply' | 'refused' | 'timeout' | 'error', reply?: Buffer, code?: string): void {
    if (p.done) { return; }
    p.done = true;
    this.inFlight.delete(p);
    try { p.sock.close(); } catch { /* closed already (error path): nothing to release */ }
    const h = p.host;
    h.inFlight--;
    const now = performance.now();
    const base = { port: p.port, sent: p.payload, attempts: p.attempt + 1 };
    if (how === 'reply' || how === 'refused') {
      const rttMs = now - p.sentAt;
      h.rtt.sample(rttMs);
      this.globalRtt.sample(rttMs);
      const rttUs = Math.round(rttMs * 1000);
      if (how === 'reply') {
        h.results.set(p.port, { ...base, state: 'open', reason: 'udp-response', rttUs, reply: (reply as Buffer).subarray(0, MAX_REPLY) });
      } else {
        h.refusals++;
        if (p.paced === 0 && h.refusals > LINUX_ICMP_BURST) { h.fastIcmp = true; }
        h.results.set(p.port, { ...base, state: 'closed', reason: 'port-unreach', rttUs });
      }
    } else if (how === 'error') {
      // ICMP unreachables other than port-unreachable mean a filter or no route (nmap: filtered); anything else is local
      const filtered = UNREACH[code ?? ''];
      h.results.set(p.port, filtered !== undefined ? { ...base, state: 'filtered', reason: filtered } : { ...base, state: 'unknown', reason: 'error' });
    } else if (!this.aborted && p.paced > 0 && p.paced < this.opts.pacedTries) {
      h.fastIcmp = false; // a paced probe met silence: fall back to the conservative pace for this host
      h.pacedQ.push({ port: p.port, tries: p.paced }); // silence once, paced: once more (loss, or a bucket slower than assumed)
    } else if (!this.aborted && p.paced === 0 && h.refusals > 0 && this.opts.pacedTries > 0) {
      if (h.pacedQ.length === 0 && h.nextPacedAt < h.lastSendAt + this.paceOf(h)) { h.nextPacedAt = h.lastSendAt + this.paceOf(h); }
      h.pacedQ.push({ port: p.port, tries: 0 });  // the host rate-limits ICMP: silence is not yet an answer
    } else if (!this.aborted && p.paced === 0 && p.attempt < this.opts.retries) {
      h.retryQ.push({ port: p.port, attempt: p.attempt + 1 });
    } else {
      h.results.set(p.port, { ...base, state: 'open|filtered', reason: 'no-response' });
    }
    this.complete(h, false);
    this.schedule();
  }

  private complete(h: HostRun, force: boolean): void {
    if (!force && (h.results.size < this.opts.ports.length)) { return; }
    const i = this.hosts.indexOf(h);
    if (i < 0) { return; }
    this.hosts.splice(i, 1);
    const out: UdpPortOutcome[] = [];
    for (const port of this.opts.ports) {
      out.push(h.results.get(port) ?? { port, state: 'open|filtered', reason: 'no-response', attempts: 0 });
    }
    h.resolve(out);
  }
}
