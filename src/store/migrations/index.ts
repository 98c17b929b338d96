/**
 * @module store/migrations — the ordered list of schema migrations. Add one: a file `NNN-name.ts` exporting a
 * `Migration` with `version: NNN`, and one line below. Numbers are never reused or renumbered; a shipped migration
 * is never edited. Reserved: 002 watch-data (organisations, assets, runs, findings lifecycle), 003 watch-server
 * (users, sessions, tokens, audit), 004 watch-server (API indexes), 005 watch-server (alerts), 006 scale
 * (distributed-scan shards), 008 web-api (dashboard read models), 009 scale-model (Watch fillfactor), 010 scale-fix (shard down-host count), 011 dash-perf (per-run
 * grade/explain/plan artifacts).
 */
import type { Migration } from './types.js';
import { m001ScanHistory } from './001-scan-history.js';
import { m002Watch } from './002-watch.js';
import { m003Auth } from './003-auth.js';
import { m004ApiIndexes } from './004-api-indexes.js';
import { m005Alerts } from './005-alerts.js';
import { m006Shards } from './006-shards.js';
import { m008Dashboard } from './008-dashboard.js';
import { m009WatchFillfactor } from './009-watch-fillfactor.js';
import { m010ShardDownHosts } from './010-shard-down-hosts.js';
import { m011RunArtifacts } from './011-run-artifacts.js';

export const MIGRATIONS: readonly Migration[] = [
  m001ScanHistory,
  m002Watch,
  m003Auth,
  m004ApiIndexes,
  m005Alerts,
  m006Shards,
  m008Dashboard,
  m009WatchFillfactor,
  m010ShardDownHosts,
  m011RunArtifacts,
];

export type { Migration, SqlDialect } from './types.js';
export { runMigrations, appliedMigrations, type MigrationReport } from './run.js';
