/**
 * @module server/static — serves the built dashboard (dist/web) from the API process: `/assets/*` with immutable
 * cache headers (file names carry a content hash), other files at the root as they are, and index.html for every
 * other path outside /api (the app's client routes). Path-traversal safe (resolved paths must stay inside the
 * root); the CSP and other headers come from helmet in app.ts. No dist/web: a plain page says how to build it.
 */
import { createReadStream, existsSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the dashboard, from src/server or dist/server alike. */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'dist', 'web');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8',
};

const API_PREFIX = '/api/v1';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const MISSING_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Gatehouse</title><body><h1>The dashboard is not built</h1><p>Run <code>npm run build</code> (it writes dist/web), then restart <code>gatehouse serve</code>. The API is at <a href="/api/v1/health">/api/v1</a>.</p></body></html>\n';

/** The file under `root` a URL path names, or null when it leaves the root or is not a plain path. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath); } catch (err) {
    if (err instanceof URIError) { return null; }
    throw err;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) { return null; }
  const file = resolve(root, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  return file.startsWith(root + sep) ? file : null;
}

async function fileStat(file: string): Promise<Stats | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s : null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') { return null; }
    throw err;
  }
}

function send(reply: FastifyReply, file: string, size: number, cache: string, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', cache).header('content-length', size)
    .type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream').send(createReadStream(file));
}

function notFound(reply: FastifyReply, path: string): FastifyReply {
  return reply.status(404).send({ error: { code: 'GH_ERR_NOT_FOUND', message: `no file ${path}` } });
}

/** Whether `root` holds a built dashboard (its index.html). */
export function isBuilt(root: string): boolean {
  return existsSync(resolve(root, 'index.html'));
}

/** Registers the dashboard's routes (hidden from the OpenAPI document, public). */
export async function webRoutes(app: FastifyInstance, root: string = DEFAULT_WEB_ROOT): Promise<{ built: boolean }> {
  const base = resolve(root);
  const index = resolve(base, 'index.html');
  const built = isBuilt(base);
  if (!built) { app.log.warn({ root: base }, 'dashboard not built (npm run build); / answers with how to build it'); }
  const opts = { config: { access: 'public' as const }, schema: { hide: true } };

  app.get('/assets/*', opts, async (req: FastifyRequest, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const file = resolveInside(base, path);
    const s = file === null ? null : await fileStat(file);
    if (file === null || s === null) { return notFound(reply, path); }
    return send(reply, file, s.size, IMMUTABLE);
  });

  app.get('/*', opts, async (req: FastifyRequest, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      return reply.status(404).send({ error: { code: 'GH_ERR_NOT_FOUND', message: `no route ${req.method} ${path}` } });
    }
    if (!built) { return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_PAGE); }
    const file = path === '/' ? null : resolveInside(base, path);
    const s = file === null ? null : await fileStat(file);
    if (file !== null && s !== null) { return send(reply, file, s.size, 'no-cache'); }
    // A missing file of a static type is a 404; anything else is a client route (host addresses and check ids
    // have dots too) and the app decides.
    if (TYPES[extname(path).toLowerCase()] !== undefined) { return notFound(reply, path); }
    const is = await fileStat(index);
    if (is === null) { return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_PAGE); }
    return send(reply, index, is.size, 'no-cache');
  });
  return { built };
}
