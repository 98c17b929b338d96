/**
 * @module net/first-answer — many short connections to one address at once: connect, send a few bytes, keep the
 * first answer (bytes, EOF, a reset, silence within the wait, or why the connection failed). Built for asking tens of
 * thousands of ports the same question (catch-all hosts, issue 14 item 5), where the Dialer's per-connection
 * machinery (a Conn, a read loop, a timer and a promise each) costs more than the question: here a socket carries
 * its own small state, four shared handlers serve every socket, and one coarse timer sweeps the deadlines.
 *
 * Bounds: at most `maxBytes` of the first chunk kept, a connect deadline and a per-port wait, `concurrency` sockets
 * at once, paced down when connections fail (a box that drops what it cannot hold); every socket is closed on every
 * path; a connected one with a reset: the box frees its side at once instead of reading our FIN when it gets to it
 * (a loaded tarpit out of descriptors sheds the connections that follow), and no TIME_WAIT is left here. Deadlines are judged after the event loop's next poll, so a socket never times out on an answer that
 * arrived while the loop was busy opening others.
 */
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What one port did after the payload was sent. */
export type FirstAnswer =
  | { readonly kind: 'data'; readonly data: Uint8Array; readonly ms: number }
  | { readonly kind: 'silent' | 'closed' | 'reset' }
  | { readonly kind: 'connect-error'; readonly code: string };

export interface FirstAnswerOptions {
  readonly payload: Buffer;
  /** Bytes kept of the first chunk. */
  readonly maxBytes: number;
  readonly connectTimeoutMs: number;
  /** How long a connected port may stay silent after the payload; a few distinct values at most (one queue each). */
  readonly waitOf: (port: number) => number;
  /** Sockets at once (the ceiling; paced down when connections fail). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

/** Deadlines are looked at this often: a wait may overrun by up to one tick. */
const TICK_MS = 10;
/** Sockets opened per event-loop turn: a burst of thousands would hold the loop (and their answers) for a second. */
const OPEN_PER_TURN = 256;
/** Completions per pacing step, and the failed-connection share that halves the concurrency (else it grows by a quarter). */
const PACE_EVERY = 4096;
const OVERLOAD_SHARE = 0.02;
const MIN_CONCURRENCY = 32;

/** A connection that neither opened nor was refused: the box (or this host) could not take it. */
const failed = (a: FirstAnswer): boolean => a.kind === 'connect-error' && a.code !== 'ECONNREFUSED';

class AskSocket extends Socket {
  run!: Run;
  port = 0;
  started = 0;
  connectedAt = -1;
  done = false;
}

/** A FIFO with an advancing head (shift() on a large array is linear). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  push(x: T): void { this.items.push(x); }
  peek(): T | undefined { return this.items[this.head]; }
  shift(): void {
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) { this.items = this.items.slice(this.head); this.head = 0; }
  }
}

function onConnect(this: AskSocket): void { this.run.connected(this); }
function onData(this: AskSocket, chunk: Buffer): void {
  this.run.finish(this, { kind: 'data', data: Buffer.from(chunk.subarray(0, this.run.opts.maxBytes)), ms: Date.now() - this.started });
}
function onEnd(this: AskSocket): void { this.run.finish(this, { kind: 'closed' }); }
function onError(this: AskSocket, err: NodeJS.ErrnoException): void {
  // An error once connected is the peer resetting; before, it is why the connection failed (ECONNREFUSED: closed).
  this.run.finish(this, this.connectedAt >= 0 ? { kind: 'reset' } : { kind: 'connect-error', code: err.code ?? 'error' });
}

class Run {
  private next = 0;
  private active = 0;
  private limit: number;
  private completed = 0;
  private failures = 0;
  private readonly live = new Set<AskSocket>();
  private readonly connecting = new Fifo<AskSocket>();
  /** One queue per wait: sockets enter at their connect time, so each queue is in deadline order. */
  private readonly waiting = new Map<number, Fifo<AskSocket>>();
  private readonly timer: NodeJS.Timeout;
  private launchScheduled = false;
  private ended = false;
  private readonly onAbort = (): void => { this.stop(); };
  private readonly relaunch = (): void => { this.launchScheduled = false; this.launch(); };
  /** The sweep itself runs after the poll phase that follows the timer: answers already received are read first. */
  private readonly sweepAfterPoll = (): void => { setImmediate(this.sweep); };
  private readonly sweep = (): void => { this.expire(Date.now()); };

  constructor(
    private readonly address: string,
    private readonly ports: readonly number[],
    readonly opts: FirstAnswerOptions,
    private readonly onAnswer: (port: number, a: FirstAnswer) => void,
    private readonly resolve: () => void,
  ) {
    this.limit = Math.max(1, opts.concurrency);
    this.timer = setInterval(this.sweepAfterPoll, TICK_MS);
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  launch(): void {
    if (this.ended) { return; }
    let opened = 0;
    while (this.active < this.limit && this.next < this.ports.length && this.opts.signal?.aborted !== true) {
      if (opened++ === OPEN_PER_TURN) {
        if (!this.launchScheduled) { this.launchScheduled = true; setImmediate(this.relaunch); }
        return;
      }
      const s = new AskSocket();
      s.run = this;
      s.port = this.ports[this.next++]!;
      s.started = Date.now();
      s.on('connect', onConnect).on('data', onData).on('end', onEnd).on('error', onError);
      this.active++;
      this.live.add(s);
      this.connecting.push(s);
      s.connect(s.port, this.address);
    }
    if (this.active === 0 && (this.next >= this.ports.length || this.opts.signal?.aborted === true)) { this.end(); }
  }

  connected(s: AskSocket): void {
    if (s.done) { return; }
    s.connectedAt = Date.now();
    s.write(this.opts.payload);
    const wait = this.opts.waitOf(s.port);
    let q = this.waiting.get(wait);
    if (q === undefined) { q = new Fifo(); this.waiting.set(wait, q); }
    q.push(s);
  }

  finish(s: AskSocket, a: FirstAnswer): void {
    if (s.done) { return; }
    s.done = true;
    this.active--;
    this.live.delete(s);
    if (s.connectedAt >= 0) { s.resetAndDestroy(); } else { s.destroy(); }
    this.onAnswer(s.port, a);
    if (failed(a)) { this.failures++; }
    if (++this.completed % PACE_EVERY === 0) {
      this.limit = this.failures > PACE_EVERY * OVERLOAD_SHARE ? Math.max(MIN_CONCURRENCY, this.limit >> 1) : Math.min(this.opts.concurrency, Math.ceil(this.limit * 1.25));
      this.failures = 0;
    }
    this.launch();
  }

  /** Ends the connections whose deadline passed: not connected in time, or silent for their whole wait. */
  private expire(now: number): void {
    if (this.ended) { return; }
    for (let s = this.connecting.peek(); s !== undefined; s = this.connecting.peek()) {
      if (!s.done && s.connectedAt < 0 && now < s.started + this.opts.connectTimeoutMs) { break; }
      this.connecting.shift();
      if (!s.done && s.connectedAt < 0) { this.finish(s, { kind: 'connect-error', code: 'ETIMEDOUT' }); }
    }
    for (const [wait, q] of this.waiting) {
      for (let s = q.peek(); s !== undefined; s = q.peek()) {
        if (!s.done && now < s.connectedAt + wait) { break; }
        q.shift();
        if (!s.done) { this.finish(s, { kind: 'silent' }); }
      }
    }
  }

  /** Abort: every socket still open is closed and reported as nothing (the caller discards an aborted run). */
  private stop(): void {
    for (const s of this.live) { s.done = true; if (s.connectedAt >= 0) { s.resetAndDestroy(); } else { s.destroy(); } }
    this.live.clear();
    this.active = 0;
    this.end();
  }

  private end(): void {
    if (this.ended) { return; }
    this.ended = true;
    clearInterval(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.resolve();
  }
}

/** Asks every port in `ports` (in order) once; `onAnswer` gets each port's first answer as it comes. */
export function askFirstAnswers(address: string, ports: readonly number[], opts: FirstAnswerOptions, onAnswer: (port: number, a: FirstAnswer) => void): Promise<void> {
  return new Promise<void>((resolve) => { new Run(address, ports, opts, onAnswer, resolve).launch(); });
}

/** What a thread of a split ask is given (net/first-answer-worker.ts). */
export interface ShareInput {
  address: string;
  ports: number[];
  /** Each port's wait, aligned with `ports`. */
  waits: number[];
  payload: Uint8Array;
  maxBytes: number;
  connectTimeoutMs: number;
  concurrency: number;
}

export type ShareMessage = { t: 'answers'; answers: [number, FirstAnswer][] } | { t: 'done' };

/** The thread script of a split ask (a bundle entry of its own: scripts/bundle-cli.mjs). */
const SHARE_WORKER = new URL('./first-answer-worker.js', import.meta.url);
/** Below this many ports a second thread costs more (its start-up, ~50–100 ms) than it saves. */
export const SPLIT_MIN_PORTS = 8192;

/**
 * `askFirstAnswers` over `threads` threads: this one asks every N-th port, each worker thread the others, at
 * `concurrency / threads` sockets each. The kernel's work per connection (connect, write, reset) runs in the thread
 * that makes it, so on two cores two threads roughly halve a pass over tens of thousands of ports. Falls back to one
 * thread below SPLIT_MIN_PORTS or where the thread script is not built (tests that run the TypeScript sources).
 * A thread that fails rejects the ask (the caller records the error); an abort reaches every thread.
 */
export async function askFirstAnswersSplit(address: string, ports: readonly number[], opts: FirstAnswerOptions, threads: number, onAnswer: (port: number, a: FirstAnswer) => void, split: { readonly workerUrl?: URL; readonly minPorts?: number } = {}): Promise<void> {
  const n = Math.max(1, Math.floor(threads));
  const workerUrl = split.workerUrl ?? SHARE_WORKER;
  if (n === 1 || ports.length < (split.minPorts ?? SPLIT_MIN_PORTS) || workerUrl.protocol !== 'file:' || !workerUrl.pathname.endsWith('.js') || !existsSync(fileURLToPath(workerUrl))) {
    return askFirstAnswers(address, ports, opts, onAnswer);
  }
  const share = (i: number): number[] => ports.filter((_, k) => k % n === i);
  const concurrency = Math.max(MIN_CONCURRENCY, Math.floor(opts.concurrency / n));
  const workers: Worker[] = [];
  const onAbort = (): void => { for (const w of workers) { w.postMessage({ t: 'abort' }); } };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const runs = Array.from({ length: n - 1 }, (_, j) => new Promise<void>((resolve, reject) => {
      const mine = share(j + 1);
      const input: ShareInput = { address, ports: mine, waits: mine.map((p) => opts.waitOf(p)), payload: new Uint8Array(opts.payload), maxBytes: opts.maxBytes, connectTimeoutMs: opts.connectTimeoutMs, concurrency };
      const w = new Worker(workerUrl, { workerData: input });
      workers.push(w);
      let finished = false;
      w.on('message', (m: ShareMessage) => {
        if (m.t === 'answers') { for (const [p, a] of m.answers) { onAnswer(p, a); } } else { finished = true; }
      });
      w.once('error', reject);
      w.once('exit', (code) => { if (finished || opts.signal?.aborted === true) { resolve(); } else { reject(new Error(`first-answer thread exited with code ${code} before its ports were asked`)); } });
    }));
    if (opts.signal?.aborted === true) { onAbort(); }
    const failed = new AbortController();
    const here = askFirstAnswers(address, share(0), { ...opts, concurrency, signal: opts.signal ? AbortSignal.any([opts.signal, failed.signal]) : failed.signal }, onAnswer);
    const all = Promise.all([here, ...runs]);
    // One thread failing ends the others (and this thread's share) at once; its error is the ask's.
    all.catch(() => { failed.abort(); for (const w of workers) { void w.terminate(); } });
    await all;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
