/** @module cli/scan/stages — the scan's stage counts (core/progress.ts) for the progress bar and the --ndjson progress events. */
import type { StageCount } from '../../core/progress.js';
import type { ScanProgress } from '../../engine/tcp-scan.js';

/** The port stages' names (src/pipeline/stages.ts) → the progress stages they count for. */
const PORT_STAGES = [['identify', 'identification'], ['tls', 'tls'], ['checks', 'checks']] as const;

/**
 * A snapshot of the scan's stages: discovery counts TCP probes and settled UDP ports together; the port stages count
 * the ports they apply to; grade counts hosts graded.
 */
export function scanStages(p: ScanProgress, udpDone: number, udpTotal: number, discoveryTotal: number, ports: ReadonlyArray<{ name: string; done: number; total: number }>, hostsDone: number, hostsFound: number): StageCount[] {
  const byName = new Map(ports.map((s) => [s.name, s]));
  return [
    { stage: 'discovery', done: p.probesDone + udpDone, total: Math.max(p.probesTotal + udpTotal, discoveryTotal) },
    ...PORT_STAGES.map(([name, stage]): StageCount => ({ stage, done: byName.get(name)?.done ?? 0, total: byName.get(name)?.total ?? 0 })),
    { stage: 'grade', done: hostsDone, total: Math.max(hostsDone, hostsFound) },
  ];
}
