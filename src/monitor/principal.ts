/** @module monitor/principal — who is asking: a user, an API token or the system, with its role and organisations. */
export type Role = 'admin' | 'analyst' | 'viewer';
export interface Principal { readonly kind: 'user' | 'token' | 'system'; readonly id: number | null; readonly role: Role; readonly orgIds: readonly number[] | 'all'; readonly canWrite: boolean }
