/** @module server/context — what the app is built from (injected, no globals) and the request decorations. */
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../monitor/principal.js';
import type { AuthRepo, Clock } from './auth/repo.js';

/** Who may call a route: anyone, any authenticated caller (read), a caller that can write, or an admin user. */
export type Access = 'public' | 'read' | 'write' | 'admin';

export interface ServerDeps {
  readonly auth: AuthRepo;
  readonly clock: Clock;
  readonly logger: FastifyBaseLogger;
  /** Set Secure on cookies: true, false, or 'auto' (when the request came over https). */
  readonly secureCookies: boolean | 'auto';
  /** Largest accepted request body in bytes. */
  readonly bodyLimit: number;
  /** Login attempts per address per minute before 429. */
  readonly loginRateLimit: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    actorName: string;
    /** True when the principal came from the session cookie (CSRF applies to its writes). */
    viaCookie: boolean;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
