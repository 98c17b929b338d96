/**
 * @module pipeline/stages — the port stages `gatehouse scan` runs after discovery, in order. Owners register here:
 * identification (src/probes) first, then TLS analysis (src/tls), then checks (src/checks), which read what the
 * earlier stages found. Each import is lazy so a scan with `--no-service-detection` loads none of them.
 */
import type { PortStage } from './host-pipeline.js';

export interface StageSelection {
  readonly serviceDetection: boolean;   // -sV (default on)
  readonly tls: boolean;                // TLS analysis of TLS services (default on with detection)
  readonly checks: boolean;             // misconfiguration checks (default on with detection)
}

export async function loadStages(sel: StageSelection): Promise<PortStage[]> {
  const stages: PortStage[] = [];
  if (!sel.serviceDetection) { return stages; }
  // registered by their owners:
  stages.push((await import('../probes/stage.js')).identificationStage()); // first: names the service (src/probes)
  if (sel.tls) { stages.push((await import('../tls/stage.js')).tlsStage()); } // after identification, before checks (src/tls)
  if (sel.checks) { stages.push((await import('../checks/stage.js')).checksStage()); } // keep last: reads identification + TLS
  return stages;
}
