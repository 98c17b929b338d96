/**
 * @module report/json-stream — `scan --json` written as the scan goes (issue 16 item 3): the document's `hosts` array
 * is opened first and each host is written when it is emitted, so nothing is held until the end; `scan` (its meta,
 * which knows the finish time only then) and `grade` close the document. The same contract-v1 document as
 * report/json.ts — only the key order differs (`version`, `hosts`, `scan`, `grade`), which JSON does not fix.
 */
import type { HostResult, ScanMeta } from '../core/types.js';
import type { Grade } from '../core/grade.js';

export class JsonHostStream {
  private count = 0;

  /** The document's opening, up to the `hosts` array. */
  head(): string {
    return '{"version":1,"hosts":[';
  }

  /** One host, one line. */
  host(h: HostResult): string {
    return `${this.count++ === 0 ? '\n' : ',\n'}${JSON.stringify(h)}`;
  }

  /** Closes `hosts` and the document with the final scan meta and the organisation's grade. */
  tail(meta: ScanMeta, grade: Grade): string {
    return `\n],"scan":${JSON.stringify(meta)},"grade":${JSON.stringify(grade)}}\n`;
  }
}
