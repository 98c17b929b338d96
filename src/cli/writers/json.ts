/** @module cli/writers/json — `scan --json`: one contract-v1 document streamed host by host (report/json-stream.ts). */
import type { HostResult } from '../../core/types.js';
import { JsonHostStream } from '../../report/json-stream.js';
import type { ScanEnd, ScanWriter } from './writer.js';

export class JsonWriter implements ScanWriter {
  private readonly doc = new JsonHostStream();
  constructor(private readonly out: NodeJS.WritableStream) {}

  start(): void { this.out.write(this.doc.head()); }
  host(h: HostResult): void { this.out.write(this.doc.host(h)); }
  finish(end: ScanEnd): void { this.out.write(this.doc.tail(end.meta, end.grade)); }
}
