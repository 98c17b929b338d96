/** @module server/resources — the resource plugins mounted under /api/v1, and the platform dependencies they share. */
import type { OpenedDatabase } from '../../store/open.js';
import type { ResourcePlugin } from '../app.js';
import type { ServerDeps } from '../context.js';

export interface PlatformDeps extends ServerDeps {
  /** Marks runs a previous process left running as interrupted and resumes them (start-up). */
  resumeInterrupted(): Promise<void>;
  /** Stops schedules and running scans (shutdown). */
  stop(): Promise<void>;
}

export async function platformDeps(base: ServerDeps, _opened: OpenedDatabase): Promise<PlatformDeps> {
  return { ...base, async resumeInterrupted() { /* wired to the run executor when it lands */ }, async stop() { /* idem */ } };
}

export const RESOURCES: ReadonlyArray<ResourcePlugin<PlatformDeps>> = [];
