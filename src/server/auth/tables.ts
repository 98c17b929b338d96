/** @module server/auth/tables — the row types of the auth tables (created by store migration 003). */

import type { z } from 'zod';
import type { RoleZ, TokenScopeZ } from './schemas.js';

export type Role = z.infer<typeof RoleZ>;
export type TokenScope = z.infer<typeof TokenScopeZ>;

export interface UsersTable {
  id: import('kysely').Generated<number>;
  username: string;
  password_hash: string;
  role: Role;
  created: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;              // 0/1
}

export interface MembershipsTable {
  user_id: number;
  org_id: number;
}

export interface SessionsTable {
  id_hash: string;               // sha256 hex of the cookie value
  user_id: number;
  csrf: string;                  // the double-submit token bound to this session
  created: string;
  expires: string;
}

export interface ApiTokensTable {
  id: import('kysely').Generated<number>;
  name: string;
  token_hash: string;            // sha256 hex of the secret; the secret itself is shown once
  prefix: string;                // first characters, to recognise a token in a list
  org_id: number;
  scope: TokenScope;
  created_by: number | null;
  created: string;
  expires: string | null;
  revoked: string | null;
  last_used: string | null;
}

export interface AuditTable {
  id: import('kysely').Generated<number>;
  at: string;
  actor_kind: string;            // user | token | system
  actor_id: number | null;
  actor_name: string;
  org_id: number | null;
  action: string;                // e.g. scan.start, user.create, token.revoke
  resource: string;              // e.g. scan:12
  detail: string;                // JSON
}

export interface AuthDatabase {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditTable;
}
