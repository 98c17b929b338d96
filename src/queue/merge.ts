/**
 * @module queue/merge — one host's results from the shards of its port blocks, as one host: ports concatenated in
 * port order, counts summed, host-level findings united, state up when any block found it up. The host's grade is
 * recomputed by the producer from the merged host (queue/producer.ts).
 */
import type { HostResult, StateCounts } from '../core/types.js';

export function mergeHosts(parts: readonly HostResult[]): HostResult {
  const [first] = parts;
  if (first === undefined) { throw new RangeError('mergeHosts: no parts'); }
  if (parts.length === 1) { return first; }
  const up = parts.find((p) => p.state === 'up');
  const counts = { ...first.counts } as Record<string, number>;
  for (const p of parts.slice(1)) {
    for (const [k, v] of Object.entries(p.counts as unknown as Record<string, number>)) { counts[k] = (counts[k] ?? 0) + v; }
  }
  const findings = new Map<string, NonNullable<HostResult['findings']>[number]>();
  for (const p of parts) { for (const f of p.findings ?? []) { findings.set(f.id, f); } }
  const merged: HostResult = {
    ...(up ?? first),
    hostnames: [...new Set(parts.flatMap((p) => p.hostnames))],
    ports: parts.flatMap((p) => p.ports).sort((a, b) => (a.port - b.port) || a.protocol.localeCompare(b.protocol)),
    counts: counts as unknown as StateCounts,
    ...(findings.size > 0 ? { findings: [...findings.values()] } : {}),
  };
  if (parts.some((p) => p.partial === true)) { merged.partial = true; }
  delete merged.grade;
  return merged;
}
