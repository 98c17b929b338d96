/**
 * @module store/platform/schema — the Watch tables (migration 002): organisations and their portfolio, assets and
 * groups, scope and authorisations, runs, the finding lifecycle, host liveness, grade history, discovered assets
 * and schedules. Times are ISO-8601 UTC text (they sort as text); booleans are 0/1; JSON columns are text.
 */
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  /** 'own' | 'vendor' | 'third-party' | 'subsidiary' */
  relationship: string;
  /** 'low' | 'medium' | 'high' | 'critical' */
  criticality: string;
  /** The organisation whose portfolio this one belongs to (null: a portfolio's root). */
  parent_id: number | null;
  tags: string;                    // JSON string[]
  created_at: string;
}

export interface AssetGroupsTable { id: Generated<number>; org_id: number; name: string; created_at: string }

export interface AssetsTable {
  id: Generated<number>;
  org_id: number;
  /** 'cidr' | 'address' | 'hostname' | 'domain' */
  kind: string;
  value: string;
  group_id: number | null;
  created_at: string;
}

export interface ScopeEntriesTable { id: Generated<number>; org_id: number; target: string; note: string | null; created_at: string }

export interface AuthorisationsTable {
  id: Generated<number>;
  org_id: number;
  granted_by: string;
  granted_at: string;
  reference: string;
  expires_at: string;
  revoked_at: string | null;
  recorded_by: string;
  created_at: string;
}

export interface RunsTable {
  id: Generated<number>;
  org_id: number;
  scan_id: number | null;
  schedule_id: number | null;
  /** 'active' | 'passive' | 'import' */
  kind: string;
  /** 'running' | 'finished' | 'interrupted' | 'failed' */
  status: string;
  /** 'active' | 'passive': what the grade after this run rests on. */
  basis: string;
  targets: string;                 // JSON string[]
  ports: string;
  request: string;                 // JSON of the run request
  started_at: string;
  finished_at: string | null;
  ingested_at: string | null;
  error: string | null;
  score: number | null;
  letter: string | null;
  grade: string | null;            // JSON Grade of the organisation after this run (stale hosts included)
  resumed_from: number | null;
  pid: number | null;
}

/** One row per (org, host, port, protocol, finding id); host-level findings use port 0 and protocol ''. */
export interface FindingStatesTable {
  id: Generated<number>;
  org_id: number;
  host: string;
  port: number;
  protocol: string;
  finding_id: string;
  severity: string;
  title: string;
  /** 'open' | 'stale' | 'fixed' */
  state: string;
  first_seen: string;
  first_run_id: number;
  last_seen: string;
  last_run_id: number;
  fixed_at: string | null;
  fixed_run_id: number | null;
  /** 'not-observed' (host answered without it) | 'host-gone' (host silent past the grace period) */
  fixed_reason: string | null;
  reopened_at: string | null;
  reopen_count: number;
  stale_since: string | null;
}

/** Liveness of a host an organisation's runs have seen: the stale grace period is measured from last_up_at. */
export interface HostStatesTable {
  org_id: number;
  host: string;
  /** 'up' | 'stale' | 'gone' */
  state: string;
  last_up_at: string;
  last_up_run_id: number;
  last_up_scan_id: number;
  stale_since: string | null;
}

export interface GradeHistoryTable {
  id: Generated<number>;
  org_id: number;
  run_id: number;
  /** 'org' | 'group' | 'host' */
  scope: string;
  /** '' for the organisation, the group name, or the host address */
  scope_key: string;
  at: string;
  score: number;
  letter: string;
  basis: string;
  stale_hosts: number;
}

export interface DiscoveredAssetsTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  value: string;
  /** 'dns' | 'certificate' */
  source: string;
  provenance: string;              // JSON string[]: the chain, e.g. ["MX of example.com", "mail.example.com", "192.0.2.10"]
  in_scope: number;
  /** 'pending' | 'approved' | 'rejected' */
  status: string;
  first_seen: string;
  last_seen: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface SchedulesTable {
  id: Generated<number>;
  org_id: number;
  cron: string | null;
  interval_seconds: number | null;
  quiet_hours: string | null;      // JSON { start: 'HH:MM', end: 'HH:MM', tz?: string }
  rate_pps: number | null;
  ports: string;
  enabled: number;
  next_run_at: string | null;
  last_run_at: string | null;
  created_at: string;
}

export interface WatchTables {
  organizations: OrganizationsTable;
  asset_groups: AssetGroupsTable;
  assets: AssetsTable;
  scope_entries: ScopeEntriesTable;
  authorisations: AuthorisationsTable;
  runs: RunsTable;
  finding_states: FindingStatesTable;
  host_states: HostStatesTable;
  grade_history: GradeHistoryTable;
  discovered_assets: DiscoveredAssetsTable;
  schedules: SchedulesTable;
}

export type PlatformDatabase = Database & WatchTables;
export type PlatformDb = Kysely<PlatformDatabase>;
