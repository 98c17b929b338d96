/**
 * @module probes/services/http — HTTP/1.x (ports 80, 8080, 8000, …; generic probe for every unknown port).
 * Spec: RFC 9110/9112. Sends `GET / HTTP/1.1` with Host and `Connection: close`; reads one bounded response.
 * Reveals: status, headers, Server (product/version), title; then APIs behind HTTP (probes/http-apis.ts) with at
 * most two follow-up GETs on fresh connections.
 */
import type { Conn } from '../../net/dialer.js';
import type { ProbeContext, ProbeRule, ServiceMatch } from '../types.js';
import { parseHttpResponse, httpComplete, header, serverProduct, htmlTitle, type HttpResponse } from '../../protocols/http.js';
import { apiFromRoot, apiFollowUps, withApi } from '../http-apis.js';
import { compact } from '../util.js';
import { tlsRequiredHint } from '../tls-required.js';

/** "host[:port]" for the Host header (IPv6 in brackets; the port unless it is the scheme's default). */
export function hostHeader(ctx: Pick<ProbeContext, 'hostname' | 'port'>, defaultPort: number): string {
  const h = ctx.hostname.includes(':') ? `[${ctx.hostname}]` : ctx.hostname;
  return ctx.port === defaultPort ? h : `${h}:${ctx.port}`;
}

export function httpRequest(path: string, host: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: gatehouse\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

/** A parsed HTTP response as a match (service `name`: 'http' or 'https'). */
export function httpMatch(r: HttpResponse, name: string): ServiceMatch {
  const server = header(r, 'server');
  const sp = server !== undefined ? serverProduct(server) : undefined;
  const title = htmlTitle(r.body);
  const facts = compact({
    'http.status': r.status,
    'http.headers': r.headers.map(([k, v]) => `${k}: ${v}`),
    'http.server': server,
    'http.title': title,
    'http.location': header(r, 'location'),
  });
  const m: ServiceMatch = compact({ name, product: sp?.product, version: sp?.version, extraInfo: sp?.extraInfo, confidence: r.complete ? 1 : 0.9, facts });
  const hint = r.status >= 400 && r.status < 500 ? tlsRequiredHint(r.body) : null;
  if (hint !== null && name === 'http') {
    // The server says this port speaks TLS: not a cleartext web service until a ClientHello says otherwise.
    return { ...m, confidence: 0.6, next: 'tls', facts: { ...m.facts, 'http.tlsRequired': hint.server } };
  }
  const api = apiFromRoot(r);
  return api !== null ? withApi(m, api, '/') : m;
}

export function parseHttp(data: Buffer): ServiceMatch | null {
  const r = parseHttpResponse(data, ['HTTP']);
  return r === null ? null : httpMatch(r, 'http');
}

/** GET `path` on a fresh plain connection; its exchange is appended to `trail`. */
async function plainGet(ctx: ProbeContext, trail: Conn, path: string): Promise<HttpResponse | null> {
  let c: Conn;
  try { c = await ctx.dial(); } catch { return null; }
  try {
    const r = await c.exchange(httpRequest(path, hostHeader(ctx, 80)), { timeoutMs: ctx.readTimeoutMs, maxBytes: 65_536, until: httpComplete });
    trail.exchanges.push(...c.exchanges);
    return parseHttpResponse(r.data, ['HTTP']);
  } finally { c.close(); }
}

export const httpRule: ProbeRule = {
  name: 'http',
  service: 'http',
  ports: [80, 8080, 8000, 8008, 8081, 8888, 9200, 5984, 2375, 9090, 2379, 10250, 3000, 5000],
  payload: (ctx) => httpRequest('/', hostHeader(ctx, 80)),
  until: httpComplete,
  maxBytes: 65_536,
  match: parseHttp,
  session: (conn, m, ctx) => apiFollowUps(m, (path) => plainGet(ctx, conn, path)),
  cpe: {
    nginx: 'igor_sysoev:nginx', 'Apache httpd': 'apache:http_server', lighttpd: 'lighttpd:lighttpd', 'Microsoft IIS httpd': 'microsoft:internet_information_services',
    'Elasticsearch REST API': 'elasticsearch:elasticsearch', CouchDB: 'apache:couchdb', 'Docker Engine API': 'docker:docker', 'Kubernetes API': 'kubernetes:kubernetes',
    Prometheus: 'prometheus:prometheus', etcd: 'etcd-io:etcd', OpenSearch: 'amazon:opensearch',
  },
};
