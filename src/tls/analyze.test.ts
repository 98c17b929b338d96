/**
 * Robustness and end-to-end tests of the analyser against scripted loopback servers: garbage, a truncated record, an
 * alert, a 16 MB record claim, an endless stream, silence; a minimal TLS 1.2 server and an SSLv2-only server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { tcpDialer } from '../net/dialer.js';
import { GatehouseError } from '../errors/index.js';
import { analyzeTls } from './analyze.js';
import { wrapRecords } from './records.js';
import {
  alertRecord, fixturePem, flight, minimalTls12, scriptedServer, ssl2ServerHello,
} from './testkit.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of closers.splice(0)) { await c(); } });

async function serve(onData: (s: Socket, first: Buffer) => void): Promise<number> {
  const srv = await scriptedServer((s) => { s.once('data', (d: Buffer) => onData(s, d)); });
  closers.push(srv.close);
  return srv.port;
}

const root = new X509Certificate(fixturePem('root'));
const analyse = (port: number, timeoutMs = 1000) => analyzeTls({
  host: '127.0.0.1', port, anchors: [root], anchorsLabel: 'test root', dialer: tcpDialer, timeoutMs, http: false, sni: 'www.good.test',
});

async function failure(p: Promise<unknown>): Promise<GatehouseError> {
  try { await p; } catch (err) { if (err instanceof GatehouseError) { return err; } throw err; }
  throw new Error('expected a GatehouseError');
}

describe('hostile or non-TLS servers give a clean result in bounded time', () => {
  const cases: Array<{ name: string; reply: (s: Socket) => void; want: RegExp }> = [
    { name: 'garbage (HTTP)', reply: (s) => { s.end('HTTP/1.1 400 Bad Request\r\n\r\n'); }, want: /not TLS: bad record header/ },
    { name: 'truncated record', reply: (s) => { s.end(Buffer.from([22, 3, 3, 0, 80, 2, 0])); }, want: /handshake failed: truncated handshake/ },
    { name: 'alert', reply: (s) => { s.end(alertRecord(40)); }, want: /handshake failed: .*alert handshake_failure/ },
    { name: 'record claiming 16 MB', reply: (s) => { s.write(Buffer.from([22, 3, 3, 0xff, 0xff])); s.write(Buffer.alloc(100_000, 1)); }, want: /handshake failed: record length 65535 exceeds 18432/ },
    { name: 'endless handshake stream', reply: (s) => {
        s.write(flight([Buffer.from([11, 0x03, 0xff, 0xff])]));                    // a Certificate of 256 KiB …
        const chunk = wrapRecords(22, 0x0303, Buffer.alloc(16_000, 0x41));          // … that never ends
        const pump = (): void => { while (!s.destroyed && s.write(chunk)) { /* fill the socket buffer */ } };
        s.on('drain', pump);
        pump();
      }, want: /handshake failed: truncated handshake \(max-bytes\)/ },
    { name: 'silence', reply: () => { /* never answers */ }, want: /handshake failed: no answer within 300 ms/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const port = await serve((s) => c.reply(s));
      const t0 = Date.now();
      const err = await failure(analyse(port, 300));
      expect(err.code).toBe('GH_ERR_TLS');
      expect(err.message).toMatch(c.want);
      expect(Date.now() - t0).toBeLessThan(10_000);
    });
  }

  it('nothing listening: GH_ERR_CONNECT', async () => {
    const srv = await scriptedServer(() => undefined);
    await srv.close();
    expect((await failure(analyse(srv.port))).code).toBe('GH_ERR_CONNECT');
  });
});

describe('a minimal TLS 1.2 server', () => {
  it('is enumerated: one protocol, one suite, its curve, its chain', async () => {
    const port = await serve(minimalTls12);
    const { report, findings } = await analyse(port);
    expect(report.protocols).toEqual(['TLSv1.2']);
    expect(report.ciphers).toEqual({ 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] });
    expect(report.groups).toEqual(['secp256r1']);
    expect(report.certificate?.subject).toBe('CN=good.test');
    expect(report.trust).toMatchObject({ trusted: true, complete: true, hostnameMatch: true });
    expect(findings.map((f) => f.id)).toContain('tls-no-tls1.3');
    expect(findings.map((f) => f.id)).not.toContain('tls-weak-cipher');
  });
});

describe('an SSLv2-only server', () => {
  it('is reported as SSLv2 with its cipher kinds', async () => {
    const port = await serve((s, first) => {
      if (((first[0] as number) & 0x80) !== 0) { s.end(ssl2ServerHello(Buffer.from('x'), [0x010080, 0x020080])); return; }
      s.end(alertRecord(70));
    });
    const { report, findings } = await analyse(port);
    expect(report.protocols).toEqual(['SSLv2']);
    expect(report.ciphers['SSLv2']).toEqual(['SSL_CK_RC4_128_WITH_MD5', 'SSL_CK_RC4_128_EXPORT40_WITH_MD5']);
    expect(findings.map((f) => f.id)).toEqual(expect.arrayContaining(['tls-sslv2', 'tls-weak-cipher']));
  });
});
