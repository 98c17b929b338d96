// Integration tests: identifyPort against small servers on 127.0.0.1 (friendly protocols and hostile peers).
import { describe, it, expect, afterEach } from 'vitest';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { identifyPort } from './identify.js';
import { identificationStage } from './stage.js';
import type { HostResult, PortResult } from '../core/types.js';
import { serve, lineServer, endless, type Running } from './test/servers.js';
import { labSkip } from '../../test/lab/require.js';

const FAST = { bannerWaitMs: 300, readTimeoutMs: 400, connectTimeoutMs: 1000 };
let running: Running[] = [];
let http: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.close()));
  await Promise.all(http.map((h) => new Promise<void>((r) => { h.closeAllConnections(); h.close(() => r()); })));
  running = []; http = [];
});
async function start(onConn: Parameters<typeof serve>[0]): Promise<number> { const r = await serve(onConn); running.push(r); return r.port; }
interface Answer { status: number; headers: Record<string, string>; body: string }
async function startHttp(handler: (path: string) => Answer): Promise<number> {
  const h = createHttpServer((req, res) => { const a = handler(req.url ?? '/'); res.writeHead(a.status, a.headers); res.end(a.body); });
  http.push(h);
  await new Promise<void>((r) => h.listen(0, '127.0.0.1', () => r()));
  return (h.address() as AddressInfo).port;
}
const evidenceSize = (id: Awaited<ReturnType<typeof identifyPort>>): number => JSON.stringify(id.service.evidence ?? []).length;

describe('identifyPort: protocols', () => {
  it('SSH banner → OpenSSH with version, evidence = the banner', async () => {
    const port = await start((s) => { s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'ssh', method: 'probed', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3', confidence: 1, cpe: 'cpe:/a:openbsd:openssh:9.2p1' });
    expect(id.service.evidence?.[0]).toEqual({ sent: null, received: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n' });
    expect(id.facts['ssh.banner']).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3');
  });

  it('SMTP: greeting, then EHLO capabilities as facts', async () => {
    const port = await start(lineServer('220 mx.test ESMTP Postfix (Debian/GNU)\r\n', (l, s) => {
      if (l.startsWith('EHLO')) { return '250-mx.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n'; }
      if (l === 'QUIT') { s.end('221 2.0.0 Bye\r\n'); }
      return null;
    }));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'smtp', product: 'Postfix smtpd', confidence: 1 });
    expect(id.facts['smtp.ehlo']).toEqual(['PIPELINING', 'SIZE 10240000', 'STARTTLS']);
    expect(id.facts['smtp.starttls']).toBe(true);
    expect(id.service.evidence?.[1]?.sent).toBe('EHLO gatehouse.invalid\\r\\n');
  });

  it('Redis on a port without a hint: found by the probe queue, INFO server gives the version', async () => {
    const port = await start(lineServer(null, (l) => (l === 'PING' ? '+PONG\r\n' : l === 'INFO server' ? '$40\r\n# Server\r\nredis_version:7.2.4\r\nos:Linux\r\n\r\n' : '-ERR unknown command\r\n')));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'redis', product: 'Redis key-value store', version: '7.2.4' });
    expect(id.facts['redis.auth']).toBe('none');
  });

  it('HTTP with a Docker Engine API behind it: follow-up GET /version', async () => {
    const port = await startHttp((p): Answer => (p === '/version'
      ? { status: 200, headers: { 'Content-Type': 'application/json', Server: 'Docker/24.0.7 (linux)' }, body: '{"Version":"24.0.7","ApiVersion":"1.43","Os":"linux"}' }
      : { status: 404, headers: { 'Content-Type': 'application/json', Server: 'Docker/24.0.7 (linux)', 'Api-Version': '1.43' }, body: '{"message":"page not found"}' }));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'http', product: 'Docker Engine API', version: '24.0.7', extraInfo: 'API 1.43; linux' });
    expect(id.facts['http.api']).toBe('docker');
    expect(id.service.evidence?.some((e) => e.sent?.startsWith('GET /version ') === true)).toBe(true);
  });

  it('HTTP with Prometheus behind it: the /graph redirect leads to buildinfo', async () => {
    const port = await startHttp((p): Answer => (p === '/api/v1/status/buildinfo'
      ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status":"success","data":{"version":"2.45.0","revision":"x","goVersion":"go1.20"}}' }
      : { status: 302, headers: { Location: '/graph' }, body: '' }));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'http', product: 'Prometheus', version: '2.45.0', cpe: 'cpe:/a:prometheus:prometheus:2.45.0' });
  });

  it('a plain nginx-like server stays http with its Server header', async () => {
    const port = await startHttp(() => ({ status: 200, headers: { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' }, body: '<title>Hi</title>' }));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'http', product: 'nginx', version: '1.22.1', cpe: 'cpe:/a:igor_sysoev:nginx:1.22.1' });
    expect(id.facts['http.title']).toBe('Hi');
  });
});

describe('identifyPort: ambiguous and cross-protocol answers', () => {
  it('a bare "220" banner: FEAT confirms FTP', async () => {
    const port = await start(lineServer('220 ready\r\n', (l, s) => {
      if (l === 'FEAT') { return '211-Features:\r\n AUTH TLS\r\n PASV\r\n211 End\r\n'; }
      if (l === 'QUIT') { s.end('221 Goodbye.\r\n'); }
      return null;
    }));
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'ftp', confidence: 0.9 });
    expect(id.facts['ftp.features']).toEqual(['AUTH TLS', 'PASV']);
  });

  it('an HTTP 400 to a foreign probe promotes the HTTP probe, whose answer names the server', async () => {
    const port = await start((s) => { s.once('data', (d: Buffer) => {
      const get = d.toString('latin1').startsWith('GET / ');
      s.end(`HTTP/1.1 ${get ? '200 OK' : '400 Bad Request'}\r\nServer: lighttpd/1.4.69\r\nContent-Length: 0\r\n\r\n`);
    }); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'http', product: 'lighttpd', version: '1.4.69' });
    expect(id.facts['http.status']).toBe(200);
  });
});

describe('identifyPort: RDP servers are named only when the answers tell', () => {
  /** An RDP listener answering each Connection Request by `answer(requestedProtocols)`. */
  const rdpServer = (answer: (requested: number) => string) => (s: import('node:net').Socket): void => {
    s.once('data', (d: Buffer) => { s.end(Buffer.from(answer(d.length >= 19 ? d.readUInt32LE(15) : 0), 'hex')); });
  };
  it('xrdp: TLS selected with flags 0x01, and standard RDP security for a CredSSP-only request → xrdp', async () => {
    const port = await start(rdpServer((req) => (req === 2 ? '030000130ed000001234000201080000000000' : '030000130ed000001234000201080001000000')));
    const id = await identifyPort('127.0.0.1', port, { ...FAST, rules: (await import('./registry.js')).registry.filter((r) => r.name === 'rdp') });
    expect(id.service).toMatchObject({ name: 'ms-wbt-server', product: 'xrdp' });
    expect(id.facts['rdp.hybridOnly']).toBe('selected 0');
  });
  it('a server that refuses a CredSSP-only request without Windows-only flags: no product is guessed', async () => {
    const port = await start(rdpServer((req) => (req === 2 ? '030000130ed000001234000301080002000000' : '030000130ed000001234000201080001000000')));
    const id = await identifyPort('127.0.0.1', port, { ...FAST, rules: (await import('./registry.js')).registry.filter((r) => r.name === 'rdp') });
    expect(id.service.name).toBe('ms-wbt-server');
    expect(id.service.product).toBeUndefined();
  });
});

describe('identifyPort: hostile and broken peers never crash, hang or bloat', () => {
  it('endless banner: bounded evidence and facts', async () => {
    const port = await start(endless);
    const t = Date.now();
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service.name).toBe('unknown');
    expect(Date.now() - t).toBeLessThan(15_000);
    expect(evidenceSize(id)).toBeLessThan(80_000);
    expect(String(id.facts.banner).length).toBeLessThanOrEqual(4 * 512);
    expect(id.service.evidence?.[0]?.truncated).toBe(true);
  });

  it('random bytes: unknown, raw banner kept escaped', async () => {
    const junk = Buffer.concat([Buffer.from([0x01, 0x02, 0x9c]), randomBytes(200)]);
    const port = await start((s) => { s.end(junk); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'unknown', method: 'probed' });
    expect(id.service.evidence?.[0]?.received?.startsWith('\\x01\\x02\\x9c')).toBe(true);
  });

  it('silence: unknown after bounded probing, evidence says nothing came', async () => {
    const port = await start(() => undefined);
    const t = Date.now();
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service.name).toBe('unknown');
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(id.service.evidence?.[0]).toMatchObject({ sent: null, received: null });
  });

  it('reset on connect: unknown, no throw', async () => {
    const port = await start((s) => { s.resetAndDestroy(); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service.name).toBe('unknown');
  });

  it('reset mid-handshake after a partial SSH banner', async () => {
    const port = await start((s) => { s.write('SSH-2.0-Open'); setTimeout(() => s.resetAndDestroy(), 50); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(['unknown', 'ssh']).toContain(id.service.name);
    expect(evidenceSize(id)).toBeLessThan(20_000);
  });

  it('slow trickle (one byte per 100 ms): bounded time', async () => {
    const port = await start((s) => { const t = setInterval(() => { if (s.destroyed) { clearInterval(t); } else { s.write('x'); } }, 100); s.on('close', () => clearInterval(t)); });
    const t0 = Date.now();
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(id.service.name).toBe('unknown');
  });

  it('nothing listening any more: unknown, no throw', async () => {
    const r = await serve(() => undefined);
    await r.close();
    const id = await identifyPort('127.0.0.1', r.port, FAST);
    expect(id.service).toMatchObject({ name: 'unknown', method: 'probed' });
  });

  it('abort signal stops identification early', async () => {
    const port = await start(() => undefined);
    const t = Date.now();
    const id = await identifyPort('127.0.0.1', port, { ...FAST, readTimeoutMs: 5000, bannerWaitMs: 5000, signal: AbortSignal.timeout(300) });
    expect(Date.now() - t).toBeLessThan(3000);
    expect(id.service.name).toBe('unknown');
  });
});

describe('identificationStage', () => {
  it('replaces the table name with the probed service and stores facts', async () => {
    const port = await start((s) => { s.write('RFB 003.008\n'); s.once('data', () => s.write(Buffer.from([1, 1]))); });
    const p: PortResult = { port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'rfb', method: 'table' } };
    const host: HostResult = { address: '127.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } };
    const stage = identificationStage();
    expect(stage.applies(p, host)).toBe(true);
    await stage.run(p, host, { signal: new AbortController().signal, hostname: undefined });
    expect(p.service).toMatchObject({ name: 'vnc', method: 'probed', extraInfo: 'protocol 3.8' });
    expect(p.serviceFacts?.['vnc.securityTypes']).toEqual(['1']);
  });
});

describe('identifyPort: TLS', () => {
  it('a TLS server answering HTTP is https, tls = true, product from the Server header', async (ctx) => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createServer: createHttpsServer } = await import('node:https');
    const dir = mkdtempSync(join(tmpdir(), 'gh-probes-tls-'));
    try {
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
      } catch (err) {
        // the openssl CLI is needed to make a throwaway certificate (a failure under GATEHOUSE_REQUIRE_LAB=1)
        if (labSkip(`openssl could not make a certificate: ${(err as Error).message}`)) { ctx.skip(); }
        return;
      }
      const srv = createHttpsServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => { res.writeHead(200, { Server: 'nginx/1.24.0' }); res.end('ok'); });
      http.push(srv);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      const id = await identifyPort('127.0.0.1', (srv.address() as AddressInfo).port, FAST);
      expect(id.service).toMatchObject({ name: 'https', tls: true, product: 'nginx', version: '1.24.0', cpe: 'cpe:/a:igor_sysoev:nginx:1.24.0' });
      expect(id.facts['tls.version']).toMatch(/^TLSv1\.[23]$/);
      expect(id.service.evidence?.some((e) => e.note === 'over TLS')).toBe(true);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  // nginx, Apache and Go answer cleartext HTTP on a TLS port with a 400 in their own words; the port is https.
  it.for([
    ['nginx', 'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head><body><center><h1>400 Bad Request</h1></center><center>The plain HTTP request was sent to HTTPS port</center></body></html>\r\n'],
    ['Apache', 'HTTP/1.1 400 Bad Request\r\nServer: Apache/2.4.62 (Debian)\r\nConnection: close\r\n\r\n<p>Your browser sent a request that this server could not understand.<br />\nReason: You\'re speaking plain HTTP to an SSL-enabled server port.<br />\n</p>'],
    ['Go', 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n'],
  ] as const)('TLS on an unusual port whose cleartext answer is %s\'s 400 is https (TLS probed), not http', async ([, plain], ctx) => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createServer: createHttpsServer } = await import('node:https');
    const dir = mkdtempSync(join(tmpdir(), 'gh-probes-tls-'));
    try {
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
      } catch {
        ctx.skip(); // reason: the openssl CLI is needed to make a throwaway certificate
        return;
      }
      const tlsSide = createHttpsServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => { res.writeHead(200, { Server: 'nginx/1.22.1' }); res.end('ok'); });
      http.push(tlsSide);
      // One port, both behaviours: a ClientHello goes to the TLS server, a cleartext GET gets the server's words,
      // any other bytes (another protocol's probe) a bare 400, as nginx does.
      const port = await start((s) => {
        s.once('data', (d: Buffer) => {
          if (d[0] === 0x16) { s.pause(); s.unshift(d); tlsSide.emit('connection', s); return; }
          s.end(d.toString('latin1').startsWith('GET ') ? plain : 'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request');
        });
      });
      const id = await identifyPort('127.0.0.1', port, FAST);
      expect(id.service).toMatchObject({ name: 'https', tls: true, product: 'nginx' });
      expect(id.facts['http.tlsRequired']).toBeUndefined();
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('a TLS server that closes after the handshake is ssl/unknown with tls = true', async () => {
    const port = await start((s) => { s.once('data', () => { s.end(Buffer.from([0x15, 3, 3, 0, 2, 2, 40])); }); });
    const id = await identifyPort('127.0.0.1', port, FAST);
    expect(id.service).toMatchObject({ name: 'ssl/unknown', tls: true });
    expect(id.facts['tls.alert']).toBe(40);
  });
});
