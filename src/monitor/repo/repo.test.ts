/** The Watch repositories' contract: one suite, run against SQLite and PostgreSQL (a database the test creates). */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { backends } from '../../../test/support/watch.js';
import type { OpenedMonitor } from '../context.js';
import { SYSTEM_PRINCIPAL, type Principal } from '../principal.js';
import { createOrganization, getOrganization, listOrganizations, updateOrganization, deleteOrganization } from './organizations.js';
import { addAsset, createGroup, groupMembers, listAssets } from './assets.js';
import { addScopeEntry, assertInScope, outOfScope, scopeOf } from './scope.js';
import { recordAuthorisation, requireAuthorisation, revokeAuthorisation, validAuthorisation } from './authorisations.js';
import { createSchedule, dueSchedules, markScheduleRan, updateSchedule } from './schedules.js';
import { decideDiscovered, listDiscovered, recordDiscovered } from './discovered.js';
import { createRun, listRuns, runningRuns } from './runs.js';

const admin: Principal = SYSTEM_PRINCIPAL;
const user = (orgIds: number[], role: Principal['role'] = 'analyst', canWrite = true): Principal => ({ kind: 'user', id: 7, role, orgIds, canWrite });
let clock = new Date('2026-12-01T10:00:00.000Z');
const now = (): Date => clock;

for (const b of await backends()) {
  describe.skipIf(b.skip !== false)(`watch repositories on ${b.name}${b.skip !== false ? ` (skipped: ${b.skip})` : ''}`, () => {
    let m: OpenedMonitor;
    let cleanup: () => Promise<void>;
    beforeEach(async () => { clock = new Date('2026-12-01T10:00:00.000Z'); ({ m, cleanup } = await b.open(now)); });
    afterEach(async () => { await cleanup(); });

    it('tenancy: another organisation is not found (never its data), a viewer cannot write, lists are scoped', async () => {
      const own = await createOrganization(m, admin, { name: 'Acme', relationship: 'own', criticality: 'high', tags: ['eu'] });
      const vendor = await createOrganization(m, admin, { name: 'Mailer Ltd', relationship: 'vendor', criticality: 'critical', parentId: own.id });
      const other = await createOrganization(m, admin, { name: 'Someone else' });
      const u = user([own.id, vendor.id]);
      expect((await getOrganization(m, u, vendor.id)).parentId).toBe(own.id);
      await expect(getOrganization(m, u, other.id)).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
      await expect(addAsset(m, u, other.id, { kind: 'address', value: '127.0.0.1' })).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
      await expect(listAssets(m, u, other.id)).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
      expect((await listOrganizations(m, u)).items.map((o) => o.name)).toEqual(['Acme', 'Mailer Ltd']);
      expect((await listOrganizations(m, u, { relationship: 'vendor' })).items.map((o) => o.id)).toEqual([vendor.id]);
      expect((await listOrganizations(m, user([]))).items).toEqual([]);
      const viewer = user([own.id], 'viewer');
      await expect(addScopeEntry(m, viewer, own.id, '127.0.0.0/24')).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(addScopeEntry(m, user([own.id], 'analyst', false), own.id, '127.0.0.0/24')).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(createOrganization(m, u, { name: 'x' })).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(recordAuthorisation(m, u, own.id, { grantedBy: 'a', grantedAt: '2026-11-01', reference: 'r', expiresAt: '2027-01-01' })).rejects.toMatchObject({ code: 'GH_ERR_FORBIDDEN' });
      await expect(deleteOrganization(m, u, other.id)).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
      expect((await updateOrganization(m, u, own.id, { criticality: 'critical', tags: ['eu', 'prod'] })).tags).toEqual(['eu', 'prod']);
    });

    it('rejects duplicates and malformed values with codes', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      await expect(createOrganization(m, admin, { name: 'Acme' })).rejects.toMatchObject({ code: 'GH_ERR_CONFLICT' });
      await expect(createOrganization(m, admin, { name: 'B', relationship: 'friend' as never })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      await addAsset(m, admin, o.id, { kind: 'address', value: '127.0.0.1' });
      await expect(addAsset(m, admin, o.id, { kind: 'address', value: '127.0.0.1' })).rejects.toMatchObject({ code: 'GH_ERR_CONFLICT' });
      await expect(addAsset(m, admin, o.id, { kind: 'cidr', value: '127.0.0.1' })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      await expect(addAsset(m, admin, o.id, { kind: 'domain', value: '300.1.1.1' })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      await expect(addScopeEntry(m, admin, o.id, 'example.com')).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      await expect(listAssets(m, admin, o.id, { limit: 0 })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
    });

    it('assets, groups, cursor pagination', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      const web = await createGroup(m, admin, o.id, 'web');
      for (let i = 1; i <= 5; i++) { await addAsset(m, admin, o.id, { kind: 'address', value: `127.0.1.${i}`, groupId: i <= 2 ? web.id : null }); }
      await addAsset(m, admin, o.id, { kind: 'domain', value: 'Example.COM' });
      const p1 = await listAssets(m, admin, o.id, { limit: 4 });
      expect(p1.items).toHaveLength(4);
      const p2 = await listAssets(m, admin, o.id, { limit: 4, after: p1.next ?? -1 });
      expect(p2.next).toBeNull();
      expect(p2.items.map((a) => a.value)).toEqual(['127.0.1.5', 'example.com']);
      expect(await groupMembers(m, admin, o.id)).toEqual(new Map([['web', ['127.0.1.1', '127.0.1.2']]]));
    });

    it('scope: names the first target outside it; an empty scope refuses everything', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      expect(() => assertInScope(o.id, [], ['127.0.0.1'])).toThrow(expect.objectContaining({ code: 'GH_ERR_OUT_OF_SCOPE' }));
      await addScopeEntry(m, admin, o.id, '127.0.0.0/24');
      await addScopeEntry(m, admin, o.id, '127.0.5.1-127.0.5.9');
      const scope = await scopeOf(m, admin, o.id);
      expect(() => assertInScope(o.id, scope, ['127.0.0.5', '127.0.5.2'])).not.toThrow();
      expect(() => assertInScope(o.id, scope, ['127.0.0.0/23'])).toThrow(/127\.0\.0\.0\/23/);
      expect(outOfScope(scope, ['127.0.0.9', '10.0.0.1', 'host.example', 'bad..x'])).toEqual({ outside: ['10.0.0.1', 'bad..x'], hostnames: ['host.example'] });
    });

    it('authorisation: valid between grant and expiry, until revoked', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      await expect(requireAuthorisation(m, admin, o.id)).rejects.toMatchObject({ code: 'GH_ERR_NO_AUTHORISATION' });
      const a = await recordAuthorisation(m, admin, o.id, { grantedBy: 'CISO Jane Roe', grantedAt: '2026-11-30T00:00:00Z', reference: 'PO-1234', expiresAt: '2026-12-02T00:00:00Z' });
      expect((await requireAuthorisation(m, admin, o.id)).reference).toBe('PO-1234');
      expect(await validAuthorisation(m, admin, o.id, new Date('2026-12-03T00:00:00Z'))).toBeNull();
      expect(await validAuthorisation(m, admin, o.id, new Date('2026-11-29T00:00:00Z'))).toBeNull();
      await revokeAuthorisation(m, admin, o.id, a.id);
      expect(await validAuthorisation(m, admin, o.id)).toBeNull();
      await expect(recordAuthorisation(m, admin, o.id, { grantedBy: 'x', grantedAt: '2026-12-01', reference: 'r', expiresAt: '2026-11-01' })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
    });

    it('schedules: cron and interval, due, quiet hours respected; bad cron refused', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      const s = await createSchedule(m, admin, o.id, { cron: '0 * * * *', quietHours: { start: '22:00', end: '06:00' }, ratePps: 500, ports: '22,80,443' });
      expect(s.nextRunAt).toBe('2026-12-01T11:00:00.000Z');
      await expect(createSchedule(m, admin, o.id, { cron: 'every tuesday' })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      await expect(createSchedule(m, admin, o.id, { cron: '0 * * * *', intervalSeconds: 600 })).rejects.toMatchObject({ code: 'GH_ERR_INVALID' });
      expect(await dueSchedules(m, admin)).toEqual([]);
      clock = new Date('2026-12-01T21:30:00.000Z');
      const due = await dueSchedules(m, admin);
      expect(due.map((d) => d.id)).toEqual([s.id]);
      const after = await markScheduleRan(m, admin, due[0]!);
      expect(after.nextRunAt).toBe('2026-12-02T06:00:00.000Z');
      const i = await createSchedule(m, admin, o.id, { intervalSeconds: 3600, quietHours: { start: '21:00', end: '23:00' } });
      expect(i.nextRunAt).toBe('2026-12-01T23:00:00.000Z');
      expect((await updateSchedule(m, admin, o.id, i.id, { enabled: false })).nextRunAt).toBeNull();
      expect(await dueSchedules(m, user([]))).toEqual([]);
    });

    it('discovered assets wait for approval; approval adds the asset, with provenance kept', async () => {
      const o = await createOrganization(m, admin, { name: 'Acme' });
      const d = await recordDiscovered(m, admin, o.id, { kind: 'address', value: '127.0.0.10', source: 'dns', provenance: ['MX of example.com', 'mail.example.com', '127.0.0.10'], inScope: false });
      await recordDiscovered(m, admin, o.id, { kind: 'address', value: '127.0.0.10', source: 'dns', provenance: ['MX of example.com', 'mail.example.com', '127.0.0.10'], inScope: false });
      expect((await listDiscovered(m, admin, o.id, 'pending')).map((x) => x.provenance)).toEqual([['MX of example.com', 'mail.example.com', '127.0.0.10']]);
      const asset = await decideDiscovered(m, admin, o.id, d.id, 'approved');
      expect(asset?.value).toBe('127.0.0.10');
      await expect(decideDiscovered(m, admin, o.id, d.id, 'rejected')).rejects.toMatchObject({ code: 'GH_ERR_NOT_FOUND' });
    });

    it('runs: newest first, running ones listed for recovery, scoped by principal', async () => {
      const a = await createOrganization(m, admin, { name: 'A' });
      const bOrg = await createOrganization(m, admin, { name: 'B' });
      const r1 = await createRun(m, admin, a.id, { kind: 'active', basis: 'active', targets: ['127.0.0.1'], ports: '22' });
      const r2 = await createRun(m, admin, a.id, { kind: 'import', basis: 'passive', targets: [], ports: '', status: 'finished' });
      await createRun(m, admin, bOrg.id, { kind: 'active', basis: 'active', targets: ['127.0.0.2'], ports: '22' });
      expect((await listRuns(m, admin, a.id)).items.map((r) => r.id)).toEqual([r2.id, r1.id]);
      expect((await runningRuns(m, user([a.id]))).map((r) => r.id)).toEqual([r1.id]);
      expect((await runningRuns(m, admin))).toHaveLength(2);
    });
  });
}
