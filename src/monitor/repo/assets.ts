/** @module monitor/repo/assets — an organisation's assets (CIDRs, addresses, hostnames, domains) and asset groups. */
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import { canonicalAddress, parseTargetSpec } from '../../core/targets.js';
import { isGatehouseError } from '../../errors/index.js';
import { conflictAs, invalid, oneOf, pageLimit, toPage, type Page, type PageQuery } from './util.js';

export const ASSET_KINDS = ['cidr', 'address', 'hostname', 'domain'] as const;
export type AssetKind = typeof ASSET_KINDS[number];

/** An asset and an asset group as the repository returns them and the API answers them (server/resources/assets.ts). */
export const AssetZ = z.object({ id: z.number().int(), orgId: z.number().int(), kind: z.enum(ASSET_KINDS), value: z.string(), groupId: z.number().int().nullable(), createdAt: z.string() });
export type Asset = Readonly<z.infer<typeof AssetZ>>;
export const AssetGroupZ = z.object({ id: z.number().int(), orgId: z.number().int(), name: z.string(), createdAt: z.string() });
export type AssetGroup = Readonly<z.infer<typeof AssetGroupZ>>;

/** Validates and normalises an asset value for its kind (addresses canonical, names lower-case). */
export function normaliseAsset(kind: AssetKind, value: string): string {
  const v = value.trim();
  let spec;
  try { spec = parseTargetSpec(v); } catch (err) {
    if (isGatehouseError(err)) { throw invalid(`asset ${kind} "${v}": ${err.message}`); }
    throw err;
  }
  if (kind === 'address') {
    const a = canonicalAddress(v);
    if (a === null) { throw invalid(`asset address "${v}" is not an IP address`); }
    return a;
  }
  if (kind === 'cidr') {
    if (spec.kind !== 'cidr') { throw invalid(`asset cidr "${v}" is not a CIDR block`); }
    return v.toLowerCase();
  }
  if (spec.kind !== 'hostname') { throw invalid(`asset ${kind} "${v}" is not a DNS name`); }
  return spec.name.toLowerCase();
}

type AssetRow = { id: number; org_id: number; kind: string; value: string; group_id: number | null; created_at: string };
const toAsset = (r: AssetRow): Asset => ({
  id: Number(r.id), orgId: Number(r.org_id), kind: r.kind as AssetKind, value: r.value,
  groupId: r.group_id === null ? null : Number(r.group_id), createdAt: r.created_at,
});

export async function addAsset(ctx: MonitorCtx, p: Principal, orgId: number, input: { kind: AssetKind; value: string; groupId?: number | null }): Promise<Asset> {
  assertWrite(p, orgId);
  const kind = oneOf(input.kind, ASSET_KINDS, 'asset kind');
  const value = normaliseAsset(kind, input.value);
  if (input.groupId != null) { await getGroup(ctx, p, orgId, input.groupId); }
  const row = await conflictAs(`asset ${kind} ${value}`, () => ctx.db.insertInto('assets').values({
    org_id: orgId, kind, value, group_id: input.groupId ?? null, created_at: nowIso(ctx),
  }).returningAll().executeTakeFirstOrThrow());
  return toAsset(row);
}

export async function listAssets(ctx: MonitorCtx, p: Principal, orgId: number, f: PageQuery & { kind?: AssetKind; groupId?: number } = {}): Promise<Page<Asset>> {
  assertRead(p, orgId);
  const limit = pageLimit(f);
  let q = ctx.db.selectFrom('assets').selectAll().where('org_id', '=', orgId).orderBy('id').limit(limit + 1);
  if (f.after !== undefined) { q = q.where('id', '>', f.after); }
  if (f.kind !== undefined) { q = q.where('kind', '=', f.kind); }
  if (f.groupId !== undefined) { q = q.where('group_id', '=', f.groupId); }
  return toPage(await q.execute(), limit, toAsset);
}

export async function setAssetGroup(ctx: MonitorCtx, p: Principal, orgId: number, assetId: number, groupId: number | null): Promise<void> {
  assertWrite(p, orgId);
  if (groupId !== null) { await getGroup(ctx, p, orgId, groupId); }
  const r = await ctx.db.updateTable('assets').set({ group_id: groupId }).where('org_id', '=', orgId).where('id', '=', assetId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) { throw notFound(`asset ${assetId}`); }
}

export async function deleteAsset(ctx: MonitorCtx, p: Principal, orgId: number, assetId: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await ctx.db.deleteFrom('assets').where('org_id', '=', orgId).where('id', '=', assetId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`asset ${assetId}`); }
}

export async function createGroup(ctx: MonitorCtx, p: Principal, orgId: number, name: string): Promise<AssetGroup> {
  assertWrite(p, orgId);
  const n = name.trim();
  if (!/^[\w .:-]{1,100}$/.test(n)) { throw invalid(`bad group name "${name}"`); }
  const row = await conflictAs(`group "${n}"`, () => ctx.db.insertInto('asset_groups')
    .values({ org_id: orgId, name: n, created_at: nowIso(ctx) }).returningAll().executeTakeFirstOrThrow());
  return { id: Number(row.id), orgId, name: row.name, createdAt: row.created_at };
}

export async function getGroup(ctx: MonitorCtx, p: Principal, orgId: number, groupId: number): Promise<AssetGroup> {
  assertRead(p, orgId);
  const r = await ctx.db.selectFrom('asset_groups').selectAll().where('org_id', '=', orgId).where('id', '=', groupId).executeTakeFirst();
  if (!r) { throw notFound(`asset group ${groupId}`); }
  return { id: Number(r.id), orgId, name: r.name, createdAt: r.created_at };
}

export async function listGroups(ctx: MonitorCtx, p: Principal, orgId: number): Promise<AssetGroup[]> {
  assertRead(p, orgId);
  const rows = await ctx.db.selectFrom('asset_groups').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map((r) => ({ id: Number(r.id), orgId, name: r.name, createdAt: r.created_at }));
}

export async function deleteGroup(ctx: MonitorCtx, p: Principal, orgId: number, groupId: number): Promise<void> {
  assertWrite(p, orgId);
  const r = await ctx.db.deleteFrom('asset_groups').where('org_id', '=', orgId).where('id', '=', groupId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`asset group ${groupId}`); }
}

/** Group name → the asset values (CIDRs, addresses, hostnames) in it, for grading groups (score/groups GroupDef). */
export async function groupMembers(ctx: MonitorCtx, p: Principal, orgId: number): Promise<Map<string, string[]>> {
  assertRead(p, orgId);
  const rows = await ctx.db.selectFrom('assets').innerJoin('asset_groups', 'asset_groups.id', 'assets.group_id')
    .select(['asset_groups.name as name', 'assets.kind as kind', 'assets.value as value'])
    .where('assets.org_id', '=', orgId).execute();
  const m = new Map<string, string[]>();
  for (const r of rows) { m.set(r.name, [...(m.get(r.name) ?? []), r.value]); }
  return m;
}
