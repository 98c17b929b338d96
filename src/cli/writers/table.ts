/** @module cli/writers/table — the terminal's outputs: a table per host on a TTY, one line per port and host on a pipe. */
import type { HostResult, PortResult } from '../../core/types.js';
import { hostTable, plainHostLine, plainPortLine } from '../../report/table.js';
import type { Screen, ScanWriter } from './writer.js';

/** A TTY: one table per host, printed above the progress bar. */
export class TableWriter implements ScanWriter {
  constructor(private readonly screen: Screen) {}

  host(h: HostResult, partial: boolean): void {
    this.screen.log(hostTable(h) + (partial ? '(partial: scan interrupted)\n\n' : ''));
  }
}

/** A pipe: one line per port, then one per host (grep-able). */
export class PlainWriter implements ScanWriter {
  /** `portsLive`: ports were written by `port` as the engine decided them; otherwise with their host. */
  constructor(private readonly out: NodeJS.WritableStream, private readonly portsLive: boolean) {}

  port(h: HostResult, p: PortResult): void { this.out.write(plainPortLine(h, p)); }
  host(h: HostResult): void {
    if (!this.portsLive) { for (const p of h.ports) { this.port(h, p); } }
    this.out.write(plainHostLine(h));
  }
}
