/**
 * @module server/app — builds the Fastify app from injected dependencies (store repositories, clock, logger):
 * security headers, body limit, cookies, login rate limit, zod validation and serialisation, the OpenAPI 3.1
 * document, the auth/tenancy plugin, then one plugin per resource under /api/v1. No listening here (serve.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerDeps } from './context.js';
import { errorHandler, notFoundHandler } from './errors.js';
import authPlugin from './auth/plugin.js';
import { sessionRoutes } from './auth/session-routes.js';
import { userRoutes } from './auth/user-routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import { auditRoutes } from './auth/audit-routes.js';
import { webRoutes } from './static.js';

export const API_PREFIX = '/api/v1';

/** A resource plugin: registered under /api/v1 with the same dependencies. */
export type ResourcePlugin<D extends ServerDeps = ServerDeps> = (app: FastifyInstance, deps: D) => Promise<void>;

export interface BuildOptions {
  /** Serve the built dashboard from this folder (dist/web) at / ; null or absent: the API only. */
  readonly webRoot?: string | null;
}

export async function buildApp<D extends ServerDeps>(deps: D, resources: ReadonlyArray<ResourcePlugin<D>> = [], opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // The CSP also covers the dashboard (static.ts): nothing from another origin, no inline script or style; no
  // upgrade-insecure-requests (the server may be reached over plain http on a LAN address).
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], fontSrc: ["'self'"], upgradeInsecureRequests: null, frameAncestors: ["'none'"], formAction: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'GH_ERR_API_RATE_LIMITED', message: `too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s` }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Gatehouse API', version: '1.0.0', description: 'Organisations, scans, findings and grades. Authenticate with the session cookie (plus x-csrf-token on writes) or Authorization: Bearer <token>.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'gh_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin, deps);

  await app.register(async (api) => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get('/health', { config: { access: 'public' }, schema: { tags: ['meta'], summary: 'Liveness', security: [], response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));
    r.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    await sessionRoutes(api, deps);
    await userRoutes(api, deps);
    await tokenRoutes(api, deps);
    await auditRoutes(api, deps);
    for (const plugin of resources) { await plugin(api, deps); }
  }, { prefix: API_PREFIX });
  if (opts.webRoot !== undefined && opts.webRoot !== null) { await webRoutes(app, opts.webRoot); }

  await app.ready();
  return app;
}
