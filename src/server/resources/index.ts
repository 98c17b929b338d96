/** @module server/resources — the resource plugins mounted under /api/v1 (one per resource; add one: a file and a line). */
import type { ResourcePlugin } from '../app.js';
import type { PlatformDeps } from './deps.js';
import { organizationRoutes } from './organizations.js';
import { assetRoutes } from './assets.js';
import { scopeRoutes } from './scope.js';
import { findingRoutes } from './findings.js';
import { scanRoutes } from './scans.js';
import { runLiveRoutes } from './runs-live.js';
import { alertRoutes } from './alerts.js';
import { dashboardRoutes } from './dashboard.js';
import { executiveRoutes } from './executive.js';

export type { PlatformDeps } from './deps.js';

export const RESOURCES: ReadonlyArray<ResourcePlugin<PlatformDeps>> = [
  organizationRoutes,
  assetRoutes,
  scopeRoutes,
  findingRoutes,
  scanRoutes,
  runLiveRoutes,
  alertRoutes,
  dashboardRoutes,
  executiveRoutes,
];
