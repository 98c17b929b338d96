/**
 * @module monitor/principal — who is asking, and the one place tenancy is decided: every repository function takes
 * a Principal and calls these guards before touching an organisation's rows. An organisation outside the
 * principal's set is reported as not found (never as forbidden: its existence is not disclosed).
 */
import { GatehouseError } from '../errors/index.js';

export type Role = 'admin' | 'analyst' | 'viewer';
export interface Principal { readonly kind: 'user' | 'token' | 'system'; readonly id: number | null; readonly role: Role; readonly orgIds: readonly number[] | 'all'; readonly canWrite: boolean }

/** The scheduler and restart recovery act as this principal (never handed to a request). */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze({ kind: 'system', id: null, role: 'admin', orgIds: 'all', canWrite: true });

export function canSee(p: Principal, orgId: number): boolean {
  return p.orgIds === 'all' || p.orgIds.includes(orgId);
}

/** The organisation ids a list query must be restricted to, or 'all'. */
export function visibleOrgs(p: Principal): readonly number[] | 'all' {
  return p.orgIds;
}

export function notFound(what: string): GatehouseError {
  return new GatehouseError('GH_ERR_NOT_FOUND', `${what} not found`);
}

export function forbidden(why: string): GatehouseError {
  return new GatehouseError('GH_ERR_FORBIDDEN', why);
}

/** Read access to one organisation: not visible → GH_ERR_NOT_FOUND. */
export function assertRead(p: Principal, orgId: number): void {
  if (!canSee(p, orgId)) { throw notFound(`organisation ${orgId}`); }
}

/** Write access to one organisation's data: visible, a write-capable principal, and not a viewer. */
export function assertWrite(p: Principal, orgId: number): void {
  assertRead(p, orgId);
  if (!p.canWrite || p.role === 'viewer') { throw forbidden(`${p.kind} ${p.id ?? ''} may not change organisation ${orgId}`.replace('  ', ' ')); }
}

/** Admin-only actions (create/delete organisations, record authorisations), optionally on one organisation. */
export function assertAdmin(p: Principal, orgId?: number): void {
  if (orgId !== undefined) { assertRead(p, orgId); }
  if (p.role !== 'admin' || !p.canWrite) { throw forbidden('this action needs an admin with write access'); }
}
