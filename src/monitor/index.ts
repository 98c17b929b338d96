/**
 * @module monitor — the Watch platform's data API for the server (and the CLI): open the database once
 * (`openMonitor`), then call repository functions with a Principal; tenancy is enforced inside them.
 */
export * from './principal.js';
export { openMonitor, nowIso, type MonitorCtx, type OpenedMonitor, type OpenMonitorOptions } from './context.js';
export * from './repo/organizations.js';
export * from './repo/assets.js';
export * from './repo/scope.js';
export * from './repo/authorisations.js';
export * from './repo/runs.js';
export * from './repo/findings.js';
export * from './repo/grades.js';
export * from './repo/discovered.js';
export * from './repo/schedules.js';
export { type Page, type PageQuery } from './repo/util.js';
export { nextRunAt, inQuietHours, afterQuietHours, type QuietHours } from './schedule-time.js';
export { ingestScan, DEFAULT_GRACE_MS, type IngestOptions, type IngestResult } from './ingest.js';
export { diffScans, isEmptyDiff, type ScanDiff, type PortRef, type ServiceChange, type DeductionChange } from './diff.js';
export { diffRuns, latestRunDiff, type RunDiff } from './run-diff.js';
export { runContext, startRun, type RunContext, type RunRequest, type RunHandle, type RunOutcome, type ExecutorOptions } from './executor.js';
export { RunEvents, type RunEvent } from './run-events.js';
export { recoverRuns, type RecoveryReport } from './recover.js';
export { runDueSchedules, type ScheduleTick } from './scheduler.js';
export type { FindingRef } from './keys.js';
export { discoverOrganization, parseResolver, walkDomain, type DiscoveryOptions, type DiscoveryReport, type Found } from './discovery/index.js';
