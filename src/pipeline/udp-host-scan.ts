/**
 * @module pipeline/udp-host-scan — what `gatehouse scan` drives for UDP: each host the TCP side reports up (or every
 * host with -Pn) gets its UDP ports scanned by the shared engine, interrogated and checked, and the UDP PortResults
 * merged into its HostResult (counts included) before the host goes on to the writers.
 */
import type { HostResult, PortResult, UdpScanStats } from '../core/types.js';
import { UdpScanEngine, type UdpScanOptions } from '../engine/udp-scan.js';
import { udpProbeFor, EMPTY_DATAGRAM } from '../probes/udp/index.js';
import { enrichUdpHost, type UdpEnrichOptions } from './udp-enrich.js';
import { serviceName } from '../knowledge/services.js';
import { errorEntry } from '../errors/record.js';

export type UdpEngineOptions = Omit<UdpScanOptions, 'payloads'>;

export class UdpHostScanner {
  private readonly engine: UdpScanEngine;
  private readonly pending = new Set<Promise<void>>();
  private failure: { err: unknown } | undefined;
  private readonly ports: readonly number[];

  constructor(engineOpts: UdpEngineOptions, private readonly enrich: UdpEnrichOptions) {
    this.ports = engineOpts.ports;
    const ctx = enrich.ctx;
    const cache = new Map<number, readonly Buffer[]>();
    this.engine = new UdpScanEngine({
      ...engineOpts,
      payloads: (port) => {
        let p = cache.get(port);
        if (p === undefined) { p = udpProbeFor(port)?.discovery(ctx) ?? [EMPTY_DATAGRAM]; cache.set(port, p); }
        return p;
      },
    });
  }

  /**
   * Scans `host` (when up), merges its UDP ports, then calls `done` with the ports it added. A failed UDP scan is
   * never "no UDP ports": every asked UDP port is added with state `unknown`, reason `error`, and the error in
   * `checksNotRun` (id `udp-scan`). A failure of `done` itself is kept and re-thrown by drain().
   */
  add(host: HostResult, done: (added: PortResult[]) => void): void {
    if (host.state !== 'up') { done([]); return; }
    const job = this.scan(host).then(done, (err: unknown) => { done(this.failedPorts(host, err)); });
    this.pending.add(job);
    job.then(() => { this.pending.delete(job); }, (err: unknown) => { this.pending.delete(job); this.failure ??= { err }; });
  }

  /** The asked UDP ports of a host whose UDP scan failed: unknown, with the error recorded on each. */
  private failedPorts(host: HostResult, err: unknown): PortResult[] {
    const ports = this.ports.map((port): PortResult => ({
      port, protocol: 'udp', state: 'unknown', reason: 'error', service: { name: serviceName(port, 'udp') }, checksNotRun: [errorEntry('udp-scan', err)],
    }));
    host.ports.push(...ports);
    return ports;
  }

  async scan(host: HostResult): Promise<PortResult[]> {
    const family = host.address.includes(':') ? 6 : 4;
    const outcomes = await this.engine.scanHost(host.address, family);
    const ports = await enrichUdpHost(host.address, family, outcomes, this.enrich);
    const listed = new Set(ports.map((p) => p.port));
    for (const p of ports) { if (p.state !== 'unknown') { host.counts[p.state]++; } }
    for (const o of outcomes) { if (!listed.has(o.port) && o.state !== 'unknown') { host.counts[o.state]++; } }
    host.ports.push(...ports);
    return ports;
  }

  /** Resolves when every added host has been merged. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) { await Promise.allSettled([...this.pending]); }
    if (this.failure !== undefined) { throw this.failure.err; }
  }

  abort(): void { this.engine.abort(); }

  get sent(): number { return this.engine.sent; }

  /** Ports settled so far (the progress bar). */
  get portsDone(): number { return this.engine.portsDone; }

  /** The engine's counters, for the scan document. */
  stats(sourceAddresses: number): UdpScanStats {
    const c = this.engine.counters;
    return { sourceAddresses, datagrams: c.sent, conclusive: c.conclusive, confirmations: c.confirmations, canaries: c.canaries, portUnreachables: c.refusals };
  }
}
