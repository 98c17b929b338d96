/**
 * @module engine/worker — one scan thread of the pool (engine/parallel.ts): rebuilds the target plan from the
 * validated inputs, keeps its share (every N-th host, or every N-th port), runs a TcpScanEngine, and posts results.
 */
import { parentPort } from 'node:worker_threads';
import type { HostResult, PortResult, Target } from '../core/types.js';
import { planTargets } from '../core/targets.js';
import { TcpScanEngine, type TcpScanOptions } from './tcp-scan.js';

export interface WorkerInput {
  specs: string[];
  exclude: string[];
  names: [string, string[]][];          // hostname → addresses, resolved once by the main thread
  only: string[] | null;                // port split: exactly these addresses (already discovered up)
  streamPorts: boolean;                 // post each port as found (streaming writers); else only finished hosts
  share: { index: number; count: number; by: 'hosts' | 'ports' };
  opts: TcpScanOptions;
}

export type WorkerMessage =
  | { t: 'port'; address: string; port: PortResult }
  | { t: 'host'; host: HostResult; partial: boolean }
  | { t: 'progress'; sent: number; done: number; total: number; inFlight: number; hostsDone: number }
  | { t: 'done' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) { return; }
  // The pool starts threads before it knows their work (they boot while hosts are discovered).
  const input = await new Promise<WorkerInput | null>((resolve) => {
    port.once('message', (m: { t: string; input?: WorkerInput }) => resolve(m.t === 'start' && m.input ? m.input : null));
  });
  if (!input) { port.close(); return; }
  const names = new Map(input.names);
  const plan = await planTargets(input.specs, { exclude: input.exclude, resolve: (h) => Promise.resolve(names.get(h) ?? []) });
  const { index, count, by } = input.share;
  const only = input.only ? new Set(input.only) : null;
  function* mine(): Generator<Target> {
    let i = 0;
    for (const t of plan) {
      if (only ? only.has(t.address) : by === 'ports' || i % count === index) { yield t; }
      i++;
    }
  }
  const engine = new TcpScanEngine(mine(), input.opts, {
    onPort: input.streamPorts ? (h, p) => port.postMessage({ t: 'port', address: h.address, port: p } satisfies WorkerMessage) : undefined,
    onHost: (h, partial) => port.postMessage({ t: 'host', host: h, partial } satisfies WorkerMessage),
  });
  port.on('message', (m: { t: string }) => { if (m.t === 'abort') { engine.abort(); } });
  const report = (): void => {
    const p = engine.progress();
    port.postMessage({ t: 'progress', sent: p.probesSent, done: p.probesDone, total: p.probesTotal, inFlight: p.inFlight, hostsDone: p.hostsDone } satisfies WorkerMessage);
  };
  const timer = setInterval(report, 200);
  await engine.run();
  clearInterval(timer);
  report(); // the final count: without it the bar stayed at the last 200 ms sample (~81 %) while later stages ran
  port.postMessage({ t: 'done' } satisfies WorkerMessage);
  port.close();
}

await main();
