/**
 * @module cli/writers/nmap-xml — `-oX FILE`: nmap-compatible XML written host by host. The file is opened before the
 * scan (a bad path fails before any packet); writes stop after the stream's first error, which `failure` holds
 * after `finish` (the scan and its history are kept, the command then fails: cli/scan.ts).
 */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { HostResult, PortSpec, ScanMeta } from '../../core/types.js';
import { UsageError } from '../../errors/index.js';
import { xmlFooter, xmlHeader, xmlHost } from '../../report/nmap-xml.js';
import type { ScanEnd, ScanWriter } from './writer.js';

export class XmlWriter implements ScanWriter {
  private readonly stream: WriteStream;
  private readonly closed: Promise<void>;
  /** The stream's first error (disk full, file gone), or null. */
  failure: Error | null = null;

  /** Opens FILE now; throws UsageError GH_ERR_FILE when it cannot be written. */
  constructor(readonly path: string, private readonly meta: ScanMeta, private readonly args: string, private readonly ports: PortSpec) {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      throw new UsageError('GH_ERR_FILE', `cannot write "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
    }
    this.stream = createWriteStream('', { fd });
    this.closed = new Promise<void>((resolve) => { this.stream.once('close', resolve); });
    this.stream.on('error', (err) => { this.failure ??= err; });
  }

  private write(text: string): void { if (this.failure === null) { this.stream.write(text); } }

  start(): void { this.write(xmlHeader(this.meta, this.args, this.ports)); }
  host(h: HostResult): void { this.write(xmlHost(h, this.meta)); }
  async finish(end: ScanEnd): Promise<void> {
    if (this.failure === null) { this.stream.end(xmlFooter(end.meta, end.up, end.down)); } else { this.stream.destroy(); }
    await this.closed;
  }
}
