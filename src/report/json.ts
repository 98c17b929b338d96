/** @module report/json — the JSON contract v1 (docs/json-contract.md): one document, or one line per event. */
import type { HostResult, PortResult, ScanDocument, ScanMeta } from '../core/types.js';
import type { ProgressEvent } from '../core/progress.js';

export function scanDocument(meta: ScanMeta, hosts: HostResult[]): ScanDocument {
  return { version: 1, scan: meta, hosts };
}

/**
 * The same document as `JSON.stringify(scanDocument(…))`, written in pieces — one host per line — so a host with
 * 65,535 listed ports never becomes one giant string in memory.
 */
export function* jsonDocumentChunks(meta: ScanMeta, hosts: readonly HostResult[]): Generator<string> {
  yield `{"version":1,"scan":${JSON.stringify(meta)},"hosts":[`;
  for (let i = 0; i < hosts.length; i++) { yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify(hosts[i])}`; }
  yield '\n]}\n';
}

/** NDJSON events: `scan` first, then `port`, `host` and `progress` lines as they come, `done` last. */
export type NdjsonEvent =
  | { type: 'scan'; version: 1; scan: ScanMeta }
  | ({ type: 'port'; address: string } & PortResult)
  | ({ type: 'host' } & Omit<HostResult, 'ports'>)
  | ProgressEvent
  | { type: 'done'; version: 1; scan: ScanMeta };

export function ndjsonLine(event: NdjsonEvent): string {
  return JSON.stringify(event) + '\n';
}

export function ndjsonPort(host: HostResult, port: PortResult): string {
  return ndjsonLine({ type: 'port', address: host.address, ...port });
}

export function ndjsonHost(host: HostResult): string {
  const { ports: _ports, ...rest } = host;
  return ndjsonLine({ type: 'host', ...rest });
}
