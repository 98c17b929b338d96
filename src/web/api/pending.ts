/**
 * @module web/api/pending — TEMPORARY: the dashboard read models (GET /portfolio, …/hosts, …/hosts/:address,
 * …/finding-types/:checkId, …/changes) are being added on branch web-api; until it is merged and `npm run gen:api`
 * regenerates schema.d.ts, these aliases mirror its zod schemas (server/resources/dashboard.ts) and `getJson`
 * fetches them. After the merge each alias becomes `ApiResponse<'…'>` and each call `api.get('…')`.
 */
import { ApiError, API_BASE, fillPath, queryString } from './client';

type Counts = { critical: number; high: number; medium: number; low: number; info: number };
export interface PortfolioRow {
  organization: { id: number; name: string; relationship: string; criticality: string; parentId: number | null; tags: string[]; createdAt: string };
  grade: { at: string; score: number; letter: string; runId: number } | null;
  trend: Array<{ at: string; score: number; letter: string }>;
  weekDelta: number | null;
  weakestFactor: { factor: string; label: string; points: number } | null;
  findings: Counts;
}
export interface HostRow {
  address: string; hostname: string | null; score: number | null; letter: string | null; openPorts: number; ports: number[];
  os: { family: string; name: string; version?: string; confidence: number } | null; lastSeen: string; stale: boolean; findings: Counts;
}
export interface HostDetail {
  host: HostRow;
  ports: Array<{ port: number; protocol: 'tcp' | 'udp'; state: string; service: string; product: string | null; version: string | null; tls: { versions: string[]; certificateSubject: string | null; notAfter: string | null; findings: string[] } | null }>;
  findings: Array<{ id: number; findingId: string; title: string; severity: string; host: string; port: number | null; protocol: 'tcp' | 'udp' | null; state: string; firstSeen: string; lastSeen: string; fixedAt: string | null; reopenCount: number }>;
  history: Array<{ runId: number; at: string; score: number; letter: string }>;
}
export interface FindingType {
  checkId: string; title: string; severity: string; description: string; remediation: string; references: string[]; total: number;
  occurrences: Array<{ address: string; port: number | null; protocol: 'tcp' | 'udp' | null; state: string; firstSeen: string; lastSeen: string; fixedAt: string | null; reopenCount: number; observed: string | null; evidence: Array<{ direction: 'sent' | 'received'; base64: string; truncated: boolean; note?: string }> }>;
}
type Capped<T> = { count: number; items: T[] };
type PortRef = { host: string; port: number; protocol: 'tcp' | 'udp'; service: string };
type FindingRef = { host: string; port: number | null; protocol: 'tcp' | 'udp' | null; id: string; severity: string; title: string };
type Svc = { name: string; product: string | null; version: string | null };
export interface Change {
  runId: number; previousRunId: number | null; at: string;
  grade: { from: number | null; to: number | null; delta: number | null; fromLetter: string | null; toLetter: string | null };
  hostsAppeared: Capped<string>; hostsDisappeared: Capped<string>; portsOpened: Capped<PortRef>; portsClosed: Capped<PortRef>;
  servicesChanged: Capped<{ host: string; port: number; protocol: 'tcp' | 'udp'; before: Svc; after: Svc }>;
  findingsNew: Capped<FindingRef>; findingsFixed: Capped<FindingRef>; findingsReopened: Capped<FindingRef>;
  detailed: boolean;
}

/** GET a path not yet in schema.d.ts (same headers and errors as the typed client). */
export async function getJson<T>(template: string, path: Record<string, string | number>, query?: Record<string, string | number | undefined>): Promise<T> {
  const res = await fetch(API_BASE + fillPath(template, path) + queryString(query), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const body: unknown = res.status === 204 ? null : await res.json().catch((err: unknown) => ({ error: { code: 'GH_ERR_INVALID', message: `not JSON: ${String(err)}` } }));
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'GH_ERR_INTERNAL', e?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}
