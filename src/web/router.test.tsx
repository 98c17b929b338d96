/** @module web/router.test — client URLs map to pages and parameters (the e2e helper and README rely on them). */
import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['/', 'portfolio', {}],
    ['/login', 'login', {}],
    ['/orgs/3', 'org', { orgId: '3' }],
    ['/orgs/3/', 'org', { orgId: '3' }],
    ['/orgs/3/hosts', 'hosts', { orgId: '3' }],
    ['/orgs/3/hosts/10.0.0.1', 'host', { orgId: '3', address: '10.0.0.1' }],
    ['/orgs/3/hosts/fe80%3A%3A1', 'host', { orgId: '3', address: 'fe80::1' }],
    ['/orgs/3/findings/tls.weak-protocol', 'finding', { orgId: '3', checkId: 'tls.weak-protocol' }],
    ['/orgs/3/changes', 'changes', { orgId: '3' }],
    ['/orgs/3/alerts', 'alerts', { orgId: '3' }],
    ['/orgs/3/settings', 'settings', { orgId: '3' }],
    ['/orgs/3/settings/users', 'settings', { orgId: '3', section: 'users' }],
    ['/orgs/3/settings/organisation', 'settings', { orgId: '3', section: 'organisation' }],
    ['/orgs/3/scan', 'scan', { orgId: '3' }],
    ['/orgs/3/scan/12', 'scan', { orgId: '3', runId: '12' }],
    ['/orgs/3/summary', 'executive', { orgId: '3' }],
    ['/nope', 'notFound', {}],
    ['/orgs/3/hosts/%E0%A4%A', 'notFound', {}],
  ];
  for (const [path, name, params] of cases) {
    it(path, () => { expect(matchRoute(path)).toEqual({ name, params }); });
  }
});
