/**
 * @module web/App — the shell: who is logged in (else the login page), the top bar, the organisation's tabs, and
 * the page of the current client route (router.tsx).
 */
import { Suspense, lazy, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthenticatedHandler } from './api';
import { navigate, useLocation, useRoute, type Route } from './router';
import { useMe } from './session';
import { Layout } from './components/Layout';
import { ErrorBox, Loading } from './components/common';
import { LoginPage } from './pages/Login';
import { PortfolioPage } from './pages/Portfolio';
import { OrganisationPage } from './pages/Organisation';

// The organisation page and the portfolio (where people land) are in the first bundle; the other pages load on first
// visit, so the code the organisation page's first paint waits for is only its own.
const HostsPage = lazy(() => import('./pages/Hosts').then((m) => ({ default: m.HostsPage })));
const HostPage = lazy(() => import('./pages/Host').then((m) => ({ default: m.HostPage })));
const FindingPage = lazy(() => import('./pages/Finding').then((m) => ({ default: m.FindingPage })));
const ChangesPage = lazy(() => import('./pages/Changes').then((m) => ({ default: m.ChangesPage })));
const AlertsPage = lazy(() => import('./pages/Alerts').then((m) => ({ default: m.AlertsPage })));
const SettingsPage = lazy(() => import('./pages/Settings').then((m) => ({ default: m.SettingsPage })));
const ScanPage = lazy(() => import('./pages/Scan').then((m) => ({ default: m.ScanPage })));
const ExecutivePage = lazy(() => import('./pages/Executive').then((m) => ({ default: m.ExecutivePage })));

function Page({ route }: { route: Route }) {
  const orgId = Number(route.params.orgId);
  switch (route.name) {
    case 'portfolio': return <PortfolioPage />;
    case 'org': return <OrganisationPage orgId={orgId} />;
    case 'hosts': return <HostsPage orgId={orgId} />;
    case 'host': return <HostPage orgId={orgId} address={route.params.address ?? ''} />;
    case 'finding': return <FindingPage orgId={orgId} checkId={route.params.checkId ?? ''} />;
    case 'changes': return <ChangesPage orgId={orgId} />;
    case 'alerts': return <AlertsPage orgId={orgId} />;
    case 'settings': return <SettingsPage orgId={orgId} section={route.params.section ?? ''} />;
    case 'scan': return <ScanPage orgId={orgId} runId={route.params.runId === undefined ? null : Number(route.params.runId)} />;
    case 'executive': return <ExecutivePage orgId={orgId} />;
    case 'login': return <LoginPage />;
    case 'notFound': return <div className="card"><h1>Page not found</h1><p>Go back to the <a href="/">portfolio</a>.</p></div>;
  }
}

export function App() {
  const qc = useQueryClient();
  const me = useMe();
  const route = useRoute();
  const { pathname } = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler(() => { qc.setQueryData(['auth', 'me'], null); });
  }, [qc]);
  useEffect(() => {
    if (me.data === null && route.name !== 'login') { navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true }); }
  }, [me.data, route.name, pathname]);

  if (me.isPending) { return <main className="page"><Loading what="your session" /></main>; }
  if (me.isError) { return <main className="page"><ErrorBox error={me.error} retry={() => { void me.refetch(); }} /></main>; }
  if (route.name === 'login' || me.data === null) { return <LoginPage />; }
  return <Layout me={me.data} route={route}><Suspense fallback={<Loading what="the page" />}><Page route={route} /></Suspense></Layout>;
}
