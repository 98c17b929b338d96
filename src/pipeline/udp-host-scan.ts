/**
 * @module pipeline/udp-host-scan — what `gatehouse scan` drives for UDP: each host the TCP side reports up (or every
 * host with -Pn) gets its UDP ports scanned by the shared engine, interrogated and checked, and the UDP PortResults
 * merged into its HostResult (counts included) before the host goes on to the writers.
 */
import type { HostResult, PortResult, UdpScanStats } from '../core/types.js';
import { UdpScanEngine, type UdpScanOptions } from '../engine/udp-scan.js';
import { udpProbeFor, EMPTY_DATAGRAM } from '../probes/udp/index.js';
import { enrichUdpHost, type UdpEnrichOptions } from './udp-enrich.js';

export type UdpEngineOptions = Omit<UdpScanOptions, 'payloads'>;

export class UdpHostScanner {
  private readonly engine: UdpScanEngine;
  private readonly pending = new Set<Promise<void>>();

  constructor(engineOpts: UdpEngineOptions, private readonly enrich: UdpEnrichOptions) {
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

  /** Scans `host` (when up), merges its UDP ports, then calls `done` with the ports it added. */
  add(host: HostResult, done: (added: PortResult[]) => void): void {
    if (host.state !== 'up') { done([]); return; }
    const job = this.scan(host).then(done, () => done([]));
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
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
    while (this.pending.size > 0) { await Promise.all([...this.pending]); }
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
