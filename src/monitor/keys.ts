/** @module monitor/keys — the identity of a port and of a finding occurrence across runs (host, port, protocol, id). */
import type { Finding, HostResult, Severity } from '../core/types.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';

/** A finding occurrence: port null (protocol null) for a host-level finding. */
export interface FindingRef {
  readonly host: string;
  readonly port: number | null;
  readonly protocol: 'tcp' | 'udp' | null;
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
}

export function findingKey(host: string, port: number | null, protocol: string | null, id: string): string {
  return `${host}|${port ?? 0}|${protocol ?? ''}|${id}`;
}

export function portKey(host: string, port: number, protocol: string): string {
  return `${host}|${port}|${protocol}`;
}

/** Every finding of a host, keyed (a repeated id on one port keeps its most severe instance). */
export function hostFindings(h: HostResult, into: Map<string, FindingRef> = new Map()): Map<string, FindingRef> {
  const add = (f: Finding, port: number | null, protocol: 'tcp' | 'udp' | null): void => {
    const k = findingKey(h.address, port, protocol, f.id);
    const prev = into.get(k);
    if (prev === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[prev.severity]) {
      into.set(k, { host: h.address, port, protocol, id: f.id, severity: f.severity, title: f.title });
    }
  };
  for (const f of h.findings ?? []) { add(f, null, null); }
  for (const p of h.ports) { for (const f of p.findings ?? []) { add(f, p.port, p.protocol); } }
  return into;
}

export { SEVERITY_RANK };
