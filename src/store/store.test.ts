import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostResult, ScanMeta } from '../core/types.js';
import { openSqliteStore, defaultDbPath } from './sqlite.js';
import type { Store } from './store.js';

const meta: ScanMeta = { started: '2026-11-25T10:00:00.000Z', finished: null, targets: ['127.0.0.1'], ports: '1-1000' };
const host: HostResult = {
  address: '127.0.0.1', hostnames: ['localhost'], state: 'up', reason: 'conn-refused',
  ports: [{ port: 6379, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'redis', method: 'probed', product: 'Redis', version: '7.0.15' },
    findings: [{ id: 'redis-no-auth', severity: 'critical', title: 'Redis answers without authentication', evidence: 'PING → +PONG', remediation: 'requirepass', references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'] }] }],
  counts: { open: 1, closed: 999, filtered: 0, 'open|filtered': 0 },
};
const down: HostResult = { address: '127.0.0.2', hostnames: [], state: 'down', reason: 'no-response', ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 } };

let dir: string;
let store: Store;
beforeEach(async () => { dir = mkdtempSync(join(tmpdir(), 'gh-store-')); store = await openSqliteStore(join(dir, 'sub', 'g.db')); });
afterEach(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });

describe('sqlite store', () => {
  it('keeps hosts saved before the scan finished (interrupted scans lose nothing)', async () => {
    const id = await store.beginScan(meta);
    await store.saveHost(id, host);
    const doc = await store.getScan(id);
    expect(doc?.hosts).toEqual([host]);
    expect((await store.listScans(10))[0]).toMatchObject({ id, finished: null, hostsUp: 1, hostsDown: 0 });
  });
  it('round-trips a finished scan as a contract-v1 document, newest first in the list', async () => {
    const first = await store.beginScan(meta);
    await store.finishScan(first, { ...meta, finished: '2026-11-25T10:00:01.000Z' });
    const id = await store.beginScan(meta);
    await store.saveHost(id, host);
    await store.saveHost(id, down);
    const fin = { ...meta, finished: '2026-11-25T10:00:05.000Z', interrupted: true };
    await store.finishScan(id, fin, { score: 71.5, letter: 'C' });
    expect(await store.getScan(id)).toEqual({ version: 1, scan: fin, hosts: [host, down] });
    const list = await store.listScans(10);
    expect(list.map((s) => s.id)).toEqual([id, first]);
    expect(list[0]).toMatchObject({ interrupted: true, hostsUp: 1, hostsDown: 1, score: 71.5, letter: 'C', targets: ['127.0.0.1'] });
    expect(await store.getScan(9999)).toBeNull();
  });
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
