/**
 * @module server/auth/repo — users, memberships, sessions, API tokens and the audit log: every query the auth
 * plugin and its routes make, in one place (Kysely, SQLite and PostgreSQL alike).
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../monitor/principal.js';
import type { z } from 'zod';
import type { ApiTokensTable, AuthDatabase, Role, TokenScope } from './tables.js';
import type { AuditZ, TokenZ, UserZ } from './schemas.js';
import { newApiToken, randomSecret, sha256 } from './secrets.js';

export type Clock = () => Date;

/** A user, a token (never its secret), an audit entry: as the routes answer them (schemas.ts). */
export type UserRow = z.infer<typeof UserZ>;
export type TokenRow = z.infer<typeof TokenZ>;
export type AuditRow = z.infer<typeof AuditZ>;
export interface Actor { principal: Principal; name: string }

const SESSION_HOURS = 12;
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

export class AuthRepo {
  constructor(private readonly db: Kysely<AuthDatabase>, private readonly now: Clock) {}

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createUser(username: string, passwordHash: string, role: Role, orgIds: readonly number[]): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('users').values({
        username, password_hash: passwordHash, role, created: this.now().toISOString(), failed_logins: 0, locked_until: null, disabled: 0,
      }).returning('id').executeTakeFirstOrThrow();
      const id = Number(row.id);
      if (orgIds.length > 0) { await tx.insertInto('memberships').values(orgIds.map((o) => ({ user_id: id, org_id: o }))).execute(); }
      return id;
    });
  }

  async findLogin(username: string): Promise<{ id: number; passwordHash: string; lockedUntil: string | null; failed: number; disabled: boolean } | null> {
    const r = await this.db.selectFrom('users').select(['id', 'password_hash', 'locked_until', 'failed_logins', 'disabled'])
      .where('username', '=', username).executeTakeFirst();
    return r ? { id: Number(r.id), passwordHash: r.password_hash, lockedUntil: r.locked_until, failed: r.failed_logins, disabled: r.disabled === 1 } : null;
  }

  /** Counts a failed login; the LOCK_AFTER-th in a row locks the account for LOCK_MINUTES. Returns true when now locked. */
  async loginFailed(userId: number, failedBefore: number): Promise<boolean> {
    const failed = failedBefore + 1;
    const lock = failed >= LOCK_AFTER ? new Date(this.now().getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await this.db.updateTable('users').set({ failed_logins: lock ? 0 : failed, locked_until: lock }).where('id', '=', userId).execute();
    return lock !== null;
  }

  async loginSucceeded(userId: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
  }

  async setPassword(userId: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async getUser(id: number): Promise<UserRow | null> {
    const r = await this.db.selectFrom('users').select(['id', 'username', 'role', 'created', 'disabled']).where('id', '=', id).executeTakeFirst();
    if (!r) { return null; }
    const orgs = await this.db.selectFrom('memberships').select('org_id').where('user_id', '=', id).orderBy('org_id').execute();
    return { id: Number(r.id), username: r.username, role: r.role, created: r.created, disabled: r.disabled === 1, orgIds: orgs.map((o) => Number(o.org_id)) };
  }

  async listUsers(): Promise<UserRow[]> {
    const rows = await this.db.selectFrom('users').select('id').orderBy('id').execute();
    const out: UserRow[] = [];
    for (const r of rows) { const u = await this.getUser(Number(r.id)); if (u) { out.push(u); } }
    return out;
  }

  async updateUser(id: number, change: { role?: Role; disabled?: boolean; orgIds?: readonly number[] }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (change.role !== undefined || change.disabled !== undefined) {
        await tx.updateTable('users').set({
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
        }).where('id', '=', id).execute();
      }
      if (change.orgIds !== undefined) {
        await tx.deleteFrom('memberships').where('user_id', '=', id).execute();
        if (change.orgIds.length > 0) { await tx.insertInto('memberships').values(change.orgIds.map((o) => ({ user_id: id, org_id: o }))).execute(); }
      }
      if (change.disabled === true) { await tx.deleteFrom('sessions').where('user_id', '=', id).execute(); }
    });
  }

  async deleteUser(id: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await tx.deleteFrom('memberships').where('user_id', '=', id).execute();
      await tx.updateTable('api_tokens').set({ revoked: this.now().toISOString() }).where('created_by', '=', id).where('revoked', 'is', null).execute();
      const r = await tx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /** A new session: returns the cookie value and its CSRF token (only hashes of the former are stored). */
  async createSession(userId: number): Promise<{ cookie: string; csrf: string; expires: Date }> {
    const cookie = randomSecret();
    const csrf = randomSecret();
    const now = this.now();
    const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000);
    await this.db.insertInto('sessions').values({ id_hash: sha256(cookie), user_id: userId, csrf, created: now.toISOString(), expires: expires.toISOString() }).execute();
    return { cookie, csrf, expires };
  }

  async deleteSession(cookie: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', sha256(cookie)).execute();
  }

  /** The principal behind a session cookie, or null when unknown, expired or the user disabled. */
  async sessionPrincipal(cookie: string): Promise<{ principal: Principal; name: string; csrf: string } | null> {
    const r = await this.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id as id', 'users.username as username', 'users.role as role', 'users.disabled as disabled', 'sessions.csrf as csrf', 'sessions.expires as expires'])
      .where('sessions.id_hash', '=', sha256(cookie)).executeTakeFirst();
    if (!r || r.disabled === 1 || r.expires <= this.now().toISOString()) { return null; }
    return { principal: await this.userPrincipal(Number(r.id), r.role), name: r.username, csrf: r.csrf };
  }

  async userPrincipal(id: number, role: Role): Promise<Principal> {
    const orgs = role === 'admin' ? 'all' as const
      : (await this.db.selectFrom('memberships').select('org_id').where('user_id', '=', id).execute()).map((o) => Number(o.org_id));
    return Object.freeze({ kind: 'user' as const, id, role, orgIds: orgs === 'all' ? orgs : Object.freeze(orgs), canWrite: role !== 'viewer' });
  }

  /** Creates an API token; the secret is returned once and only its sha256 is kept. */
  async createToken(t: { name: string; orgId: number; scope: TokenScope; createdBy: number | null; expires: string | null }): Promise<{ id: number; secret: string; prefix: string }> {
    const secret = newApiToken();
    const prefix = secret.slice(0, 10);
    const row = await this.db.insertInto('api_tokens').values({
      name: t.name, token_hash: sha256(secret), prefix, org_id: t.orgId, scope: t.scope, created_by: t.createdBy,
      created: this.now().toISOString(), expires: t.expires, revoked: null, last_used: null,
    }).returning('id').executeTakeFirstOrThrow();
    return { id: Number(row.id), secret, prefix };
  }

  /** The principal behind a bearer token: read scope → viewer, write → analyst; one organisation. */
  async tokenPrincipal(secret: string): Promise<{ principal: Principal; name: string } | null> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(secret)).executeTakeFirst();
    const now = this.now().toISOString();
    if (!r || r.revoked !== null || (r.expires !== null && r.expires <= now)) { return null; }
    // last_used is coarse (a write per minute at most), so reads by token never queue behind a write per request.
    if (r.last_used === null || Date.parse(r.last_used) < this.now().getTime() - 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used: now }).where('id', '=', r.id).execute();
    }
    const principal: Principal = Object.freeze({
      kind: 'token' as const, id: Number(r.id), role: r.scope === 'write' ? 'analyst' as const : 'viewer' as const,
      orgIds: Object.freeze([Number(r.org_id)]), canWrite: r.scope === 'write',
    });
    return { principal, name: `token:${r.name}` };
  }

  async listTokens(orgIds: readonly number[] | 'all'): Promise<TokenRow[]> {
    let q = this.db.selectFrom('api_tokens').selectAll().orderBy('id');
    if (orgIds !== 'all') { if (orgIds.length === 0) { return []; } q = q.where('org_id', 'in', [...orgIds]); }
    return (await q.execute()).map(tokenRow);
  }

  async getToken(id: number): Promise<TokenRow | null> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? tokenRow(r) : null;
  }

  async revokeToken(id: number): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked: this.now().toISOString() }).where('id', '=', id).where('revoked', 'is', null).execute();
  }

  async audit(actor: Actor, action: string, resource: string, orgId: number | null, detail: unknown = {}): Promise<void> {
    await this.db.insertInto('audit_log').values({
      at: this.now().toISOString(), actor_kind: actor.principal.kind, actor_id: actor.principal.id, actor_name: actor.name,
      org_id: orgId, action, resource, detail: JSON.stringify(detail),
    }).execute();
  }

  /** Audit entries newest first, below `before` (an id cursor), for the given organisations (`all`: every entry). */
  async listAudit(orgIds: readonly number[] | 'all', limit: number, before?: number): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
    if (before !== undefined) { q = q.where('id', '<', before); }
    if (orgIds !== 'all') { if (orgIds.length === 0) { return []; } q = q.where('org_id', 'in', [...orgIds]); }
    return (await q.execute()).map((r) => ({
      id: Number(r.id), at: r.at, actorKind: r.actor_kind, actorId: r.actor_id === null ? null : Number(r.actor_id), actorName: r.actor_name,
      orgId: r.org_id === null ? null : Number(r.org_id), action: r.action, resource: r.resource, detail: JSON.parse(r.detail) as unknown,
    }));
  }
}

function tokenRow(r: { [K in keyof ApiTokensTable]: K extends 'id' ? number : ApiTokensTable[K] }): TokenRow {
  return {
    id: Number(r.id), name: r.name, prefix: r.prefix, orgId: Number(r.org_id), scope: r.scope, createdBy: r.created_by === null ? null : Number(r.created_by),
    created: r.created, expires: r.expires, revoked: r.revoked, lastUsed: r.last_used,
  };
}
