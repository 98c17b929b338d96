/** @module web/session — who is logged in (GET /auth/me), shared by the pages through TanStack Query. */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, type Me } from './api';
import { CSRF_COOKIE, readCookie } from './api/client';

export const ME_KEY = ['auth', 'me'] as const;

export function useMe() {
  return useQuery<Me | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      // No CSRF cookie: no session either (both are set at login); skip a request that could only answer 401.
      if (readCookie(document.cookie, CSRF_COOKIE) === null) { return null; }
      try { return await api.get('/auth/me'); } catch (err) {
        if (err instanceof ApiError && err.status === 401) { return null; }
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function canWrite(me: Me | null | undefined): boolean { return me?.canWrite === true; }
