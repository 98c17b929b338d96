/** @module store/platform/dashboard-schema — the dashboard's derived read models: host facts and run digests (migration 008), run
 * artifacts (migration 011). */
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from './schema.js';

/** One stored host of one scan, the facts a hosts page filters on (hosts.document parsed once). */
export interface HostFactsTable {
  scan_id: number;
  address: string;
  hostname: string | null;
  /** 'linux' | 'windows' | 'macos' | 'bsd' */
  os_family: string | null;
  os_name: string | null;
  os_version: string | null;
  os_confidence: number | null;
  open_ports: number;
  ports: string;                   // JSON number[]: the first 20 open ports, ascending
}

/** What the portfolio and the change timeline need of an ingested run, computed once. */
export interface RunDigestsTable {
  run_id: number;
  org_id: number;
  weakest: string | null;          // JSON { factor, label, points } | null
  changes: string | null;          // JSON ChangeEntry (monitor/dashboard/changes.ts), null until computed
  computed_at: string;
}

/** What a stored run's grade, explanation and plan compute to (migration 011), in parts of bounded size. */
export interface RunArtifactsTable {
  run_id: number;
  org_id: number;
  kind: string;                    // 'grade' | 'explain' | 'contributions' | 'cap-holders' | 'cap-fixes' | 'plan' | 'diff'
  part: number;                    // the chunk's index (a plan: its depth; a diff: the run it is from)
  body: string;                    // JSON
  computed_at: string;
}

export interface DashboardTables { host_facts: HostFactsTable; run_digests: RunDigestsTable; run_artifacts: RunArtifactsTable }
export type DashboardDb = Kysely<PlatformDatabase & DashboardTables>;
