/** @module monitor/repo/organizations — organisations and their portfolio (own, vendors, third parties). */
import type { MonitorCtx } from '../context.js';
import { nowIso } from '../context.js';
import { assertAdmin, assertRead, assertWrite, notFound, type Principal } from '../principal.js';
import type { OrganizationsTable } from '../../store/platform/schema.js';
import { conflictAs, invalid, oneOf, pageLimit, parseJsonArray, toPage, type Page, type PageQuery } from './util.js';

export const RELATIONSHIPS = ['own', 'vendor', 'third-party', 'subsidiary'] as const;
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Relationship = typeof RELATIONSHIPS[number];
export type Criticality = typeof CRITICALITIES[number];

export interface Organization {
  readonly id: number;
  readonly name: string;
  readonly relationship: Relationship;
  readonly criticality: Criticality;
  /** The organisation whose portfolio this one belongs to; null for a portfolio root. */
  readonly parentId: number | null;
  readonly tags: string[];
  readonly createdAt: string;
}

export interface OrganizationInput {
  readonly name: string;
  readonly relationship?: Relationship;
  readonly criticality?: Criticality;
  readonly parentId?: number | null;
  readonly tags?: readonly string[];
}

type Row = { id: number; name: string; relationship: string; criticality: string; parent_id: number | null; tags: string; created_at: string };

function toOrg(r: Row): Organization {
  return {
    id: Number(r.id), name: r.name, relationship: r.relationship as Relationship, criticality: r.criticality as Criticality,
    parentId: r.parent_id === null ? null : Number(r.parent_id), tags: parseJsonArray(r.tags), createdAt: r.created_at,
  };
}

function checkName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > 200 || [...n].some((c) => c.charCodeAt(0) < 32)) { throw invalid('an organisation name is 1-200 printable characters'); }
  return n;
}

function checkTags(tags: readonly string[]): string {
  for (const t of tags) { if (!/^[\w.:-]{1,64}$/.test(t)) { throw invalid(`bad tag "${t}" (letters, digits, . _ : -; at most 64)`); } }
  return JSON.stringify([...new Set(tags)].sort());
}

/** Admin only. The parent (portfolio owner) must be visible to the principal. */
export async function createOrganization(ctx: MonitorCtx, p: Principal, input: OrganizationInput): Promise<Organization> {
  assertAdmin(p);
  if (input.parentId != null) { await getOrganization(ctx, p, input.parentId); }
  const values: Omit<OrganizationsTable, 'id'> = {
    name: checkName(input.name),
    relationship: oneOf(input.relationship ?? 'own', RELATIONSHIPS, 'relationship'),
    criticality: oneOf(input.criticality ?? 'medium', CRITICALITIES, 'criticality'),
    parent_id: input.parentId ?? null, tags: checkTags(input.tags ?? []), created_at: nowIso(ctx),
  };
  const row = await conflictAs(`organisation "${values.name}"`, () =>
    ctx.db.insertInto('organizations').values(values).returningAll().executeTakeFirstOrThrow());
  return toOrg(row);
}

export async function getOrganization(ctx: MonitorCtx, p: Principal, id: number): Promise<Organization> {
  assertRead(p, id);
  const row = await ctx.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) { throw notFound(`organisation ${id}`); }
  return toOrg(row);
}

export interface OrganizationFilter extends PageQuery {
  readonly relationship?: Relationship;
  readonly criticality?: Criticality;
  readonly parentId?: number;
  readonly tag?: string;
}

/** The organisations the principal may see, by id, filtered. */
export async function listOrganizations(ctx: MonitorCtx, p: Principal, f: OrganizationFilter = {}): Promise<Page<Organization>> {
  const limit = pageLimit(f);
  if (p.orgIds !== 'all' && p.orgIds.length === 0) { return { items: [], next: null }; }
  let q = ctx.db.selectFrom('organizations').selectAll().orderBy('id').limit(limit + 1);
  if (p.orgIds !== 'all') { q = q.where('id', 'in', [...p.orgIds]); }
  if (f.after !== undefined) { q = q.where('id', '>', f.after); }
  if (f.relationship !== undefined) { q = q.where('relationship', '=', f.relationship); }
  if (f.criticality !== undefined) { q = q.where('criticality', '=', f.criticality); }
  if (f.parentId !== undefined) { q = q.where('parent_id', '=', f.parentId); }
  if (f.tag !== undefined) { q = q.where('tags', 'like', `%${JSON.stringify(f.tag)}%`); }
  return toPage(await q.execute(), limit, toOrg);
}

export async function updateOrganization(ctx: MonitorCtx, p: Principal, id: number, patch: Partial<OrganizationInput>): Promise<Organization> {
  assertWrite(p, id);
  await getOrganization(ctx, p, id);
  if (patch.parentId != null) {
    if (patch.parentId === id) { throw invalid('an organisation cannot be its own portfolio parent'); }
    await getOrganization(ctx, p, patch.parentId);
  }
  const set: Partial<Omit<OrganizationsTable, 'id'>> = {};
  if (patch.name !== undefined) { set.name = checkName(patch.name); }
  if (patch.relationship !== undefined) { set.relationship = oneOf(patch.relationship, RELATIONSHIPS, 'relationship'); }
  if (patch.criticality !== undefined) { set.criticality = oneOf(patch.criticality, CRITICALITIES, 'criticality'); }
  if (patch.parentId !== undefined) { set.parent_id = patch.parentId; }
  if (patch.tags !== undefined) { set.tags = checkTags(patch.tags); }
  if (Object.keys(set).length > 0) {
    await conflictAs(`organisation "${set.name ?? ''}"`, () => ctx.db.updateTable('organizations').set(set).where('id', '=', id).execute());
  }
  return getOrganization(ctx, p, id);
}

/** Admin only; removes everything the organisation owns (its stored scans stay in the scan history). */
export async function deleteOrganization(ctx: MonitorCtx, p: Principal, id: number): Promise<void> {
  assertAdmin(p, id);
  const r = await ctx.db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) { throw notFound(`organisation ${id}`); }
}
