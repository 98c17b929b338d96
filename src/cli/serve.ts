/** @module cli/serve — `gatehouse serve` (the API server) and `gatehouse user add` (a user, with a generated password). */
import pino from 'pino';
import type { Kysely } from 'kysely';
import { UsageError } from '../errors/index.js';
import { openDatabase } from '../store/open.js';
import { defaultDbPath } from '../store/path.js';
import type { CliIO } from './commands/io.js';

export const DEFAULT_LISTEN = '127.0.0.1:8080';

/** `HOST:PORT`, `[v6]:PORT` or `:PORT` (loopback). */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(s);
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port > 65535) { throw new UsageError('GH_ERR_OPTION', `--listen wants HOST:PORT (e.g. 127.0.0.1:8080), got "${s}"`); }
  const host = m[1] ?? (m[2] === '' || m[2] === undefined ? '127.0.0.1' : m[2]);
  return { host, port };
}

export interface ServeCliOptions { listen?: string; db?: string; logLevel?: string; resolver?: string; discoveryDeadline?: string; scheduleInterval?: string; queue?: string }

/** Runs until SIGTERM/SIGINT; resolves with the exit code after a clean close. */
export async function runServe(opts: ServeCliOptions, io: CliIO): Promise<number> {
  const { host, port } = parseListen(opts.listen ?? DEFAULT_LISTEN);
  const level = opts.logLevel ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) { throw new UsageError('GH_ERR_OPTION', `--log-level: unknown level "${level}"`); }
  if (opts.resolver !== undefined) {
    const { parseResolver } = await import('../monitor/discovery/client.js');
    parseResolver(opts.resolver); // a malformed --resolver is a usage error before anything starts
  }
  const scheduleIntervalMs = opts.scheduleInterval === undefined ? undefined : Number(opts.scheduleInterval) * 1000;
  if (scheduleIntervalMs !== undefined && !(Number.isFinite(scheduleIntervalMs) && scheduleIntervalMs >= 1000 && scheduleIntervalMs <= 3_600_000)) {
    throw new UsageError('GH_ERR_OPTION', `--schedule-interval wants seconds between 1 and 3600, got "${opts.scheduleInterval ?? ''}"`);
  }
  const discoveryDeadlineMs = opts.discoveryDeadline === undefined ? undefined : /^\d{1,3}$/.test(opts.discoveryDeadline) ? Number(opts.discoveryDeadline) * 1000 : NaN;
  if (discoveryDeadlineMs !== undefined && !(discoveryDeadlineMs >= 1000 && discoveryDeadlineMs <= 600_000)) {
    throw new UsageError('GH_ERR_OPTION', `--discovery-deadline wants whole seconds between 1 and 600, got "${opts.discoveryDeadline ?? ''}"`);
  }
  const executor = { ...(opts.queue !== undefined ? { queue: opts.queue } : {}), ...(discoveryDeadlineMs !== undefined ? { discoveryDeadlineMs } : {}) };
  const logger = pino({ level }, pino.destination({ fd: 2, sync: true }));
  // Signal handlers first: a SIGTERM that arrives while starting (or right after the banner) still closes cleanly.
  let stopping: NodeJS.Signals | null = null;
  const stopped = new Promise<void>((resolve) => {
    const stop = (sig: NodeJS.Signals): void => {
      stopping = sig;
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  const { startServer } = await import('../server/serve.js');
  const srv = await startServer({
    db: opts.db ?? defaultDbPath(io.env), host, port, logger,
    ...(opts.resolver !== undefined ? { resolver: opts.resolver } : {}),
    ...(scheduleIntervalMs !== undefined ? { scheduleIntervalMs, alertIntervalMs: Math.min(15_000, scheduleIntervalMs) } : {}),
    ...(Object.keys(executor).length > 0 ? { executor } : {}),
  });
  if (srv.firstAdminPassword !== null) {
    io.stdout.write(`First start: created user "admin" with the one-time password\n\n    ${srv.firstAdminPassword}\n\nLog in and change it (PATCH /api/v1/users/:id); it is not shown again.\n`);
  }
  io.stdout.write(`gatehouse serve: listening on ${srv.url} (API ${srv.url}/api/v1, OpenAPI ${srv.url}/api/v1/openapi.json)\n`);
  io.stdout.write(srv.dashboard ? `gatehouse serve: dashboard at ${srv.url}/\n` : 'gatehouse serve: the dashboard is not built (run `npm run build`); serving the API only\n');
  await stopped;
  logger.info({ signal: stopping }, 'shutting down');
  await srv.close();
  io.stdout.write('gatehouse serve: stopped\n');
  return 0;
}

export interface UserAddOptions { role?: string; org?: string[]; db?: string }

export async function runUserAdd(username: string, opts: UserAddOptions, io: CliIO): Promise<number> {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) { throw new UsageError('GH_ERR_OPTION', `user name "${username}": letters, digits and ._@- only, at most 64`); }
  const role = opts.role ?? 'analyst';
  if (role !== 'admin' && role !== 'analyst' && role !== 'viewer') { throw new UsageError('GH_ERR_OPTION', `--role must be admin, analyst or viewer, got "${role}"`); }
  const orgIds = (opts.org ?? []).map((o) => {
    const n = Number(o);
    if (!Number.isInteger(n) || n <= 0) { throw new UsageError('GH_ERR_OPTION', `--org wants an organisation id, got "${o}"`); }
    return n;
  });
  const [{ AuthRepo }, { hashPassword, randomPassword }] = await Promise.all([import('../server/auth/repo.js'), import('../server/auth/passwords.js')]);
  const opened = await openDatabase(opts.db ?? defaultDbPath(io.env));
  try {
    const auth = new AuthRepo(opened.db as unknown as Kysely<import('../server/auth/tables.js').AuthDatabase>, () => new Date());
    if (await auth.findLogin(username)) { throw new UsageError('GH_ERR_OPTION', `user "${username}" already exists`); }
    const password = randomPassword();
    const id = await auth.createUser(username, await hashPassword(password), role, orgIds);
    await auth.audit({ principal: { kind: 'system', id: null, role: 'admin', orgIds: 'all', canWrite: true }, name: 'cli' }, 'user.create', `user:${id}`, null, { username, role, orgIds });
    io.stdout.write(`created user "${username}" (id ${id}, ${role}) with the one-time password\n\n    ${password}\n\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
