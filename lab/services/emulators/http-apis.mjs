/**
 * @module lab/services/emulators/http-apis — EMULATORS of HTTP APIs Debian does not package: Elasticsearch (open and
 * secured), the Docker Engine API, CouchDB, and the Kubernetes API server (over TLS). Each answers the few paths a
 * scanner asks with the status, headers and JSON shape the real product sends; everything else gets the product's
 * own "not found"/"forbidden" answer. Not real daemons: product versions are the constants below.
 */
import http from 'node:http';
import https from 'node:https';
import { listen } from './mongodb.mjs';

export const VERSIONS = { elasticsearch: '8.11.1', docker: '24.0.7', dockerApi: '1.43', couchdb: '3.3.2', kubernetes: 'v1.28.4' };

/** Elasticsearch pretty-prints its root document the Jackson way ("key" : value); the Kubernetes API indents by 2. */
const jackson = (o) => `${JSON.stringify(o, null, 2).replace(/^(\s*"[^"]*"):/gm, '$1 :')}\n`;
const indented = (o) => JSON.stringify(o, null, 2);

function send(res, status, body, headers = {}, format = JSON.stringify) {
  const text = typeof body === 'string' ? body : format(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function elasticsearch(secured) {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (secured) {
      return send(res, 401, {
        error: { root_cause: [{ type: 'security_exception', reason: `missing authentication credentials for REST request [${path}]` }],
          type: 'security_exception', reason: `missing authentication credentials for REST request [${path}]` },
        status: 401,
      }, { 'www-authenticate': 'Basic realm="security" charset="UTF-8"' });
    }
    const h = { 'x-elastic-product': 'Elasticsearch' };
    if (path === '/') {
      return send(res, 200, {
        name: 'es-lab', cluster_name: 'gatehouse-lab', cluster_uuid: 'b3Jk0kGfQd2m0v9yN4lCXA',
        version: { number: VERSIONS.elasticsearch, build_flavor: 'default', build_type: 'docker', lucene_version: '9.8.0',
          minimum_wire_compatibility_version: '7.17.0', minimum_index_compatibility_version: '7.0.0' },
        tagline: 'You Know, for Search',
      }, h, jackson);
    }
    if (path === '/_cat/indices') { return send(res, 200, 'green open customers 3Jk0kGfQd2m0v9yN4lCXA 1 0 1200 0 1.1mb 1.1mb\n', h); }
    if (path === '/_cluster/health') { return send(res, 200, { cluster_name: 'gatehouse-lab', status: 'green', number_of_nodes: 1 }, h); }
    return send(res, 400, { error: `no handler found for uri [${path}] and method [${req.method}]` }, h);
  };
}

function docker(req, res) {
  const path = (req.url ?? '/').split('?')[0].replace(/^\/v1\.\d+/, '');
  const h = { 'api-version': VERSIONS.dockerApi, 'docker-experimental': 'false', ostype: 'linux', server: `Docker/${VERSIONS.docker} (linux)` };
  if (path === '/_ping') { return send(res, 200, 'OK', h); }
  if (path === '/version') {
    return send(res, 200, {
      Platform: { Name: 'Docker Engine - Community' }, Version: VERSIONS.docker, ApiVersion: VERSIONS.dockerApi,
      MinAPIVersion: '1.12', GitCommit: '311b9ff', GoVersion: 'go1.20.10', Os: 'linux', Arch: 'amd64',
      KernelVersion: '6.1.0-lab', BuildTime: '2023-10-26T09:08:01.000000000+00:00',
    }, h);
  }
  if (path === '/containers/json') {
    return send(res, 200, [{ Id: '4f66ad9a0b2e', Names: ['/lab-web'], Image: 'nginx:1.25', State: 'running', Status: 'Up 2 hours' }], h);
  }
  if (path === '/info') { return send(res, 200, { ID: 'LAB0:DOCK:ER00', Containers: 1, Images: 3, ServerVersion: VERSIONS.docker, OperatingSystem: 'Debian GNU/Linux 12 (bookworm)' }, h); }
  return send(res, 404, { message: 'page not found' }, h);
}

function couchdb(req, res) {
  const path = (req.url ?? '/').split('?')[0];
  const h = { server: `CouchDB/${VERSIONS.couchdb} (Erlang OTP/24)`, 'cache-control': 'must-revalidate' };
  if (path === '/') {
    return send(res, 200, { couchdb: 'Welcome', version: VERSIONS.couchdb, git_sha: '11a234070', uuid: '2b1e1fd2c7a34c6a9b7f2d4ab1c2e3f4',
      features: ['access-ready', 'partitioned', 'pluggable-storage-engines', 'reshard', 'scheduler'], vendor: { name: 'The Apache Software Foundation' } }, h);
  }
  if (path === '/_up') { return send(res, 200, { status: 'ok', seeds: {} }, h); }
  if (path.startsWith('/_')) { return send(res, 401, { error: 'unauthorized', reason: 'You are not a server admin.' }, h); }
  return send(res, 404, { error: 'not_found', reason: 'Database does not exist.' }, h);
}

function kubernetes(req, res) {
  const path = (req.url ?? '/').split('?')[0];
  const h = { 'x-kubernetes-pf-flowschema-uid': '7d5e2f1a-lab', 'audit-id': '00000000-0000-4000-8000-000000000000' };
  if (path === '/version') {
    return send(res, 200, { major: '1', minor: '28', gitVersion: VERSIONS.kubernetes, gitCommit: 'bae2c62678db2b5053817bc97181fcc2e8388103',
      gitTreeState: 'clean', buildDate: '2023-11-15T16:48:54Z', goVersion: 'go1.20.11', compiler: 'gc', platform: 'linux/amd64' }, h, indented);
  }
  if (path === '/healthz' || path === '/livez' || path === '/readyz') { return send(res, 200, 'ok', h); }
  return send(res, 403, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `forbidden: User "system:anonymous" cannot get path "${path}"`, reason: 'Forbidden', details: {}, code: 403 }, h, indented);
}

function bounded(server) {
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxHeadersCount = 100;
  return server;
}

export const serveElasticsearch = (host, port, { secured = false } = {}) => listen(bounded(http.createServer(elasticsearch(secured))), host, port);
export const serveDocker = (host, port) => listen(bounded(http.createServer(docker)), host, port);
export const serveCouchdb = (host, port) => listen(bounded(http.createServer(couchdb)), host, port);
export const serveKubernetes = (host, port, { cert, key }) => listen(bounded(https.createServer({ cert, key }, kubernetes)), host, port);
