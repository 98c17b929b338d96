/** @module cli/writers/ndjson — `scan --ndjson`: the scan line, then ports and hosts as found, then `done`. */
import type { HostResult, PortResult, ScanMeta } from '../../core/types.js';
import { ndjsonHost, ndjsonLine, ndjsonPort } from '../../report/json.js';
import type { ScanEnd, ScanWriter } from './writer.js';

export class NdjsonWriter implements ScanWriter {
  /** `portsLive`: ports were written by `port` as the engine decided them; otherwise with their host. */
  constructor(private readonly out: NodeJS.WritableStream, private readonly meta: ScanMeta, private readonly portsLive: boolean) {}

  start(): void { this.out.write(ndjsonLine({ type: 'scan', version: 1, scan: this.meta })); }
  port(h: HostResult, p: PortResult): void { this.out.write(ndjsonPort(h, p)); }
  host(h: HostResult): void {
    if (!this.portsLive) { for (const p of h.ports) { this.port(h, p); } }
    this.out.write(ndjsonHost(h));
  }
  finish(end: ScanEnd): void { this.out.write(ndjsonLine({ type: 'done', version: 1, scan: end.meta })); }
}
