/** @module server/resources/common — what every resource plugin shares: path/query schemas, the principal, audit. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../monitor/principal.js';
import { principalOf } from '../auth/plugin.js';
import type { PlatformDeps } from './deps.js';
import { MAX_TREND_POINTS, MIN_TREND_POINTS } from '../../monitor/dashboard/downsample.js';

export const OrgParam = z.object({ orgId: z.coerce.number().int().positive() });
export const idParam = <K extends string>(key: K) => OrgParam.extend({ [key]: z.coerce.number().int().positive() } as Record<K, z.ZodCoercedNumber<unknown>>);

/** `cursor` is the `next` of the previous page (opaque to clients); `limit` 1–1000. */
export const PageQuery = z.object({
  cursor: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export function pageArgs(q: { cursor?: string | undefined; limit: number }): { after?: number; limit: number } {
  return q.cursor === undefined ? { limit: q.limit } : { after: Number(q.cursor), limit: q.limit };
}
export function toApiPage<T>(p: { items: T[]; next: number | null }): { items: T[]; next: string | null } {
  return { items: p.items, next: p.next === null ? null : String(p.next) };
}

export const NoContent = z.null();

export function who(req: FastifyRequest): Principal { return principalOf(req); }

/** Records who did what to which resource of which organisation. */
export async function audit(deps: PlatformDeps, req: FastifyRequest, action: string, resource: string, orgId: number | null, detail: unknown = {}): Promise<void> {
  await deps.auth.audit({ principal: principalOf(req), name: req.actorName }, action, resource, orgId, detail);
}

/** How many points a trend may have: thinned server-side (monitor/dashboard/downsample: drops and letter changes always kept). */
export const TrendPoints = z.coerce.number().int().min(MIN_TREND_POINTS).max(MAX_TREND_POINTS)
  .describe('thin the trend to about this many points: per time bucket its lowest and highest score, plus every letter change');
