/** A misbehaving PostgreSQL server (issue 16 item 4): the store fails in bounded time and memory with GH_ERR_STORE. */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { PgFrameWatch } from './pg-guard.js';
import { openPostgresStore } from './postgres.js';
import { isGatehouseError } from '../errors/index.js';
import pg from 'pg';

const msg = (type: string, body: Buffer): Buffer => {
  const h = Buffer.alloc(5);
  h.write(type, 0, 'latin1');
  h.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([h, body]);
};

describe('PgFrameWatch', () => {
  const ok = Buffer.concat([msg('R', Buffer.from([0, 0, 0, 0])), msg('S', Buffer.from('client_encoding\0UTF8\0')), msg('Z', Buffer.from('I'))]);
  const cases: Array<{ name: string; chunks: Buffer[]; max?: number; wantErr: RegExp | null }> = [
    { name: 'whole messages', chunks: [ok], wantErr: null },
    { name: 'split at every byte', chunks: [...ok].map((b) => Buffer.from([b])), wantErr: null },
    { name: 'header split across chunks', chunks: [ok.subarray(0, 3), ok.subarray(3, 12), ok.subarray(12)], wantErr: null },
    { name: 'a message at the cap', chunks: [msg('D', Buffer.alloc(96))], max: 100, wantErr: null },
    { name: 'a message over the cap', chunks: [msg('D', Buffer.alloc(97))], max: 100, wantErr: /101-byte message \(limit 100\)/ },
    { name: 'bytes that are not the protocol (AAAA…)', chunks: [Buffer.alloc(16_384, 0x41)], wantErr: /1094795585-byte message/ },
    { name: 'a length below 4', chunks: [Buffer.from([0x52, 0, 0, 0, 3])], wantErr: /malformed message \(length 3\)/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = new PgFrameWatch(c.max);
      let err: string | null = null;
      for (const ch of c.chunks) { err ??= w.feed(ch); }
      if (c.wantErr === null) { expect(err).toBeNull(); } else { expect(err).toMatch(c.wantErr); }
    });
  }
});

describe('openPostgresStore against a hostile server', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const s of sockets) { s.destroy(); }
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });
  const listen = async (onConn: (s: Socket) => void): Promise<number> => {
    server = createServer((s) => { sockets.add(s); s.on('error', () => s.destroy()); s.on('close', () => sockets.delete(s)); onConn(s); });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  };
  const failure = async (url: string): Promise<unknown> => openPostgresStore(url).then(() => expect.unreachable('opened'), (e: unknown) => e);

  it('a port streaming bytes forever: GH_ERR_STORE (exit 2, one line), and the client stops reading at once', async () => {
    let written = 0;
    const port = await listen((s) => {
      const chunk = Buffer.alloc(16_384, 0x41);
      const pump = (): void => { while (!s.destroyed && s.write(chunk)) { written += chunk.length; } };
      s.on('drain', pump);
      pump();
    });
    const err = await failure(`postgres://postgres@127.0.0.1:${port}/x`);
    expect(isGatehouseError(err) && err.code).toBe('GH_ERR_STORE');
    expect(isGatehouseError(err) && err.exitCode).toBe(2);
    expect((err as Error).message).not.toMatch(/\n/);
    expect((err as Error).message).toMatch(/not a PostgreSQL server/);
    // Before the guard, pg buffered the stream for the whole connect time-out (hundreds of MB, then ERR_STRING_TOO_LONG).
    expect(written).toBeLessThan(16 * 1024 * 1024);
  }, 20_000);

  it('a port that accepts and never answers: GH_ERR_STORE after the connect time-out, not a hang', async () => {
    const port = await listen(() => undefined);
    const err = await failure(`postgres://postgres@127.0.0.1:${port}/x`);
    expect(isGatehouseError(err) && err.code).toBe('GH_ERR_STORE');
    expect((err as Error).message).toMatch(/timeout/i);
  }, 20_000);

  it('an endless run of small, well-framed notices: GH_ERR_STORE after the connect time-out', async () => {
    const port = await listen((s) => {
      const notice = msg('N', Buffer.from('SWARNING\0Mhello\0\0'));
      const t = setInterval(() => { if (s.destroyed) { clearInterval(t); } else { s.write(notice); } }, 5);
      s.on('close', () => clearInterval(t));
    });
    const err = await failure(`postgres://postgres@127.0.0.1:${port}/x`);
    expect(isGatehouseError(err) && err.code).toBe('GH_ERR_STORE');
  }, 20_000);
});

const ADMIN_URL = process.env.GATEHOUSE_TEST_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
const pgSkip = await admin(async () => false as const).catch((err: unknown) => `no PostgreSQL at ${ADMIN_URL}: ${(err as Error).message}`);

describe.skipIf(pgSkip !== false)(`openPostgresStore: an idle connection killed by the server${pgSkip !== false ? ` (skipped: ${pgSkip})` : ''}`, () => {
  const name = `gh_relb_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  afterEach(async () => { await admin((c) => c.query(`drop database if exists ${name} with (force)`)); });

  it("is the pool's 'error' event, handled: no crash, the next query opens a new connection", async () => {
    await admin((c) => c.query(`create database ${name}`));
    const store = await openPostgresStore(`postgres://postgres@127.0.0.1:5432/${name}`);
    try {
      const id = await store.beginScan({ started: '2026-01-01T00:00:00.000Z', finished: null, targets: ['127.0.0.1'], ports: '80' });
      const killed = await admin(async (c) => (await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])).rowCount);
      expect(killed).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the idle client's 'error' arrives
      expect((await store.listScans(5)).map((s) => s.id)).toEqual([id]);
    } finally {
      await store.close();
    }
  }, 20_000);
});
