import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostResult, ScanMeta } from '../core/types.js';
import { openSqliteStore, defaultDbPath } from './sqlite.js';
import { openPostgresStore, redact } from './postgres.js';
import { isPostgresUrl } from './open.js';
import type { Store } from './store.js';
import { createTestDatabase, pgUnavailable } from '../../test/support/pg.js';

const meta: ScanMeta = { started: '2026-11-25T10:00:00.000Z', finished: null, targets: ['127.0.0.1'], ports: '1-1000' };
const host: HostResult = {
  address: '127.0.0.1', hostnames: ['localhost'], state: 'up', reason: 'conn-refused',
  ports: [{ port: 6379, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'redis', method: 'probed', product: 'Redis', version: '7.0.15' },
    findings: [{ id: 'redis-no-auth', severity: 'critical', title: 'Redis answers without authentication', evidence: 'PING → +PONG', remediation: 'requirepass', references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'] }] }],
  counts: { open: 1, closed: 999, filtered: 0, 'open|filtered': 0 },
};
const down: HostResult = { address: '127.0.0.2', hostnames: [], state: 'down', reason: 'no-response', ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 } };

/**
 * The contract every Store back-end meets; run below against SQLite and against the machine's PostgreSQL
 * (127.0.0.1:5432, a database the test creates and drops) — skipped, with the reason, when none answers.
 */
function storeContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>, skip: string | false): void {
  describe.skipIf(skip !== false)(`${name} store${skip !== false ? ` (skipped: ${skip})` : ''}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => { ({ store, cleanup } = await open()); });
    afterEach(async () => { await store.close(); await cleanup(); });
    contractCases(() => store);
  });
}

function contractCases(get: () => Store): void {
  it('keeps hosts saved before the scan finished (interrupted scans lose nothing)', async () => {
    const id = await get().beginScan(meta);
    await get().saveHost(id, host);
    const doc = await get().getScan(id);
    expect(doc?.hosts).toEqual([host]);
    expect((await get().listScans(10))[0]).toMatchObject({ id, finished: null, hostsUp: 1, hostsDown: 0 });
  });
  it('round-trips a finished scan as a contract-v1 document, newest first in the list', async () => {
    const first = await get().beginScan(meta);
    await get().finishScan(first, { ...meta, finished: '2026-11-25T10:00:01.000Z' });
    const id = await get().beginScan(meta);
    await get().saveHost(id, host);
    await get().saveHost(id, down);
    const fin = { ...meta, finished: '2026-11-25T10:00:05.000Z', interrupted: true };
    const grade = { score: 71.5, letter: 'C' as const, factors: [{ name: 'Network exposure', key: 'exposure' as const, score: 71.5, weight: 1 }],
      deductions: [{ findingId: 'redis-no-auth', host: '127.0.0.1', port: 6379, factor: 'exposure' as const, points: 28.5 }] };
    await get().finishScan(id, fin, grade);
    expect(await get().getScan(id)).toEqual({ version: 1, scan: fin, hosts: [host, down], grade });
    const list = await get().listScans(10);
    expect(list.map((s) => s.id)).toEqual([id, first]);
    expect(list[0]).toMatchObject({ interrupted: true, hostsUp: 1, hostsDown: 1, score: 71.5, letter: 'C', targets: ['127.0.0.1'] });
    expect(await get().getScan(9999)).toBeNull();
  });
}

storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-store-'));
  return { store: await openSqliteStore(join(dir, 'sub', 'g.db')), cleanup: async () => { rmSync(dir, { recursive: true, force: true }); } };
}, false);

storeContract('postgres', async () => {
  const t = await createTestDatabase('gh_store');
  return { store: await openPostgresStore(t.url), cleanup: () => t.drop() };
}, await pgUnavailable());

describe('store selection', () => {
  it('takes postgres:// and postgresql:// URLs for PostgreSQL, anything else for a SQLite file', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://u@h/db')).toBe(true);
    expect(isPostgresUrl('/var/lib/gatehouse.db')).toBe(false);
    expect(redact('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
  });
});

describe('sqlite specifics', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gh-store-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });
  it('refuses an unusable path with GH_ERR_STORE', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a directory');
    await expect(openSqliteStore(join(file, 'x.db'))).rejects.toMatchObject({ code: 'GH_ERR_STORE' });
  });
  it('puts the default file under XDG_DATA_HOME unless GATEHOUSE_DB says otherwise', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/x' })).toBe('/x/gatehouse/gatehouse.db');
    expect(defaultDbPath({ GATEHOUSE_DB: '/y.db', XDG_DATA_HOME: '/x' })).toBe('/y.db');
  });
});
