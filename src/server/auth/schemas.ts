/**
 * @module server/auth/schemas — the zod schemas of what the auth routes answer (users, API tokens, audit entries),
 * and the one source of their TypeScript types: repo.ts returns `z.infer` of these, the routes declare them as
 * responses, tables.ts takes its role and scope unions from them.
 */
import { z } from 'zod';

export const RoleZ = z.enum(['admin', 'analyst', 'viewer']);
export const TokenScopeZ = z.enum(['read', 'write']);

export const UserZ = z.object({ id: z.number().int(), username: z.string(), role: RoleZ, created: z.string(), disabled: z.boolean(), orgIds: z.array(z.number().int()) });

export const TokenZ = z.object({
  id: z.number().int(), name: z.string(), prefix: z.string(), orgId: z.number().int(), scope: TokenScopeZ,
  createdBy: z.number().int().nullable(), created: z.string(), expires: z.string().nullable(), revoked: z.string().nullable(), lastUsed: z.string().nullable(),
});

export const AuditZ = z.object({
  id: z.number().int(), at: z.string(), actorKind: z.string(), actorId: z.number().int().nullable(), actorName: z.string(),
  orgId: z.number().int().nullable(), action: z.string(), resource: z.string(), detail: z.unknown(),
});
