/**
 * @module monitor/repo/discovered — assets found by discovery (DNS, certificate SANs) with their provenance
 * chain, awaiting approval. Nothing here is ever scanned: approval copies it into the organisation's assets (and,
 * for an address or CIDR, the scope is still edited separately by a person).
 */
import { z } from 'zod';
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import { addAsset, ASSET_KINDS, normaliseAsset, type Asset, type AssetKind } from './assets.js';
import { oneOf, parseJsonArray } from './util.js';

const DiscoveryStatusZ = z.enum(['pending', 'approved', 'rejected']);
export type DiscoveryStatus = z.infer<typeof DiscoveryStatusZ>;

/** A discovered asset as the repository returns it and the API answers it (server/resources/assets.ts). */
export const DiscoveredAssetZ = z.object({
  id: z.number().int(), orgId: z.number().int(), kind: z.enum(ASSET_KINDS), value: z.string(), source: z.enum(['dns', 'certificate']), provenance: z.array(z.string()),
  inScope: z.boolean(), status: DiscoveryStatusZ, firstSeen: z.string(), lastSeen: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
});
export type DiscoveredAsset = Readonly<z.infer<typeof DiscoveredAssetZ>>;

type Row = { id: number; org_id: number; kind: string; value: string; source: string; provenance: string; in_scope: number; status: string; first_seen: string; last_seen: string; decided_by: string | null; decided_at: string | null };
const toDiscovered = (r: Row): DiscoveredAsset => ({
  id: Number(r.id), orgId: Number(r.org_id), kind: r.kind as AssetKind, value: r.value, source: r.source as 'dns' | 'certificate',
  provenance: parseJsonArray(r.provenance), inScope: Number(r.in_scope) === 1, status: r.status as DiscoveryStatus,
  firstSeen: r.first_seen, lastSeen: r.last_seen, decidedBy: r.decided_by, decidedAt: r.decided_at,
});

/** Records (or refreshes last_seen of) a discovered asset; a decision already taken is kept. */
export async function recordDiscovered(ctx: MonitorCtx, p: Principal, orgId: number,
  d: { kind: AssetKind; value: string; source: 'dns' | 'certificate'; provenance: readonly string[]; inScope: boolean }): Promise<DiscoveredAsset> {
  assertWrite(p, orgId);
  const value = normaliseAsset(d.kind, d.value);
  const now = nowIso(ctx);
  await ctx.db.insertInto('discovered_assets').values({
    org_id: orgId, kind: d.kind, value, source: oneOf(d.source, ['dns', 'certificate'] as const, 'source'),
    provenance: JSON.stringify(d.provenance), in_scope: d.inScope ? 1 : 0, status: 'pending', first_seen: now, last_seen: now,
    decided_by: null, decided_at: null,
  }).onConflict((oc) => oc.columns(['org_id', 'kind', 'value']).doUpdateSet({ last_seen: now, in_scope: d.inScope ? 1 : 0 })).execute();
  const row = await ctx.db.selectFrom('discovered_assets').selectAll().where('org_id', '=', orgId).where('kind', '=', d.kind).where('value', '=', value).executeTakeFirstOrThrow();
  return toDiscovered(row);
}

export async function listDiscovered(ctx: MonitorCtx, p: Principal, orgId: number, status?: DiscoveryStatus): Promise<DiscoveredAsset[]> {
  assertRead(p, orgId);
  let q = ctx.db.selectFrom('discovered_assets').selectAll().where('org_id', '=', orgId).orderBy('id');
  if (status !== undefined) { q = q.where('status', '=', status); }
  return (await q.execute()).map(toDiscovered);
}

/** Approve (adds the asset) or reject a pending discovery. */
export async function decideDiscovered(ctx: MonitorCtx, p: Principal, orgId: number, id: number, decision: 'approved' | 'rejected'): Promise<Asset | null> {
  assertWrite(p, orgId);
  const row = await ctx.db.selectFrom('discovered_assets').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row || row.status !== 'pending') { throw notFound(`pending discovered asset ${id}`); }
  await ctx.db.updateTable('discovered_assets').set({ status: decision, decided_by: `${p.kind}:${p.id ?? '-'}`, decided_at: nowIso(ctx) })
    .where('id', '=', id).execute();
  return decision === 'approved' ? addAsset(ctx, p, orgId, { kind: row.kind as AssetKind, value: row.value }) : null;
}
