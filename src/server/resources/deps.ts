/** @module server/resources/deps — the platform dependencies every resource plugin receives (built once by serve.ts). */
import { z } from 'zod';
import type { ServerDeps } from '../context.js';
import type { MonitorCtx } from '../../monitor/context.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../../monitor/principal.js';
import type { Run } from '../../monitor/repo/runs.js';
import type { RunEvents } from '../../monitor/run-events.js';
import type { RunCache } from './run-cache.js';
import type { ArtifactRunner } from '../artifacts/runner.js';

export interface PlatformDeps extends ServerDeps {
  /** The Watch repositories' handle (tenancy enforced inside each repository function). */
  readonly monitor: MonitorCtx;
  /** Stored scans as contract documents (reports, explain, plan). */
  readonly store: Store;
  /** Launches scans (the monitor's run executor); null: this server cannot start scans. */
  readonly launcher: RunLauncher | null;
  /** The DNS resolver (`ADDR[:PORT]`) discovery asks (`gatehouse serve --resolver`); absent: discovery is refused (GH_ERR_NO_RESOLVER). */
  readonly resolver?: string | null;
  /** The live events of a run this process is executing (port, host, finished…), or null. */
  liveEvents(runId: number): RunEvents | null;
  /** Grade/explain/plan/diff of stored runs, computed once (run-cache.ts); absent: each route plugin keeps its own. */
  readonly runCache?: RunCache;
  /** Computes stored runs' grade, explanation and plan off the main thread (server/artifacts); absent: each route plugin keeps its own. */
  readonly artifacts?: ArtifactRunner;
}

/** The body of POST /organizations/:orgId/scans (runs-live.ts), and what the launcher receives once it is validated. */
export const StartScan = z.object({
  targets: z.array(z.string().min(1).max(200)).min(1).max(1000),
  ports: z.string().min(1).max(2000).default('top-1000'),
  ratePps: z.number().int().min(1).max(1_000_000).optional(),
});

/** A scan request as the API validated it (defaults applied). */
export type StartScanRequest = z.output<typeof StartScan>;

/** What the server needs from the run executor (monitor): launch a run whose scope and authorisation were checked. */
export interface RunLauncher {
  start(p: Principal, orgId: number, req: StartScanRequest): Promise<Run>;
}
