/** @module web/components/Layout — skip link, top bar (portfolio, user, log out), the organisation's tabs, the page. */
import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Me } from '../api';
import { Link, navigate, orgPath, type Route, type RouteName } from '../router';

const TABS: ReadonlyArray<readonly [string, string, readonly RouteName[]]> = [
  ['Overview', '', ['org']], ['Hosts', 'hosts', ['hosts', 'host', 'finding']], ['Changes', 'changes', ['changes']],
  ['Alerts', 'alerts', ['alerts']], ['Scan', 'scan', ['scan']], ['Settings', 'settings', ['settings']], ['Executive summary', 'summary', ['executive']],
];

function OrgTabs({ orgId, route }: { orgId: number; route: Route }) {
  const org = useQuery({ queryKey: ['org', orgId], queryFn: () => api.get('/organizations/{orgId}', { path: { orgId } }) });
  return (
    <nav className="tabs" aria-label="Organisation">
      <span className="org-name" data-testid="org-name">{org.data?.name ?? `Organisation ${orgId}`}</span>
      <ul>
        {TABS.map(([label, sub, names]) => {
          const current = names.includes(route.name);
          return <li key={label}><Link to={orgPath(orgId, sub)} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined}>{label}</Link></li>;
        })}
      </ul>
    </nav>
  );
}

export function Layout({ me, route, children }: { me: Me; route: Route; children: ReactNode }) {
  const qc = useQueryClient();
  const orgId = route.params.orgId === undefined ? null : Number(route.params.orgId);
  const logout = async (): Promise<void> => {
    try { await api.post('/auth/logout'); } finally {
      qc.clear();
      qc.setQueryData(['auth', 'me'], null);
      navigate('/login');
    }
  };
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand">Gatehouse</Link>
        <nav aria-label="Main"><Link to="/" aria-current={route.name === 'portfolio' ? 'page' : undefined}>Portfolio</Link></nav>
        <span className="who">{me.name} · {me.role}</span>
        <button type="button" className="link" onClick={() => { void logout(); }}>Log out</button>
      </header>
      {orgId !== null && Number.isInteger(orgId) && <OrgTabs orgId={orgId} route={route} />}
      <main id="main" className="page" tabIndex={-1}>{children}</main>
    </>
  );
}
