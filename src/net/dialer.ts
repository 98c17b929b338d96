/**
 * @module net/dialer — the one way probes, checks and the TLS analyser talk to a service over TCP: connect with a
 * deadline, bounded reads, and every exchange recorded as evidence. Nobody else calls `net.connect` for a probe;
 * tests pass a real server on `listen(0)` or a fake Dialer.
 *
 * Bounds: a read stops at `maxBytes` (default 64 KiB; the excess is dropped and flagged `truncated`), at its
 * deadline, at EOF, or when `until(buffer)` says the message is complete. A connection's total intake is capped
 * (`maxTotalBytes`, default 1 MiB): a service that streams endlessly is cut off, never buffered.
 */
import { connect, type Socket } from 'node:net';
import type { Exchange } from '../core/types.js';
import { escapeBytes } from '../core/escape.js';
import { GatehouseError } from '../errors/index.js';
import { ByteQueue } from './byte-queue.js';

export interface DialOptions {
  readonly signal?: AbortSignal;
  /** Connect deadline (default 3000 ms). */
  readonly timeoutMs?: number;
  readonly maxTotalBytes?: number;
}

export interface ReadOptions {
  /** Stop as soon as the bytes so far form a complete message. */
  readonly until?: (data: Buffer) => boolean;
  readonly maxBytes?: number;        // default 65536
  readonly timeoutMs?: number;       // default 3000
}

/** Why a read ended. */
export type ReadEnd = 'complete' | 'max-bytes' | 'timeout' | 'eof' | 'aborted' | 'error';

export interface ReadResult { readonly data: Buffer; readonly end: ReadEnd }

export interface Conn {
  /** Every send and read so far, escaped (bounded) — the evidence trail. */
  readonly exchanges: Exchange[];
  /** The socket, for an upgrade to TLS (STARTTLS); reads through this Conn stop once it is taken. */
  readonly socket: Socket;
  write(data: Buffer | string): void;
  read(opts?: ReadOptions): Promise<ReadResult>;
  /** write, then read, recorded as one Exchange (sent, received). */
  exchange(data: Buffer | string | null, opts?: ReadOptions): Promise<ReadResult>;
  close(): void;
  readonly closed: boolean;
}

export interface Dialer {
  tcp(address: string, port: number, opts?: DialOptions): Promise<Conn>;
}

const DEFAULT_READ_MAX = 65_536;
const DEFAULT_TIMEOUT = 3000;
const DEFAULT_TOTAL_MAX = 1 << 20;

class TcpConn implements Conn {
  readonly exchanges: Exchange[] = [];
  readonly socket: Socket;
  /** Received, not yet read: one growable buffer, so `until` sees all of it after each chunk at no copying cost. */
  private readonly queue = new ByteQueue();
  private total = 0;
  private eof = false;
  private failed = false;
  private wake: (() => void) | null = null;
  private readonly maxTotal: number;
  private readonly signal: AbortSignal | undefined;

  constructor(socket: Socket, maxTotal: number, signal: AbortSignal | undefined) {
    this.socket = socket;
    this.maxTotal = maxTotal;
    this.signal = signal;
    socket.on('data', (chunk: Buffer) => {
      this.total += chunk.length;
      if (this.total > this.maxTotal) { this.eof = true; socket.destroy(); this.wake?.(); return; }
      this.queue.push(chunk);
      this.wake?.();
    });
    socket.on('end', () => { this.eof = true; this.wake?.(); });
    socket.on('error', () => { this.failed = true; this.eof = true; this.wake?.(); });
    const onAbort = (): void => { this.close(); };
    socket.on('close', () => { this.eof = true; signal?.removeEventListener('abort', onAbort); this.wake?.(); });
    signal?.addEventListener('abort', onAbort, { once: true });
  }

  get closed(): boolean { return this.socket.destroyed; }

  write(data: Buffer | string): void {
    if (!this.socket.destroyed) { this.socket.write(data); }
  }

  async read(opts: ReadOptions = {}): Promise<ReadResult> {
    const max = opts.maxBytes ?? DEFAULT_READ_MAX;
    const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT);
    for (;;) {
      const data = this.queue.view();
      const end: ReadEnd | null = opts.until?.(data) === true ? 'complete'
        : data.length >= max ? 'max-bytes'
          : this.signal?.aborted === true ? 'aborted'
            : this.failed && data.length === 0 ? 'error'
              : this.eof ? 'eof'
                : Date.now() >= deadline ? 'timeout' : null;
      if (end !== null) {
        return { data: this.queue.take(max), end };
      }
      await new Promise<void>((resolve) => {
        // The deadline is looked at after the event loop's next poll for I/O (setImmediate runs after it): on a busy
        // loop, bytes that arrived in time but were not read yet still count, so a timeout never beats an answer.
        const t = setTimeout(() => { setImmediate(resolve); }, Math.max(1, deadline - Date.now()));
        this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
      });
    }
  }

  async exchange(data: Buffer | string | null, opts?: ReadOptions): Promise<ReadResult> {
    if (data !== null) { this.write(data); }
    const r = await this.read(opts);
    const sent = data === null ? null : escapeBytes(typeof data === 'string' ? Buffer.from(data, 'latin1') : data).text;
    const got = escapeBytes(r.data);
    const ex: Exchange = { sent, received: r.data.length > 0 ? got.text : null };
    if (got.truncated || r.end === 'max-bytes') { ex.truncated = true; }
    if (r.end !== 'complete') { ex.note = r.end === 'timeout' ? `no more bytes within ${opts?.timeoutMs ?? DEFAULT_TIMEOUT} ms` : r.end; }
    this.exchanges.push(ex);
    return r;
  }

  close(): void {
    if (!this.socket.destroyed) { this.socket.destroy(); }
  }
}

/** The real dialer. Connect errors are GatehouseError GH_ERR_CONNECT with the errno as `cause`. */
export const tcpDialer: Dialer = {
  tcp(address: string, port: number, opts: DialOptions = {}): Promise<Conn> {
    return new Promise<Conn>((resolve, reject) => {
      if (opts.signal?.aborted === true) { reject(new GatehouseError('GH_ERR_CONNECT', 'aborted')); return; }
      const socket = connect({ host: address, port, noDelay: true });
      const fail = (why: string, cause?: unknown): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(new GatehouseError('GH_ERR_CONNECT', `connect to ${address}:${port} failed: ${why}`, { cause }));
      };
      const timer = setTimeout(() => fail('timeout'), opts.timeoutMs ?? DEFAULT_TIMEOUT);
      const onAbort = (): void => fail('aborted');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'error', err));
      socket.once('connect', () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        socket.removeAllListeners('error');
        resolve(new TcpConn(socket, opts.maxTotalBytes ?? DEFAULT_TOTAL_MAX, opts.signal));
      });
    });
  },
};
