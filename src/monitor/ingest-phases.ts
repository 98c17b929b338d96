/**
 * @module monitor/ingest-phases — timing spans of one ingest, published on the diagnostics channel
 * `gatehouse:monitor:ingest-phase` as `{ runId, phase, wallMs, cpuMs }` (this process's CPU). Costs one
 * `hasSubscribers` check per span when nobody listens (bench/watch-store.mjs subscribes).
 */
import { channel } from 'node:diagnostics_channel';

export const INGEST_PHASE_CHANNEL = 'gatehouse:monitor:ingest-phase';
const ch = channel(INGEST_PHASE_CHANNEL);

export interface IngestPhase { readonly runId: number | null; readonly phase: string; readonly wallMs: number; readonly cpuMs: number }

/** A clock: each call ends the current span under `phase` and starts the next. */
export function phaseClock(): (phase: string, runId?: number) => void {
  if (!ch.hasSubscribers) { return () => undefined; }
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return (phase, runId) => {
    const now = performance.now();
    const c = process.cpuUsage(cpu);
    ch.publish({ runId: runId ?? null, phase, wallMs: now - wall, cpuMs: (c.user + c.system) / 1000 } satisfies IngestPhase);
    wall = now;
    cpu = process.cpuUsage();
  };
}
