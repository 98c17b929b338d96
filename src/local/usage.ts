/**
 * @module local/usage — is a listener used? What the kernel tells through /proc, and no more:
 * - connections accepted on a listener are the sockets whose local port (and address, unless the listener is a
 *   wildcard of the same family) equals the listener's; ESTABLISHED ones are counted now, and every non-LISTEN
 *   state (SYN_RECV, TIME_WAIT, CLOSE_WAIT, …) counts as a connection seen, so connections that closed shortly
 *   before a sample still show (TIME_WAIT lasts 60 s on the side that closed first);
 * - bytes: /proc/net shows only queue fill (bytes waiting now), not bytes moved; per-process totals come from
 *   /proc/<pid>/io rchar/wchar, which count every read/write of the process (files too), so they are reported as
 *   process I/O, never as the port's traffic;
 * - UDP: unconnected sockets have no peers in /proc; a datagram is evidence only while it waits in the receive queue.
 * Sampling misses connections that open and vanish entirely between two samples.
 */
import { endianness } from 'node:os';
import { TCP_LISTEN, type ProcSocket } from './procnet.js';
import { readProcTables, type ProcTables } from './linux.js';
import { readProcessIo } from './proc.js';
import type { Listener, Usage } from './types.js';
import { UsageError } from '../errors/index.js';

const MAX_PEERS_LISTED = 20;

/** `30s`, `5m`, `1h`, `500ms`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) { throw new UsageError('GH_ERR_OPTION', `--watch: "${text}" is not a duration (e.g. 30s, 5m, 1h, 500ms)`); }
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
  if (ms < 1 || ms > 7 * 86_400_000) { throw new UsageError('GH_ERR_OPTION', `--watch: ${text} is out of range (1 ms to 7 days)`); }
  return ms;
}

interface Acc {
  tuples: Set<string>;
  peers: Set<string>;
  established: number;
  maxRx: number;
  maxTx: number;
}

/** The listener a connection socket belongs to, or undefined. */
function ownerOf(s: ProcSocket, byPort: ReadonlyMap<number, Listener[]>): Listener | undefined {
  const cands = byPort.get(s.localPort);
  if (cands === undefined) { return undefined; }
  let wildcard: Listener | undefined;
  for (const l of cands) {
    if (l.address === s.localAddress) { return l; }
    if ((l.address === '0.0.0.0' && s.family === 4) || (l.address === '::' && s.family === 6)) { wildcard = l; }
  }
  return wildcard;
}

/** Adds one sample of the tables to the accumulators. */
function sample(tables: ProcTables, listeners: readonly Listener[], acc: Map<Listener, Acc>): void {
  for (const protocol of ['tcp', 'udp'] as const) {
    const byPort = new Map<number, Listener[]>();
    for (const l of listeners) {
      if (l.protocol !== protocol) { continue; }
      const list = byPort.get(l.port);
      if (list === undefined) { byPort.set(l.port, [l]); } else { list.push(l); }
      const a = acc.get(l);
      if (a) { a.established = 0; }
    }
    for (const s of tables[protocol]) {
      const l = ownerOf(s, byPort);
      if (l === undefined) { continue; }
      const a = acc.get(l);
      if (a === undefined) { continue; }
      a.maxRx = Math.max(a.maxRx, s.rxQueue);
      a.maxTx = Math.max(a.maxTx, s.txQueue);
      const isListener = protocol === 'tcp' ? s.state === TCP_LISTEN : s.remotePort === 0;
      if (isListener) { continue; }
      a.tuples.add(`${s.remoteAddress}|${s.remotePort}|${s.localAddress}`);
      a.peers.add(s.remoteAddress);
      if (s.state === 0x01) { a.established++; }
    }
  }
}

function verdict(l: Listener, a: Acc, windowMs: number): Usage['verdict'] {
  if (a.tuples.size > 0 || (l.protocol === 'udp' && a.maxRx > 0)) { return 'used'; }
  return l.protocol === 'tcp' && windowMs > 0 ? 'idle' : 'unknown';
}

function finish(listeners: Listener[], acc: Map<Listener, Acc>, windowMs: number, samples: number): void {
  for (const l of listeners) {
    const a = acc.get(l);
    if (a === undefined) { continue; }
    l.usage = {
      established: a.established, connectionsSeen: a.tuples.size, distinctPeers: a.peers.size,
      peers: [...a.peers].slice(0, MAX_PEERS_LISTED), windowMs, samples, maxRxQueue: a.maxRx, maxTxQueue: a.maxTx,
      verdict: verdict(l, a, windowMs),
    };
  }
}

function newAcc(listeners: readonly Listener[]): Map<Listener, Acc> {
  const acc = new Map<Listener, Acc>();
  for (const l of listeners) { acc.set(l, { tuples: new Set(), peers: new Set(), established: 0, maxRx: 0, maxTx: 0 }); }
  return acc;
}

/** One snapshot from tables already read: current connections; a snapshot cannot prove a port idle. */
export function snapshotUsage(listeners: Listener[], tables: ProcTables): void {
  const acc = newAcc(listeners);
  sample(tables, listeners, acc);
  finish(listeners, acc, 0, 1);
}

export interface WatchOptions {
  procRoot?: string;
  windowMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

/** Samples /proc/net every intervalMs for windowMs (or until aborted) and sets each listener's usage. */
export async function watchUsage(listeners: Listener[], opts: WatchOptions): Promise<void> {
  const procRoot = opts.procRoot ?? '/proc';
  const endian = endianness();
  const acc = newAcc(listeners);
  const pids = [...new Set(listeners.flatMap((l) => l.processes.map((p) => p.pid)))];
  const ioStart = new Map(pids.map((pid) => [pid, readProcessIo(procRoot, pid)]));
  const started = Date.now();
  let samples = 0;
  for (;;) {
    sample(readProcTables(procRoot, endian, []), listeners, acc);
    samples++;
    const left = opts.windowMs - (Date.now() - started);
    if (left <= 0 || opts.signal?.aborted) { break; }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.min(opts.intervalMs, left));
      opts.signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
  const windowMs = Date.now() - started;
  finish(listeners, acc, Math.max(1, windowMs), samples);
  const ioEnd = new Map(pids.map((pid) => [pid, readProcessIo(procRoot, pid)]));
  for (const l of listeners) {
    if (l.usage === undefined || l.processes.length === 0) { continue; }
    let read = 0;
    let write = 0;
    let known = false;
    for (const p of l.processes) {
      const a = ioStart.get(p.pid);
      const b = ioEnd.get(p.pid);
      if (a && b) { read += b.read - a.read; write += b.write - a.write; known = true; }
    }
    if (known) { l.usage.processReadBytes = read; l.usage.processWriteBytes = write; }
  }
}
