/**
 * @module checks/http — HTTP-based checks (RFC 9110): `http-no-tls` (a cleartext web service that does not send
 * visitors to HTTPS), `elasticsearch-no-auth` (GET / answers cluster facts without credentials) and
 * `docker-api-exposed` (GET /version of the Docker Engine API answers without credentials: full root control of
 * the host). Every request is a single read-only GET with `Connection: close`.
 */
import type { PortResult } from '../core/types.js';
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { httpGet } from './http-get.js';
import { header, jsonBody } from '../protocols/http.js';
import { httpApi, implicitTls, isService } from './facts.js';
import { REF, sansPort } from './refs.js';
import { isRecord } from '../core/guards.js';
import { tlsRequiredHint } from '../probes/tls-required.js';

const HTTP_NAMES = ['http', 'http-proxy', 'http-alt', 'elasticsearch', 'docker', 'couchdb', 'kubernetes', 'etcd', 'prometheus'];
const notTls = (p: PortResult): boolean => !implicitTls(p);

export const httpNoTls: Check = {
  id: 'http-no-tls',
  title: 'Web service without TLS',
  severity: 'low',
  services: ['http', 'http-proxy', 'http-alt'],
  applies: (p) => notTls(p) && httpApi(p) === undefined,
  proves: 'The service answers HTTP in clear and does not redirect to HTTPS: pages, cookies and any login cross the network unencrypted (medium when the page holds a password field).',
  probe: 'GET / with Connection: close; the status, Location header and body are inspected.',
  remediation: 'Serve the site over HTTPS only: redirect every HTTP request to https:// (301) and send Strict-Transport-Security.',
  references: [REF.cwe319, REF.owaspTls, REF.rfc6797, sansPort(80)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const res = await httpGet(conn, ctx, '/');
      if (res === null) { return notRun('the answer to GET / is not HTTP', conn.exchanges); }
      const hint = res.status >= 400 && res.status < 500 ? tlsRequiredHint(res.body) : null;
      if (hint !== null) { return secure(`GET / in clear was refused: the server (${hint.server}) says "${hint.text}" — this port speaks TLS.`, conn.exchanges); }
      const loc = header(res, 'location') ?? '';
      if (res.status >= 300 && res.status < 400 && /^https:\/\//i.test(loc)) {
        return secure(`GET / is redirected to ${loc.slice(0, 120)}.`, conn.exchanges);
      }
      const password = /<input[^>]*type\s*=\s*["']?password/i.test(res.body.toString('latin1'));
      return vulnerable(`GET / was answered in clear with HTTP ${res.status}${loc ? ` (Location: ${loc.slice(0, 80)})` : ''}${password ? ', and the page holds a password field' : ''}.`,
        conn.exchanges, { ...(password ? { severity: 'medium' as const } : {}), details: { status: res.status, passwordForm: password } });
    });
  },
};

export const elasticsearchNoAuth: Check = {
  id: 'elasticsearch-no-auth',
  title: 'Elasticsearch without authentication',
  severity: 'critical',
  services: HTTP_NAMES,
  applies: (p) => isService(p, 'elasticsearch', /elasticsearch|opensearch/i),
  proves: 'GET / returned the cluster name and version without credentials: anyone can search, change and delete the indices.',
  probe: 'GET / (read-only), no credentials.',
  remediation: 'Enable security (xpack.security.enabled: true, the default since 8.0) with TLS and passwords, bind to a private interface (network.host) and firewall 9200/9300.',
  references: [REF.elasticSecurity, REF.cwe306, sansPort(9200)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const res = await httpGet(conn, ctx, '/');
      if (res === null) { return notRun('the answer to GET / is not HTTP', conn.exchanges); }
      if (res.status === 401 || res.status === 403) { return secure(`GET / requires credentials (HTTP ${res.status}).`, conn.exchanges); }
      const body = jsonBody(res);
      const version = isRecord(body?.version) ? body.version : undefined;
      const cluster = body?.cluster_name;
      const tagline = typeof body?.tagline === 'string' ? body.tagline : '';
      if (res.status !== 200 || typeof cluster !== 'string' || (typeof version?.number !== 'string' && !/for Search|OpenSearch/i.test(tagline))) {
        return notRun(`GET / did not return Elasticsearch cluster facts (HTTP ${res.status})`, conn.exchanges);
      }
      const v = typeof version?.number === 'string' ? version.number : null;
      return vulnerable(`GET / without credentials returned cluster "${cluster.slice(0, 80)}"${v ? ` version ${v}` : ''}.`, conn.exchanges, { details: { cluster: cluster.slice(0, 80), version: v } });
    });
  },
};

export const dockerApiExposed: Check = {
  id: 'docker-api-exposed',
  title: 'Docker Engine API exposed',
  severity: 'critical',
  services: HTTP_NAMES,
  applies: (p) => isService(p, 'docker', /docker/i),
  proves: 'GET /version of the Docker Engine API answered without credentials: anyone can start a privileged container and take over the host.',
  probe: 'GET /version (read-only), no client certificate over cleartext or TLS as identified.',
  remediation: 'Never expose the Docker socket on TCP without mutual TLS (tlsverify with client certificates); prefer SSH (DOCKER_HOST=ssh://) and firewall 2375/2376.',
  references: [REF.dockerProtect, REF.cwe306, sansPort(2375)],
  async run(ctx) {
    if (implicitTls(ctx.port)) { return notRun('the API speaks TLS; this check talks to cleartext Docker APIs only'); }
    return withConn(ctx, async (conn) => {
      const res = await httpGet(conn, ctx, '/version');
      if (res === null) { return notRun('the answer to GET /version is not HTTP', conn.exchanges); }
      if (res.status === 401 || res.status === 403) { return secure(`GET /version requires credentials (HTTP ${res.status}).`, conn.exchanges); }
      const body = jsonBody(res);
      const api = body?.ApiVersion;
      if (res.status !== 200 || typeof api !== 'string') { return notRun(`GET /version did not return a Docker version document (HTTP ${res.status})`, conn.exchanges); }
      const v = typeof body?.Version === 'string' ? body.Version : null;
      const os = typeof body?.Os === 'string' ? body.Os : null;
      return vulnerable(`GET /version without credentials returned Docker ${v ?? '(version not given)'} (API ${api}${os ? `, ${os}` : ''}).`, conn.exchanges,
        { details: { version: v, apiVersion: api, os } });
    });
  },
};
