/** @module web/api — the browser's API client (one instance) and the shapes of answers, from the generated types. */
import { createClient, type ApiResponse } from './client';

let onUnauthenticated: () => void = () => undefined;
/** The app sets what a 401 does (go to the login page). */
export function setUnauthenticatedHandler(fn: () => void): void { onUnauthenticated = fn; }

export const api = createClient({
  fetch: (input, init) => fetch(input, init),
  cookies: () => document.cookie,
  onUnauthenticated: () => onUnauthenticated(),
});

export type Me = ApiResponse<'/auth/me'>;
export type Organization = ApiResponse<'/organizations'>['items'][number];
export type OrgSummary = ApiResponse<'/organizations/{orgId}/summary'>;
export type GradePoint = ApiResponse<'/organizations/{orgId}/grade/history'>['items'][number];
export type FindingRow = ApiResponse<'/organizations/{orgId}/findings'>['items'][number];
export type RunRow = ApiResponse<'/organizations/{orgId}/scans'>['items'][number];
export { ApiError, apiUrl } from './client';
