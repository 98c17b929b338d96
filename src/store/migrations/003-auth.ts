/**
 * @module store/migrations/003-auth — the API server's tables (watch-server): users (scrypt hashes, lock-out
 * counters), memberships user↔organisation, sessions (sha256 of the cookie), api_tokens (sha256 of the secret,
 * scope, organisation, expiry, revocation) and audit_log. Row types: src/server/auth/tables.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, SqlDialect } from './types.js';

export const m003Auth: Migration = {
  version: 3,
  name: 'auth',
  up: (db, dialect) => createAuthTables(db, dialect),
};

async function createAuthTables(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  let users = db.schema.createTable('users');
  users = dialect === 'sqlite' ? users.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : users.addColumn('id', 'serial', (c) => c.primaryKey());
  await users
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sqlRole()))
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createTable('memberships')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'org_id'])
    .execute();
  await db.schema.createIndex('memberships_by_org').on('memberships').column('org_id').execute();
  await db.schema.createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('expires', 'text', (c) => c.notNull())
    .execute();
  let tokens = db.schema.createTable('api_tokens');
  tokens = dialect === 'sqlite' ? tokens.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : tokens.addColumn('id', 'serial', (c) => c.primaryKey());
  await tokens
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('expires', 'text')
    .addColumn('revoked', 'text')
    .addColumn('last_used', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_by_org').on('api_tokens').column('org_id').execute();
  let audit = db.schema.createTable('audit_log');
  audit = dialect === 'sqlite' ? audit.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : audit.addColumn('id', 'serial', (c) => c.primaryKey());
  await audit
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_org').on('audit_log').columns(['org_id', 'id']).execute();
}

function sqlRole() {
  return sql`role in ('admin', 'analyst', 'viewer')`;
}
