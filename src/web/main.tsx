/** @module web/main — the dashboard's entry: one QueryClient, the app, mounted on #root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api';
import { App } from './App';
import { matchRoute } from './router';
import { CSRF_COOKIE, readCookie } from './api/client';
import { prefetchOrgPage } from './pages/Organisation';
import './styles.css';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; a network failure may.
      retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

// The organisation page's grade is its largest paint: ask for it now, beside the session check, not after it.
const first = matchRoute(window.location.pathname);
if (first.name === 'org' && readCookie(document.cookie, CSRF_COOKIE) !== null) { prefetchOrgPage(client, Number(first.params.orgId)); }

const root = document.getElementById('root');
if (root === null) { throw new Error('no #root element'); }
createRoot(root).render(<StrictMode><QueryClientProvider client={client}><App /></QueryClientProvider></StrictMode>);
