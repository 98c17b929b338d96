/**
 * @module probes/http-apis — well-known APIs behind HTTP, recognised from their own answers (never from the port):
 * Elasticsearch/OpenSearch (`GET /`: "tagline" + version.number, or the X-elastic-product header), CouchDB
 * (`GET /`: {"couchdb":"Welcome","version"}), Docker Engine (`Server: Docker/…`, Api-Version header;
 * `GET /version`: Version, ApiVersion), Kubernetes (`GET /version`: gitVersion + major/minor; a Status object at
 * `/`), Prometheus (`/` redirects to /graph or /query; `GET /api/v1/status/buildinfo`), etcd (`GET /version`:
 * etcdserver, etcdcluster), WinRM (HTTP.sys `Server: Microsoft-HTTPAPI/2.0`; `GET /wsman`: 401 with
 * `WWW-Authenticate: Negotiate`, [MS-WSMV] §2.1). At most two follow-up GETs, only after the first answer was HTTP.
 */
import type { ServiceMatch } from './types.js';
import { header, jsonBody, type HttpResponse } from '../protocols/http.js';
import { clean } from './util.js';
import { isRecord } from '../core/guards.js';

export type ApiName = 'elasticsearch' | 'couchdb' | 'docker' | 'kubernetes' | 'prometheus' | 'etcd' | 'winrm';
export interface ApiHit { api: ApiName; product: string; version?: string; extraInfo?: string }

const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? clean(v, 64) : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);

/** What the answer to `GET /` alone proves. */
export function apiFromRoot(r: HttpResponse): ApiHit | null {
  const j = jsonBody(r);
  const ver = obj(j?.version);
  if (j !== null && typeof j.tagline === 'string' && ver !== undefined) {
    const os = /opensearch/i.test(j.tagline) || ver.distribution === 'opensearch';
    return { api: 'elasticsearch', product: os ? 'OpenSearch' : 'Elasticsearch REST API', ...(s(ver.number) ? { version: s(ver.number) as string } : {}), ...(s(j.cluster_name) ? { extraInfo: `cluster ${s(j.cluster_name) as string}` } : {}) };
  }
  const elastic = header(r, 'x-elastic-product');
  if (elastic !== undefined) { return { api: 'elasticsearch', product: 'Elasticsearch REST API', extraInfo: r.status === 401 ? 'authentication required' : elastic }; }
  const err = obj(j?.error);
  if (r.status === 401 && err !== undefined && err.type === 'security_exception' && /realm="security"/.test(header(r, 'www-authenticate') ?? '')) {
    return { api: 'elasticsearch', product: 'Elasticsearch REST API', extraInfo: 'authentication required' };
  }
  if (j !== null && j.couchdb === 'Welcome') { return { api: 'couchdb', product: 'CouchDB', ...(s(j.version) ? { version: s(j.version) as string } : {}) }; }
  const server = header(r, 'server') ?? '';
  const docker = /^Docker\/(\d[\w.+-]*)/.exec(server);
  if (docker !== null || header(r, 'docker-experimental') !== undefined) { return { api: 'docker', product: 'Docker Engine API', ...(docker?.[1] ? { version: docker[1] } : {}) }; }
  if (j !== null && j.kind === 'Status' && j.apiVersion === 'v1') { return { api: 'kubernetes', product: 'Kubernetes API' }; }
  const loc = header(r, 'location') ?? '';
  if (r.status >= 300 && r.status < 400 && /^(?:https?:\/\/[^/]*)?\/(?:graph|query)(?:[?#].*)?$/.test(loc)) { return { api: 'prometheus', product: 'Prometheus' }; }
  return null;
}

/** What the answer to `GET /version` proves (Docker, Kubernetes, etcd). */
export function apiFromVersion(r: HttpResponse): ApiHit | null {
  if (r.status !== 200) { return null; }
  const j = jsonBody(r);
  if (j === null) { return null; }
  if (typeof j.etcdserver === 'string') { return { api: 'etcd', product: 'etcd', version: s(j.etcdserver) as string, ...(s(j.etcdcluster) ? { extraInfo: `cluster ${s(j.etcdcluster) as string}` } : {}) }; }
  if (typeof j.gitVersion === 'string' && typeof j.major === 'string') { return { api: 'kubernetes', product: 'Kubernetes API', version: (s(j.gitVersion) as string).replace(/^v/, '') }; }
  if (typeof j.ApiVersion === 'string' && typeof j.Version === 'string') {
    return { api: 'docker', product: 'Docker Engine API', version: s(j.Version) as string, extraInfo: `API ${s(j.ApiVersion) as string}${s(j.Os) ? `; ${s(j.Os) as string}` : ''}` };
  }
  return null;
}

/** What `GET /api/v1/status/buildinfo` proves (Prometheus). */
export function apiFromBuildinfo(r: HttpResponse): ApiHit | null {
  const j = jsonBody(r);
  const data = obj(j?.data);
  if (r.status !== 200 || j?.status !== 'success' || data === undefined || typeof data.version !== 'string' || typeof data.goVersion !== 'string') { return null; }
  return { api: 'prometheus', product: 'Prometheus', version: s(data.version) as string };
}

/** What `GET /wsman` proves: WinRM asks for Negotiate (or Kerberos/NTLM) authentication from HTTP.sys. */
export function apiFromWsman(r: HttpResponse): ApiHit | null {
  const auth = r.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v.split(/[\s,]/)[0] ?? '');
  if (r.status !== 401 || !auth.some((a) => /^(Negotiate|Kerberos|NTLM)$/i.test(a))) { return null; }
  return { api: 'winrm', product: 'Microsoft Windows Remote Management', extraInfo: `WS-Management; auth ${[...new Set(auth)].join(', ')}` };
}

/** A match refined by an API hit (the HTTP server product moves to extraInfo when the API names itself). */
export function withApi(m: ServiceMatch, hit: ApiHit, path: string): ServiceMatch {
  const srv = m.facts?.['http.server'];
  // the HTTP server in front, unless the API names itself in the Server header (Docker/…, CouchDB/…)
  const server = typeof srv === 'string' && !/^(?:Docker|CouchDB)\//i.test(srv) ? srv : undefined;
  const extra = [hit.extraInfo, server !== undefined ? `server ${server}` : undefined].filter((x) => x !== undefined).join('; ');
  const out: ServiceMatch = { ...m, product: hit.product, confidence: 1, facts: { ...m.facts, 'http.api': hit.api, 'http.apiPath': path } };
  if (hit.version !== undefined) { out.version = hit.version; } else { delete out.version; }
  if (extra !== '') { out.extraInfo = extra; } else { delete out.extraInfo; }
  return out;
}

/** Follow-ups after a first HTTP answer: at most two GETs, chosen from what the root answer showed. */
export async function apiFollowUps(m: ServiceMatch, get: (path: string) => Promise<HttpResponse | null>): Promise<ServiceMatch> {
  const api = m.facts?.['http.api'];
  if (api === 'elasticsearch' || api === 'couchdb') { return m; }
  if (api === undefined && /^Microsoft-HTTPAPI\//.test(String(m.facts?.['http.server'] ?? ''))) {
    const w = await get('/wsman');
    const hit = w !== null ? apiFromWsman(w) : null;
    return hit !== null ? { ...withApi(m, hit, '/wsman'), name: 'winrm' } : m;
  }
  if (api === 'prometheus' || api === undefined) {
    const loc = String(m.facts?.['http.location'] ?? '');
    if (api === 'prometheus' || /\/(?:graph|query)/.test(loc)) {
      const b = await get('/api/v1/status/buildinfo');
      const hit = b !== null ? apiFromBuildinfo(b) : null;
      if (hit !== null) { return withApi(m, hit, '/api/v1/status/buildinfo'); }
      if (api === 'prometheus') { return m; }
    }
  }
  const v = await get('/version');
  const hit = v !== null ? apiFromVersion(v) : null;
  return hit !== null ? withApi(m, hit, '/version') : m;
}
