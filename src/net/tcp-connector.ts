/**
 * @module net/tcp-connector — the thinnest possible unprivileged TCP connect: one socket per probe,
 * no stream machinery. Three implementations, fastest first:
 * - `native`: our Node-API addon (net/native/connect.c, built into dist/native/ by `npm run build`): socket() +
 *   connect() on a non-blocking socket, answers read per epoll wake-up and handed to JS in one call per batch.
 *   Per probe it costs little beyond the kernel's own ~21 µs (README § Performance).
 * - `tcp_wrap`: libuv's TCP handle directly (Node's internal binding), about half the cost of `net.connect`.
 * - `net`: `net.Socket`, where neither is available.
 * Outcomes are reported through one shared callback with the caller's slot number, so no closure is allocated
 * per probe. `GATEHOUSE_CONNECTOR=native|tcp_wrap|net` picks one (tests, benchmarks).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import { getSystemErrorName } from 'node:util';

/** libuv reports errors as negated errno values; the refusal is by far the most common answer. */
const UV_ECONNREFUSED = -osConstants.errno.ECONNREFUSED;

/** What one connect attempt ended in. */
export enum Outcome {
  Open = 0,          // handshake completed with someone else
  Refused = 1,       // RST
  HostUnreach = 2,   // ICMP host unreachable / no route
  NetUnreach = 3,
  SelfConnect = 4,   // the kernel connected the socket to itself: nobody listens
  Resource = 5,      // EMFILE/ENFILE/EADDRNOTAVAIL/ENOBUFS: back off and try again, not an answer
  Error = 6,         // anything else (reported with its errno name)
}

export type OutcomeHandler = (slot: number, gen: number, outcome: Outcome, errno: string) => void;

export interface TcpConnector {
  /**
   * Starts a connect; the outcome arrives through the handler unless cancelled first. `reset`: if it connects, close
   * it with a reset instead of a FIN (native connector only; the engine asks for it on hosts with 1,000+ open ports).
   */
  connect(slot: number, gen: number, address: string, family: 4 | 6, port: number, reset?: boolean): void;
  /** Abandons the attempt in `slot` (timeout or abort); no outcome is delivered for it. */
  cancel(slot: number): void;
  /** Releases what the connector holds (sockets still open are closed; no outcome comes after). */
  close(): void;
  readonly kind: ConnectorKind;
}

export type ConnectorKind = 'native' | 'tcp_wrap' | 'net';

export function classifyErrno(name: string): Outcome {
  switch (name) {
    case 'ECONNREFUSED': return Outcome.Refused;
    // A RST in SYN-SENT is ECONNREFUSED; ECONNRESET means the handshake had completed (a listener's backlog took it)
    // and the peer reset afterwards — e.g. a service that accepts and drops at once. That port is open.
    case 'ECONNRESET': return Outcome.Open;
    case 'EHOSTUNREACH': case 'EHOSTDOWN': return Outcome.HostUnreach;
    case 'ENETUNREACH': case 'ENETDOWN': return Outcome.NetUnreach;
    case 'EMFILE': case 'ENFILE': case 'EADDRNOTAVAIL': case 'ENOBUFS': case 'EAGAIN': case 'ENOMEM':
      return Outcome.Resource;
    default: return Outcome.Error;
  }
}

interface SockName { address?: string; port?: number }
interface RawTcpHandle {
  connect(req: RawConnectReq, address: string, port: number): number;
  connect6(req: RawConnectReq, address: string, port: number): number;
  getsockname(out: SockName): number;
  close(): void;
}
interface RawConnectReq {
  oncomplete: (status: number, handle: RawTcpHandle, req: RawConnectReq) => void;
  slot: number; gen: number; address: string; port: number;
}
interface TcpWrapBinding {
  TCP: new (type: number) => RawTcpHandle;
  TCPConnectWrap: new () => RawConnectReq;
  constants: { SOCKET: number };
}

function loadTcpWrap(): TcpWrapBinding | null {
  try {
    const proc = process as unknown as { binding?: (name: string) => unknown };
    const b = proc.binding?.('tcp_wrap') as TcpWrapBinding | undefined;
    return b && typeof b.TCP === 'function' && typeof b.TCPConnectWrap === 'function' ? b : null;
  } catch {
    return null; // the binding is internal; its absence selects the net.Socket path
  }
}

class TcpWrapConnector implements TcpConnector {
  readonly kind = 'tcp_wrap' as const;
  private readonly handles: (RawTcpHandle | null)[] = [];
  private readonly name: SockName = {};
  private readonly oncomplete: RawConnectReq['oncomplete'];

  constructor(private readonly b: TcpWrapBinding, private readonly onOutcome: OutcomeHandler) {
    this.oncomplete = (status, handle, req) => this.complete(status, handle, req);
  }

  connect(slot: number, gen: number, address: string, family: 4 | 6, port: number): void {
    const h = new this.b.TCP(this.b.constants.SOCKET);
    const req = new this.b.TCPConnectWrap();
    req.oncomplete = this.oncomplete;
    req.slot = slot; req.gen = gen; req.address = address; req.port = port;
    const err = family === 6 ? h.connect6(req, address, port) : h.connect(req, address, port);
    if (err !== 0) {
      h.close();
      const name = getSystemErrorName(err);
      this.onOutcome(slot, gen, classifyErrno(name), name);
      return;
    }
    this.handles[slot] = h;
  }

  cancel(slot: number): void {
    const h = this.handles[slot];
    if (h) { this.handles[slot] = null; h.close(); }
  }

  close(): void {
    for (let s = 0; s < this.handles.length; s++) { this.cancel(s); }
  }

  private complete(status: number, handle: RawTcpHandle, req: RawConnectReq): void {
    if (this.handles[req.slot] !== handle) { return; } // cancelled (close delivers ECANCELED): ignore
    this.handles[req.slot] = null;
    let outcome: Outcome; let errno = '';
    if (status === 0) {
      // A loopback connect can land on itself when the kernel picks the target port as the ephemeral
      // source port and nothing listens there; that is a closed port, not an open one.
      handle.getsockname(this.name);
      outcome = this.name.port === req.port && this.name.address === req.address ? Outcome.SelfConnect : Outcome.Open;
    } else if (status === UV_ECONNREFUSED) {
      outcome = Outcome.Refused;
    } else {
      errno = getSystemErrorName(status);
      outcome = classifyErrno(errno);
    }
    handle.close();
    this.onOutcome(req.slot, req.gen, outcome, errno);
  }
}

class NetConnector implements TcpConnector {
  readonly kind = 'net' as const;
  private readonly sockets: (net.Socket | null)[] = [];
  constructor(private readonly onOutcome: OutcomeHandler) {}

  connect(slot: number, gen: number, address: string, family: 4 | 6, port: number): void {
    const s = net.connect({ host: address, port, family, noDelay: true });
    this.sockets[slot] = s;
    const done = (outcome: Outcome, errno: string): void => {
      if (this.sockets[slot] !== s) { return; }
      this.sockets[slot] = null;
      s.destroy();
      this.onOutcome(slot, gen, outcome, errno);
    };
    s.once('connect', () => {
      const self = s.localPort === port && s.localAddress === address;
      done(self ? Outcome.SelfConnect : Outcome.Open, '');
    });
    s.once('error', (e: NodeJS.ErrnoException) => done(classifyErrno(e.code ?? ''), e.code ?? 'EUNKNOWN'));
  }

  cancel(slot: number): void {
    const s = this.sockets[slot];
    if (s) { this.sockets[slot] = null; s.destroy(); }
  }

  close(): void {
    for (let s = 0; s < this.sockets.length; s++) { this.cancel(s); }
  }
}

interface NativeBinding {
  create(onBatch: (n: number) => void, results: Int32Array): object;
  connect(ctx: object, slot: number, gen: number, address: string, family: number, port: number, reset: boolean): number;
  cancel(ctx: object, slot: number): void;
  destroy(ctx: object): void;
}

/** Where `npm run build` puts the addon, seen from dist/net/, dist/bundle/ and src/net/. */
const NATIVE_PATHS = ['../native/gatehouse-connect.node', '../../dist/native/gatehouse-connect.node'];
let nativeBinding: NativeBinding | null | undefined;

/** The addon, or null (not built, not Linux, failed to load: the reason is in `nativeUnavailable`). */
export function loadNative(): NativeBinding | null {
  if (nativeBinding !== undefined) { return nativeBinding; }
  nativeBinding = null;
  const file = NATIVE_PATHS.map((p) => new URL(p, import.meta.url)).find((u) => u.protocol === 'file:' && existsSync(u));
  if (file === undefined) { nativeUnavailable = 'dist/native/gatehouse-connect.node not built (npm run build)'; return null; }
  try {
    const b = createRequire(import.meta.url)(file.pathname) as Partial<NativeBinding>;
    if (typeof b.create === 'function' && typeof b.connect === 'function' && typeof b.cancel === 'function' && typeof b.destroy === 'function') {
      nativeBinding = b as NativeBinding;
    } else {
      nativeUnavailable = `${file.pathname}: not the batch connector`;
    }
  } catch (err) {
    nativeUnavailable = `${file.pathname}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  return nativeBinding;
}
export let nativeUnavailable = '';

/** Answers per batch the addon hands over (its BATCH), three numbers each: slot, gen, status. */
const NATIVE_BATCH = 1024;

class NativeConnector implements TcpConnector {
  readonly kind = 'native' as const;
  private readonly ctx: object;
  private readonly results = new Int32Array(3 * NATIVE_BATCH);
  /** Answers the kernel gave at once (a refusal on loopback, mostly): delivered after the caller's turn. */
  private readonly immediate: number[] = [];
  private flushScheduled = false;
  private readonly flush = (): void => this.deliverImmediate();

  constructor(private readonly b: NativeBinding, private readonly onOutcome: OutcomeHandler) {
    this.ctx = b.create((n) => this.onBatch(n), this.results);
  }

  connect(slot: number, gen: number, address: string, family: 4 | 6, port: number, reset = false): void {
    const r = this.b.connect(this.ctx, slot, gen, address, family, port, reset);
    if (r === 0) { return; }
    // Delivered like any other answer, after this turn: the caller stamps the probe's start after connect().
    this.immediate.push(slot, gen, r);
    if (!this.flushScheduled) { this.flushScheduled = true; setImmediate(this.flush); }
  }

  cancel(slot: number): void {
    this.b.cancel(this.ctx, slot);
    // An answer already queued for this slot is dropped by the caller's generation check (the slot's gen moves on).
  }

  close(): void {
    this.immediate.length = 0;
    this.b.destroy(this.ctx);
  }

  private deliverImmediate(): void {
    this.flushScheduled = false;
    const list = this.immediate.splice(0);
    for (let i = 0; i < list.length; i += 3) { this.deliver(list[i] as number, list[i + 1] as number, list[i + 2] as number); }
  }

  private onBatch(n: number): void {
    const r = this.results;
    for (let i = 0; i < n; i++) { this.deliver(r[3 * i] as number, r[3 * i + 1] as number, r[3 * i + 2] as number); }
  }

  private deliver(slot: number, gen: number, status: number): void {
    if (status === 1) { this.onOutcome(slot, gen >>> 0, Outcome.Open, ''); return; }
    if (status === 2) { this.onOutcome(slot, gen >>> 0, Outcome.SelfConnect, ''); return; }
    if (status === UV_ECONNREFUSED) { this.onOutcome(slot, gen >>> 0, Outcome.Refused, ''); return; }
    const name = getSystemErrorName(status);
    this.onOutcome(slot, gen >>> 0, classifyErrno(name), name);
  }
}

/** Picks the fastest available connector; `GATEHOUSE_CONNECTOR=native|tcp_wrap|net` forces one. */
export function createTcpConnector(onOutcome: OutcomeHandler, prefer?: ConnectorKind): TcpConnector {
  const env = process.env.GATEHOUSE_CONNECTOR;
  const want: ConnectorKind = prefer ?? (env === 'net' || env === 'tcp_wrap' ? env : 'native');
  if (want === 'native') {
    const n = loadNative();
    if (n !== null) { return new NativeConnector(n, onOutcome); }
  }
  const b = want !== 'net' ? loadTcpWrap() : null;
  return b ? new TcpWrapConnector(b, onOutcome) : new NetConnector(onOutcome);
}
