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
