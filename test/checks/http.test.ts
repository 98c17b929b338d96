import { afterEach, describe, expect, it } from 'vitest';
import { lineServer, runOne, type Fake } from './fake-server.js';
import { dockerApiExposed, elasticsearchNoAuth, httpNoTls } from '../../src/checks/http.js';

let fakes: Fake[] = [];
afterEach(async () => { await Promise.all(fakes.map((f) => f.close())); fakes = []; });

/** Answers the request line with `route(path)` once the blank line ending the head arrives. */
async function http(route: (path: string) => { status: string; headers?: string[]; body: string }): Promise<Fake> {
  let path = '';
  const f = await lineServer(null, (line, s) => {
    if (line.startsWith('GET ')) { path = line.split(' ')[1] ?? '/'; return null; }
    if (line !== '') { return null; }
    const r = route(path);
    s.end(`HTTP/1.1 ${r.status}\r\n${(r.headers ?? []).map((h) => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(r.body)}\r\nConnection: close\r\n\r\n${r.body}`);
    return null;
  });
  fakes.push(f);
  return f;
}

describe('http-no-tls', () => {
  it('reports a page served in clear, medium with a password form', async () => {
    const f = await http(() => ({ status: '200 OK', body: '<form><input name="u"><input type="password" name="p"></form>' }));
    const { port } = await runOne(httpNoTls, f, { name: 'http' });
    expect(port.findings?.[0]?.severity).toBe('medium');
    expect(port.findings?.[0]?.details?.passwordForm).toBe(true);
  });
  it('reports a plain page as low', async () => {
    const f = await http(() => ({ status: '200 OK', body: '<h1>hello</h1>' }));
    expect((await runOne(httpNoTls, f, { name: 'http' })).port.findings?.[0]?.severity).toBe('low');
  });
  it('accepts a redirect to https', async () => {
    const f = await http(() => ({ status: '301 Moved Permanently', headers: ['Location: https://www.example.net/'], body: '' }));
    expect((await runOne(httpNoTls, f, { name: 'http' })).outcome?.status).toBe('secure');
  });
  it('does not apply to HTTPS or to recognised APIs', async () => {
    const f = await http(() => ({ status: '200 OK', body: '' }));
    expect((await runOne(httpNoTls, f, { name: 'http', tls: true })).outcome).toBeUndefined();
    expect((await runOne(httpNoTls, f, { name: 'http', facts: { 'http.api': 'docker' } })).outcome).toBeUndefined();
  });
});

describe('elasticsearch-no-auth', () => {
  it('reports cluster facts returned without credentials', async () => {
    const f = await http(() => ({ status: '200 OK', headers: ['Content-Type: application/json'], body: JSON.stringify({ name: 'n1', cluster_name: 'lab', version: { number: '7.17.9' }, tagline: 'You Know, for Search' }) }));
    const { port } = await runOne(elasticsearchNoAuth, f, { name: 'http', facts: { 'http.api': 'elasticsearch' } });
    expect(port.findings?.[0]?.details).toEqual({ cluster: 'lab', version: '7.17.9' });
  });
  it('accepts 401', async () => {
    const f = await http(() => ({ status: '401 Unauthorized', headers: ['WWW-Authenticate: Basic realm="security"'], body: '{}' }));
    expect((await runOne(elasticsearchNoAuth, f, { name: 'elasticsearch' })).outcome?.status).toBe('secure');
  });
  it('is not run on a plain web server', async () => {
    const f = await http(() => ({ status: '200 OK', body: '' }));
    expect((await runOne(elasticsearchNoAuth, f, { name: 'http' })).outcome).toBeUndefined();
  });
});

describe('docker-api-exposed', () => {
  it('reports GET /version answered without credentials', async () => {
    const f = await http((p) => (p === '/version' ? { status: '200 OK', body: JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux' }) } : { status: '404 Not Found', body: '' }));
    const { port } = await runOne(dockerApiExposed, f, { name: 'docker' });
    expect(port.findings?.[0]?.severity).toBe('critical');
    expect(port.findings?.[0]?.details?.apiVersion).toBe('1.43');
  });
  it('accepts 403', async () => {
    const f = await http(() => ({ status: '403 Forbidden', body: '' }));
    expect((await runOne(dockerApiExposed, f, { name: 'docker' })).outcome?.status).toBe('secure');
  });
});
