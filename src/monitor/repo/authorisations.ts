/**
 * @module monitor/repo/authorisations — the recorded permission to scan an organisation actively: who granted
 * it, when, a reference (contract, ticket), an expiry; revocable. Without a valid one an organisation is rated
 * from passive data only, and its grade says so (`basis: 'passive'`).
 */
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertAdmin, assertRead, notFound, type Principal } from '../principal.js';
import { GatehouseError } from '../../errors/index.js';
import { invalid, isoDate } from './util.js';

/** An authorisation as the repository returns it and the API answers it (server/resources/scope.ts). */
export const AuthorisationZ = z.object({
  id: z.number().int(), orgId: z.number().int(), grantedBy: z.string(), grantedAt: z.string(), reference: z.string(),
  expiresAt: z.string(), revokedAt: z.string().nullable(), recordedBy: z.string(), createdAt: z.string(),
});
export type Authorisation = Readonly<z.infer<typeof AuthorisationZ>>;

type Row = { id: number; org_id: number; granted_by: string; granted_at: string; reference: string; expires_at: string; revoked_at: string | null; recorded_by: string; created_at: string };
const toAuth = (r: Row): Authorisation => ({
  id: Number(r.id), orgId: Number(r.org_id), grantedBy: r.granted_by, grantedAt: r.granted_at, reference: r.reference,
  expiresAt: r.expires_at, revokedAt: r.revoked_at, recordedBy: r.recorded_by, createdAt: r.created_at,
});

/** Admin only. `expiresAt` must be after `grantedAt`. */
export async function recordAuthorisation(ctx: MonitorCtx, p: Principal, orgId: number,
  input: { grantedBy: string; grantedAt: string; reference: string; expiresAt: string }): Promise<Authorisation> {
  assertAdmin(p, orgId);
  const grantedAt = isoDate(input.grantedAt, 'grantedAt');
  const expiresAt = isoDate(input.expiresAt, 'expiresAt');
  if (expiresAt <= grantedAt) { throw invalid('an authorisation must expire after it was granted'); }
  if (input.grantedBy.trim() === '' || input.reference.trim() === '') { throw invalid('an authorisation needs grantedBy and a reference'); }
  const row = await ctx.db.insertInto('authorisations').values({
    org_id: orgId, granted_by: input.grantedBy.trim(), granted_at: grantedAt, reference: input.reference.trim(), expires_at: expiresAt,
    revoked_at: null, recorded_by: `${p.kind}:${p.id ?? '-'}`, created_at: nowIso(ctx),
  }).returningAll().executeTakeFirstOrThrow();
  return toAuth(row);
}

export async function listAuthorisations(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Authorisation[]> {
  assertRead(p, orgId);
  const rows = await ctx.db.selectFrom('authorisations').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  return rows.map(toAuth);
}

export async function revokeAuthorisation(ctx: MonitorCtx, p: Principal, orgId: number, id: number): Promise<void> {
  assertAdmin(p, orgId);
  const r = await ctx.db.updateTable('authorisations').set({ revoked_at: nowIso(ctx) })
    .where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) { throw notFound(`authorisation ${id}`); }
}

/** The authorisation valid at `at` (granted, not expired, not revoked), the one expiring last; or null. */
export async function validAuthorisation(ctx: MonitorCtx, p: Principal, orgId: number, at: Date = ctx.now()): Promise<Authorisation | null> {
  assertRead(p, orgId);
  const t = at.toISOString();
  const row = await ctx.db.selectFrom('authorisations').selectAll().where('org_id', '=', orgId)
    .where('granted_at', '<=', t).where('expires_at', '>', t).where('revoked_at', 'is', null)
    .orderBy('expires_at', 'desc').limit(1).executeTakeFirst();
  return row ? toAuth(row) : null;
}

/** Throws GH_ERR_NO_AUTHORISATION unless an active scan of the organisation is authorised now. */
export async function requireAuthorisation(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Authorisation> {
  const a = await validAuthorisation(ctx, p, orgId);
  if (a === null) {
    throw new GatehouseError('GH_ERR_NO_AUTHORISATION', `organisation ${orgId} has no valid authorisation for active scans (record one, or rate it from passive data)`);
  }
  return a;
}
