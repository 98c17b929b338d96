/**
 * @module test/server/seed — two organisations through the API (as an admin): "alpha" full of marked data
 * (every name, address and reference contains MARK or ALPHA_ADDR, so a leak is visible in any body), "bravo"
 * nearly empty; plus a stored scan and an ingested run for alpha.
 */
import type { HostResult, ScanMeta } from '../../src/core/types.js';
import { SYSTEM_PRINCIPAL } from '../../src/monitor/principal.js';
import { ingestScan } from '../../src/monitor/ingest.js';
import { dispatchAlerts } from '../../src/monitor/alerts/dispatch.js';
import { Client, addUser, type Harness } from './harness.js';

export const MARK = 'alphasecret';
export const ALPHA_ADDR = '127.0.0.77';

export interface Seeded {
  admin: Client;
  alpha: number; bravo: number;
  ids: Record<string, number>;
  /** Tokens: bravo write (foreign to alpha), alpha read (a viewer of alpha), alpha write. */
  bravoWrite: string; alphaRead: string; alphaWrite: string;
}

const ok = async <T>(p: Promise<{ status: number; json: unknown; text: string }>, want = [200, 201]): Promise<T> => {
  const r = await p;
  if (!want.includes(r.status)) { throw new Error(`seed step failed: ${r.status} ${r.text}`); }
  return r.json as T;
};

export async function seed(h: Harness): Promise<Seeded> {
  await addUser(h, 'root', 'admin', []);
  const admin = new Client(h.base);
  if (await admin.login('root') !== 200) { throw new Error('admin login failed'); }
  const alpha = (await ok<{ id: number }>(admin.request('POST', '/organizations', { name: `${MARK} corp`, relationship: 'own', criticality: 'high', tags: [MARK] }))).id;
  const bravo = (await ok<{ id: number }>(admin.request('POST', '/organizations', { name: 'bravo ltd', relationship: 'vendor' }))).id;
  const ids: Record<string, number> = { orgId: alpha };
  ids.groupId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/groups`, { name: `${MARK}-group` }))).id;
  ids.assetId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/assets`, { kind: 'hostname', value: `${MARK}-host.example`, groupId: ids.groupId }))).id;
  ids.entryId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/scope`, { target: `${ALPHA_ADDR}/32`, note: MARK }))).id;
  ids.authId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/authorizations`, { grantedBy: `${MARK} CISO`, grantedAt: '2026-11-01T00:00:00Z', reference: `${MARK}-contract`, expiresAt: '2027-11-01T00:00:00Z' }))).id;
  ids.scheduleId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/schedules`, { intervalSeconds: 86400, ports: '22,80' }))).id;
  ids.userId = (await ok<{ id: number }>(admin.request('POST', '/users', { username: `${MARK}-analyst`, password: 'long enough password', role: 'analyst', orgIds: [alpha] }))).id;
  ids.tokenId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/tokens`, { name: `${MARK}-token`, scope: 'write' }))).id;
  const alphaRead = (await ok<{ token: string }>(admin.request('POST', `/organizations/${alpha}/tokens`, { name: `${MARK}-viewer`, scope: 'read' }))).token;
  const alphaWrite = (await ok<{ token: string }>(admin.request('POST', `/organizations/${alpha}/tokens`, { name: `${MARK}-writer`, scope: 'write' }))).token;
  const bravoWrite = (await ok<{ token: string }>(admin.request('POST', `/organizations/${bravo}/tokens`, { name: 'bravo-ci', scope: 'write' }))).token;

  ids.channelId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/alerts/channels`, { name: `${MARK}-hook`, kind: 'webhook', config: { url: 'http://127.0.0.1:9/closed', secret: `${MARK}-secret-0123456789` } }))).id;
  ids.ruleId = (await ok<{ id: number }>(admin.request('POST', `/organizations/${alpha}/alerts/rules`, { kind: 'port-opened', channelId: ids.channelId }))).id;
  ids.firstRunId = await storeAndIngest(h, alpha, alphaHost(false));
  ids.runId = await storeAndIngest(h, alpha, alphaHost(true));
  // The port-opened alert of run 2 to a closed loopback port: one attempt, then a dead letter.
  await dispatchAlerts(h.monitor, { maxAttempts: 1 });
  const dead = await ok<{ items: Array<{ id: number }> }>(admin.request('GET', `/organizations/${alpha}/alerts/deliveries?status=dead`));
  if (dead.items[0] === undefined) { throw new Error('seed: no dead letter'); }
  ids.deliveryId = dead.items[0].id;
  return { admin, alpha, bravo, ids, bravoWrite, alphaRead, alphaWrite };
}

/** Stores a scan of one host and ingests it into the organisation (a finished active run); returns the run id. */
export async function storeAndIngest(h: Harness, orgId: number, host: HostResult): Promise<number> {
  const meta: ScanMeta = { started: h.clock.now.toISOString(), finished: null, targets: [`${ALPHA_ADDR}/32`], ports: '22,6379' };
  const scanId = await h.monitor.store.beginScan(meta);
  await h.monitor.store.saveHost(scanId, host);
  await h.monitor.store.finishScan(scanId, { ...meta, finished: h.clock.now.toISOString() });
  const runId = (await ingestScan(h.monitor, SYSTEM_PRINCIPAL, orgId, scanId, { kind: 'active' })).run.id;
  h.clock.now = new Date(h.clock.now.getTime() + 3600_000);
  return runId;
}

/** Alpha's host: ssh always; with `redis`, an unauthenticated Redis too (the second scan opens it). */
export function alphaHost(redis = true): HostResult {
  const ssh: HostResult['ports'][number] = { port: 22, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'ssh', method: 'probed', product: 'OpenSSH', version: '9.2p1' } };
  return {
    address: ALPHA_ADDR, hostnames: [`${MARK}-host.example`], state: 'up', reason: 'syn-ack',
    ports: redis ? [ssh, { port: 6379, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'redis', method: 'probed', product: 'Redis', version: '7.0.15' },
      findings: [{ id: 'redis-no-auth', severity: 'critical', title: `Redis answers without authentication (${MARK})`, evidence: 'PING → +PONG', remediation: 'requirepass', references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'] }] }] : [ssh],
    counts: { open: redis ? 2 : 1, closed: 0, filtered: 0, 'open|filtered': 0 },
  };
}
