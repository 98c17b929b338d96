/**
 * @module cli/writers — where a scan's results go: each output (table, plain lines, json, ndjson, nmap-xml, the
 * history database) is one ScanWriter (writer.ts), loaded only when the scan asks for it. The scan hands every
 * writer the same calls in the same order: start, ports as decided (streaming writers), hosts as finished, finish.
 */
import type { PortSpec, ScanMeta } from '../../core/types.js';
import type { CliIO } from '../commands/io.js';
import type { OutputMode } from '../scan/options.js';
import type { ScanWriter, Screen } from './writer.js';

export type { ScanEnd, ScanWriter, Screen } from './writer.js';

export interface WriterOptions {
  readonly mode: OutputMode;
  readonly io: CliIO;
  readonly meta: ScanMeta;
  readonly ports: PortSpec;
  /** Ports already printed one by one as the engine decided them (streaming modes without port stages). */
  readonly portsLive: boolean;
  readonly screen: Screen;
}

/** The stdout writer of the output mode. */
export async function stdoutWriter(o: WriterOptions): Promise<ScanWriter> {
  switch (o.mode) {
    case 'json': return new (await import('./json.js')).JsonWriter(o.io.stdout);
    case 'ndjson': return new (await import('./ndjson.js')).NdjsonWriter(o.io.stdout, o.meta, o.portsLive);
    case 'plain': return new (await import('./table.js')).PlainWriter(o.io.stdout, o.portsLive);
    case 'table': return new (await import('./table.js')).TableWriter(o.screen);
  }
}
