/**
 * @module monitor/repo/scope — the only targets the platform may scan for an organisation (addresses, ranges,
 * CIDRs), and the pure check that names the first target outside it. Hostname targets are checked after
 * resolution by the scan itself (`--scope`), which refuses before any packet.
 */
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import { addressSetOf, parseTargetSpec, type AddressSet } from '../../core/targets.js';
import { GatehouseError, isGatehouseError } from '../../errors/index.js';
import { conflictAs, invalid } from './util.js';

/** A scope entry as the repository returns it and the API answers it (server/resources/scope.ts). */
export const ScopeEntryZ = z.object({ id: z.number().int(), orgId: z.number().int(), target: z.string(), note: z.string().nullable(), createdAt: z.string() });
export type ScopeEntry = Readonly<z.infer<typeof ScopeEntryZ>>;

export async function addScopeEntry(ctx: MonitorCtx, p: Principal, orgId: number, target: string, note?: string): Promise<ScopeEntry> {
  assertWrite(p, orgId);
  const t = target.trim();
  try { addressSetOf([t]); } catch (err) {
    if (isGatehouseError(err)) { throw invalid(`scope entry "${t}": ${err.message}`); }
    throw err;
  }
  const row = await conflictAs(`scope entry ${t}`, () => ctx.db.insertInto('scope_entries')
    .values({ org_id: orgId, target: t, note: note ?? null, created_at: nowIso(ctx) }).returningAll().executeTakeFirstOrThrow());
  return { id: Number(row.id), orgId, target: row.target, note: row.note, createdAt: row.created_at };
}

export async function listScope(ctx: MonitorCtx, p: Principal, orgId: number): Promise<ScopeEntry[]> {
  assertRead(p, orgId);
  const rows = await ctx.db.selectFrom('scope_entries').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), orgId, target: r.target, note: r.note, createdAt: r.created_at }));
}

export async function removeScopeEntry(ctx: MonitorCtx, p: Principal, orgId: number, entryId: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await ctx.db.deleteFrom('scope_entries').where('org_id', '=', orgId).where('id', '=', entryId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`scope entry ${entryId}`); }
}

/** The organisation's scope as target expressions (empty: nothing may be scanned). */
export async function scopeOf(ctx: MonitorCtx, p: Principal, orgId: number): Promise<string[]> {
  return (await listScope(ctx, p, orgId)).map((e) => e.target);
}

/**
 * Targets outside `scope`: address specs not wholly inside it, and any syntax error (named). Hostnames are
 * returned separately: they can only be judged after resolution (the scan's `--scope` guard does it).
 */
export function outOfScope(scope: readonly string[], targets: readonly string[]): { outside: string[]; hostnames: string[] } {
  const set: AddressSet = scope.length > 0 ? addressSetOf(scope) : addressSetOf([]);
  const outside: string[] = [];
  const hostnames: string[] = [];
  for (const t of targets) {
    let spec;
    try { spec = parseTargetSpec(t); } catch (err) {
      if (isGatehouseError(err)) { outside.push(t); continue; }
      throw err;
    }
    if (spec.kind === 'hostname') { hostnames.push(t); continue; }
    if (scope.length === 0 || !set.containsSpec(spec)) { outside.push(t); }
  }
  return { outside, hostnames };
}

/** Throws GH_ERR_OUT_OF_SCOPE naming the first target outside the organisation's scope. */
export function assertInScope(orgId: number, scope: readonly string[], targets: readonly string[]): void {
  if (targets.length === 0) { throw invalid('a run needs at least one target'); }
  const { outside } = outOfScope(scope, targets);
  if (outside.length > 0) {
    const list = outside.slice(0, 5).join(', ') + (outside.length > 5 ? ` and ${outside.length - 5} more` : '');
    throw new GatehouseError('GH_ERR_OUT_OF_SCOPE', scope.length === 0
      ? `organisation ${orgId} has no scope: refusing ${list}`
      : `target ${list} is outside the scope of organisation ${orgId}`, { exitCode: 2 });
  }
}
