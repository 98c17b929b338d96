/**
 * @module web/router — a small history router: the client URLs of the dashboard (matched in order), a hook that
 * re-renders on navigation, and a Link that navigates without reloading (the server answers index.html for any
 * of these paths).
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export type RouteName = 'login' | 'portfolio' | 'org' | 'hosts' | 'host' | 'finding' | 'changes' | 'alerts' | 'settings' | 'scan' | 'executive' | 'notFound';

export interface Route { readonly name: RouteName; readonly params: Readonly<Record<string, string>> }

/** The client URLs, in match order (listed in src/web/README.md). */
export const ROUTES: ReadonlyArray<readonly [RouteName, string]> = [
  ['login', '/login'],
  ['portfolio', '/'],
  ['org', '/orgs/:orgId'],
  ['hosts', '/orgs/:orgId/hosts'],
  ['host', '/orgs/:orgId/hosts/:address'],
  ['finding', '/orgs/:orgId/findings/:checkId'],
  ['changes', '/orgs/:orgId/changes'],
  ['alerts', '/orgs/:orgId/alerts'],
  ['settings', '/orgs/:orgId/settings'],
  ['settings', '/orgs/:orgId/settings/:section'],
  ['scan', '/orgs/:orgId/scan'],
  ['scan', '/orgs/:orgId/scan/:runId'],
  ['executive', '/orgs/:orgId/summary'],
];

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').filter((s) => s !== '');
  for (const [name, pattern] of ROUTES) {
    const want = pattern.split('/').filter((s) => s !== '');
    if (want.length !== parts.length) { continue; }
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      const w = want[i] ?? '';
      const p = parts[i] ?? '';
      if (w.startsWith(':')) {
        try { params[w.slice(1)] = decodeURIComponent(p); } catch (err) { ok = !(err instanceof URIError); if (ok) { throw err; } }
      } else if (w !== p) { ok = false; }
    }
    if (ok) { return { name, params }; }
  }
  return { name: 'notFound', params: {} };
}

const listeners = new Set<() => void>();
function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  window.addEventListener('popstate', fn);
  return () => { listeners.delete(fn); window.removeEventListener('popstate', fn); };
}
const snapshot = (): string => window.location.pathname + window.location.search;

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) { return; }
  if (opts.replace === true) { window.history.replaceState(null, '', to); } else { window.history.pushState(null, '', to); }
  window.scrollTo(0, 0);
  for (const fn of listeners) { fn(); }
}

/** The current location (path + search); re-renders on every navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const loc = useSyncExternalStore(subscribe, snapshot, () => '/');
  const q = loc.indexOf('?');
  return { pathname: q < 0 ? loc : loc.slice(0, q), search: new URLSearchParams(q < 0 ? '' : loc.slice(q + 1)) };
}

export function useRoute(): Route { return matchRoute(useLocation().pathname); }

/** A client-side link: a real <a href> (open in a new tab works), navigating in place on a plain click. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) { return; }
    e.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={to} onClick={onClick}>{children}</a>;
}

/** '/orgs/3/hosts' for (3, 'hosts'). */
export const orgPath = (orgId: number | string, sub = ''): string => `/orgs/${encodeURIComponent(String(orgId))}${sub === '' ? '' : `/${sub}`}`;
