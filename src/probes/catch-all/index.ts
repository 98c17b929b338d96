/**
 * @module probes/catch-all — hosts where every port answers (SYN proxies, tarpits, forward-everything boxes; issue
 * 14 item 5). After a host's port scan, a candidate (most scanned ports open) has a spread sample of its open ports
 * asked `GET / HTTP/1.0` and their first answers compared; when most agree, every open port is asked the same with
 * a short wait, the ports that answer alike are collapsed into one host-level fact (`HostResult.catchAll`, one
 * representative port kept for service detection and the grade), and only the ports that behave differently stay.
 * Sent: the 18 bytes `GET / HTTP/1.0\r\n\r\n` per open port, one connection each; at most 256 bytes read.
 * The sample goes through the Dialer (its exchanges are the fact's evidence); the classification of every other
 * port through net/first-answer (tens of thousands of connections: no per-connection Conn, timer or promise).
 */
import { setMaxListeners } from 'node:events';
import type { Exchange, HostResult } from '../../core/types.js';
import { tcpDialer, type Dialer } from '../../net/dialer.js';
import { availableParallelism } from 'node:os';
import { askFirstAnswersSplit } from '../../net/first-answer.js';
import { topPorts } from '../../knowledge/top-ports.js';
import { alike, collapse, dominantAlike, isCandidate, isDataless, MIN_AGREEMENT, SAMPLE_SIZE, signature, spreadSample, type Observation } from './behaviour.js';

export const PROBE = 'GET / HTTP/1.0\r\n\r\n';
/** Connections at once when ports that differed are asked again. */
export const RETRY_CONCURRENCY = 256;
/** Rounds in which ports that could not be reconnected are asked again. */
export const RECONNECT_ROUNDS = 3;
/** Ports per batch of the paced classification, and the connect-failure share that halves the concurrency. */
const BATCH = 4096;
/** Connections at once classifying a silent catch-all (paced down when the host drops them). */
export const SILENT_CONCURRENCY = 4096;
const OVERLOAD_SHARE = 0.02;

/** How a classification pass asks: each port's wait, the connect deadline, connections at once. */
export interface AskPlan {
  readonly waitOf: (port: number) => number;
  readonly connectTimeoutMs: number;
  /** The ceiling: paced down when connections fail. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

/** Asks `ports` the probe as `plan` says and reports each port's signature as it comes. */
export type Asker = (address: string, ports: readonly number[], plan: AskPlan, onSig: (port: number, sig: string) => void) => Promise<void>;

export interface CatchAllOptions {
  /** Connections at once (the classification of every open port). */
  readonly concurrency: number;
  /** The most sockets the scan may hold (its fd budget, --max-concurrency): caps a silent catch-all's classification. */
  readonly maxConcurrency?: number;
  /** TCP ports the scan asked about (the denominator of the open share). */
  readonly scannedTcp: number;
  /** Dials the sample (and, without `asker`, the classification too). */
  readonly dialer?: Dialer;
  /** Asks the classified ports (default: net/first-answer; with a `dialer` given, that dialer). */
  readonly asker?: Asker;
  readonly signal?: AbortSignal;
  /** How long a sampled port may take to answer (default 1500 ms). */
  readonly sampleWaitMs?: number;
}

/** Connects, sends the probe, reads the first bytes (or the close) within `waitMs`. */
export async function observe(dialer: Dialer, address: string, port: number, waitMs: number, signal?: AbortSignal): Promise<{ obs: Observation; exchanges: Exchange[]; connectMs?: number }> {
  const t0 = Date.now();
  let conn;
  try {
    conn = await dialer.tcp(address, port, { timeoutMs: Math.max(1000, 2 * waitMs), maxTotalBytes: 4096, ...(signal ? { signal } : {}) });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    return { obs: { kind: 'connect-error', code: typeof cause?.code === 'string' ? cause.code : 'error' }, exchanges: [] };
  }
  const connectMs = Date.now() - t0;
  try {
    const r = await conn.exchange(PROBE, { timeoutMs: waitMs, maxBytes: 256, until: (d) => d.length > 0 });
    const obs: Observation = r.data.length > 0 ? { kind: 'data', data: r.data, ms: Date.now() - t0 }
      : r.end === 'error' ? { kind: 'reset' } : r.end === 'eof' ? { kind: 'closed' } : { kind: 'silent' };
    return { obs, exchanges: conn.exchanges, connectMs };
  } finally {
    conn.close();
  }
}

/** A connection that neither opened nor was refused (timeout, unreachable, …): says nothing about the port. */
const inconclusive = (sig: string): boolean => sig.startsWith('connect-error') && sig !== 'connect-error:ECONNREFUSED';

const isAborted = (s: AbortSignal | undefined): boolean => s?.aborted === true;

/** Runs `fn` over `items` with at most `n` at once. */
async function pool<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => { while (next < items.length) { const x = items[next++]!; await fn(x); } };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * A sliding pool paced to what the host absorbs: after every BATCH completions, more than 2 % failed connections
 * halve the concurrency (down to 32), a clean stretch raises it again by a quarter (up to `max`). No barrier between
 * stretches: a slow connection holds its own slot only. `fn` returns false for a failed connection.
 */
export function paced<T>(items: readonly T[], max: number, fn: (x: T) => Promise<boolean>): Promise<void> {
  let n = max;
  let next = 0;
  let active = 0;
  let done = 0;
  let failed = 0;
  return new Promise((resolve, reject) => {
    const launch = (): void => {
      while (active < n && next < items.length) {
        const x = items[next++]!;
        active++;
        fn(x).then((ok) => {
          active--;
          if (!ok) { failed++; }
          if (++done % BATCH === 0) {
            n = failed > BATCH * OVERLOAD_SHARE ? Math.max(32, n >> 1) : Math.min(max, Math.ceil(n * 1.25));
            failed = 0;
          }
          if (next >= items.length && active === 0) { resolve(); } else { launch(); }
        }, reject);
      }
    };
    if (items.length === 0) { resolve(); } else { launch(); }
  });
}

/** The classification through a Dialer, one `observe` per port (tests' fake dialers; a few ports). */
export function dialerAsker(dialer: Dialer): Asker {
  return (address, ports, plan, onSig) => paced(ports, plan.concurrency, async (port) => {
    if (isAborted(plan.signal)) { return true; }
    const sig = signature((await observe(dialer, address, port, plan.waitOf(port), plan.signal)).obs);
    onSig(port, sig);
    return !inconclusive(sig);
  });
}

const PROBE_BYTES = Buffer.from(PROBE, 'latin1');

/** Threads for a large classification pass: its cost is the kernel's per connection, which a second core halves. */
const ASK_THREADS = Math.min(2, availableParallelism());

/** The classification through net/first-answer: one light socket per port, one shared timer; two threads when large. */
export const firstAnswerAsker: Asker = (address, ports, plan, onSig) =>
  askFirstAnswersSplit(address, ports, { payload: PROBE_BYTES, maxBytes: 256, ...plan }, ASK_THREADS, (port, a) => { onSig(port, signature(a)); });

/** The median of some times (ms), 0 for none. */
export function median(ms: readonly number[]): number {
  const r = [...ms].sort((a, b) => a - b);
  return r.length === 0 ? 0 : r[r.length >> 1]!;
}

/** The wait that tells a port from the catch-all: long enough for the catch-all's own answer, scaled by RTT. */
export function classifyWait(dominantSig: string, sampleMs: readonly number[], rttMs: number): number {
  const base = Math.min(2000, Math.max(300, Math.ceil(4 * rttMs))); // rttMs: the sample's median connect time
  if (!dominantSig.startsWith('data:')) { return base; }
  return Math.min(3000, Math.max(base, 3 * Math.max(0, ...sampleMs)));
}

/** Detects and collapses a catch-all host in place; returns whether it was one. */
export async function filterCatchAll(host: HostResult, opts: CatchAllOptions): Promise<boolean> {
  const open = host.ports.filter((p) => p.protocol === 'tcp' && p.state === 'open');
  if (host.state !== 'up' || !isCandidate(open.length, opts.scannedTcp)) { return false; }
  const dialer = opts.dialer ?? tcpDialer;
  const sample = spreadSample(open.map((p) => p.port), SAMPLE_SIZE);
  const seen = new Map<number, { sig: string; obs: Observation; exchanges: Exchange[] }>();
  const connectMs: number[] = [];
  await pool(sample, SAMPLE_SIZE, async (port) => {
    const r = await observe(dialer, host.address, port, opts.sampleWaitMs ?? 1500, opts.signal);
    seen.set(port, { sig: signature(r.obs), obs: r.obs, exchanges: r.exchanges });
    if (r.connectMs !== undefined) { connectMs.push(r.connectMs); }
  });
  // A sampled port whose connection timed out (a loaded box, a loaded scanner) is asked once more after a pause.
  const again = sample.filter((p) => inconclusive(seen.get(p)!.sig));
  if (again.length > 0 && !isAborted(opts.signal)) {
    await new Promise((r) => setTimeout(r, 500));
    await pool(again, SAMPLE_SIZE, async (port) => {
      const r = await observe(dialer, host.address, port, opts.sampleWaitMs ?? 1500, opts.signal);
      seen.set(port, { sig: signature(r.obs), obs: r.obs, exchanges: r.exchanges });
      if (r.connectMs !== undefined) { connectMs.push(r.connectMs); }
    });
  }
  // Connect errors (an overloaded box dropping SYNs) say nothing about behaviour: the rest of the sample decides.
  const answered = sample.filter((p) => !seen.get(p)!.sig.startsWith('connect-error'));
  const dom = answered.length * 3 >= sample.length * 2 ? dominantAlike(answered.map((p) => seen.get(p)!.sig)) : undefined;
  if (dom === undefined || dom.share < MIN_AGREEMENT || opts.signal?.aborted === true) { return false; }
  const waitMs = classifyWait(dom.signature, sample.flatMap((p) => { const o = seen.get(p)!.obs; return o.kind === 'data' ? [o.ms] : []; }), median(connectMs));
  const sigOf = new Map<number, string>();
  for (const [port, s] of seen) { sigOf.set(port, s.sig); }
  // A port the port scan saw as filtered on a box that accepts everything is most likely a connection the box
  // dropped under the scan's load: it is asked too, and listed as it is (filtered) only if it still does not connect.
  const dropped = host.ports.filter((p) => p.protocol === 'tcp' && p.state === 'filtered');
  const rest = open.map((p) => p.port).filter((p) => !seen.has(p)).concat(dropped.map((p) => p.port));
  const ask = opts.asker ?? (opts.dialer ? dialerAsker(opts.dialer) : firstAnswerAsker);
  const record = (port: number, sig: string): void => { sigOf.set(port, sig); };
  const dataless = isDataless(dom.signature);
  const longWaitMs = Math.max(1000, 2 * waitMs);
  // The connect deadline is twice the pass's wait (≥ 1 s): the asks after the first outlast a SYN the box dropped once.
  const plan = (ports: readonly number[], wait: (p: number) => number, passWaitMs: number, concurrency: number): Promise<void> =>
    (ports.length === 0 || isAborted(opts.signal) ? Promise.resolve()
      : ask(host.address, ports, { waitOf: wait, connectTimeoutMs: Math.max(1000, 2 * passWaitMs), concurrency, ...(opts.signal ? { signal: opts.signal } : {}) }, record));
  // A slow real service looks silent: when the catch-all is silent, the ports most often open anywhere (top 1000)
  // are given the longer wait in this first pass (asked first, so their wait overlaps everyone else's). A dataless
  // port of a dataless catch-all (silent, closed or reset: a box out of descriptors closes what it accepts) is alike:
  // only bytes or a refusal tell a port apart.
  const usual = dataless ? new Set(topPorts(1000, 'tcp')) : new Set<number>();
  const ordered = rest.filter((p) => usual.has(p)).concat(rest.filter((p) => !usual.has(p)));
  // A dataless catch-all costs each port its whole wait, and idle connections are cheap: many more at once (as many
  // as the scan may hold).
  const silentConcurrency = Math.min(opts.maxConcurrency ?? SILENT_CONCURRENCY, SILENT_CONCURRENCY);
  await plan(ordered, (p) => (usual.has(p) ? longWaitMs : waitMs), waitMs, dataless ? Math.max(opts.concurrency, silentConcurrency) : opts.concurrency);
  if (isAborted(opts.signal)) { return false; } // ports left unasked: nothing to collapse
  // A box answering thousands of connections at once drops or closes some: every port that differed is asked again,
  // fewer at once and given longer; only a port that differs twice is listed.
  const differing = rest.filter((p) => !alike(sigOf.get(p), dom.signature));
  // A dataless catch-all's re-asked ports can only stand out by bytes or a refusal, not by being dropped: no need to go easy.
  await plan(differing, () => longWaitMs, longWaitMs, dataless ? 4 * RETRY_CONCURRENCY : RETRY_CONCURRENCY);
  if (isAborted(opts.signal)) { return false; }
  // A port the port scan found open but that now refuses or drops the connection told us nothing about its
  // behaviour (a timeout: the box's connection table or accept queue overflowed; a refusal is an answer): asked again in rounds, fewer at once and
  // after a pause; one that never connects is counted with the catch-all as `unverified`, not listed as different.
  let unverified = rest.filter((p) => inconclusive(sigOf.get(p)!));
  for (let round = 0; round < RECONNECT_ROUNDS && unverified.length > 0 && !isAborted(opts.signal); round++) {
    await new Promise((r) => setTimeout(r, 250 * (round + 1)));
    await plan(unverified, () => longWaitMs, longWaitMs, Math.max(16, RETRY_CONCURRENCY >> (round + 1)));
    unverified = unverified.filter((p) => inconclusive(sigOf.get(p)!));
  }
  for (const p of dropped) { // connected now: open after all (a refusal or a timeout leaves it as the scan saw it)
    const sig = sigOf.get(p.port)!;
    if (!inconclusive(sig) && sig !== 'connect-error:ECONNREFUSED') { p.state = 'open'; p.reason = 'syn-ack'; }
  }
  const droppedSet = new Set(dropped.map((p) => p.port));
  unverified = unverified.filter((p) => !droppedSet.has(p));
  for (const p of unverified) { sigOf.set(p, dom.signature); }
  if (isAborted(opts.signal)) { return false; }
  const agreeing = sample.filter((p) => alike(seen.get(p)!.sig, dom.signature));
  const evidence = agreeing.slice(0, 3).flatMap((p) => seen.get(p)!.exchanges.map((e) => ({ ...e, note: `port ${p}${e.note ? `: ${e.note}` : ''}` })));
  collapse(host, sigOf, dom.signature, agreeing, evidence, waitMs);
  if (unverified.length > 0 && host.catchAll !== undefined) { host.catchAll.unverified = unverified.length; }
  return true;
}

/** The scan's side: hosts go through the filter one by one as they finish, then on to `next`. */
export class CatchAllFilter {
  private readonly pending = new Set<Promise<void>>();
  /** `onError`: the filter failed on a host (the host goes on unfiltered; the caller reports it). */
  constructor(private readonly opts: CatchAllOptions, private readonly onError: (h: HostResult, err: unknown) => void) {
    // Every connection of the sample (and of a Dialer-based classification) listens on the one abort signal.
    if (opts.signal) { setMaxListeners(0, opts.signal); }
  }

  add(host: HostResult, next: (h: HostResult) => void): void {
    const job = filterCatchAll(host, this.opts).then(() => next(host), (err: unknown) => { this.onError(host, err); next(host); });
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) { await Promise.all([...this.pending]); }
  }
}
