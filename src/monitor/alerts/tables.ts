/** @module monitor/alerts/tables — row types of the alert tables (migration 005). */
import type { Generated, Kysely } from 'kysely';

export interface AlertChannelsTable { id: Generated<number>; org_id: number; name: string; kind: string; config: string; created_at: string }
export interface AlertRulesTable { id: Generated<number>; org_id: number; channel_id: number; kind: string; params: string; enabled: number; created_at: string }
export interface AlertDeliveriesTable {
  id: Generated<number>; org_id: number; rule_id: number; channel_id: number; run_id: number;
  /** 'pending' | 'delivered' | 'dead' */
  status: string;
  attempts: number; last_error: string | null; payload: string; created_at: string; next_attempt_at: string; delivered_at: string | null;
}
export interface AlertProgressTable { org_id: number; last_run_id: number }

export interface AlertTables {
  alert_channels: AlertChannelsTable;
  alert_rules: AlertRulesTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_progress: AlertProgressTable;
}
export type AlertDb = Kysely<AlertTables>;
