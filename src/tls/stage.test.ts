import { afterEach, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { HostResult, PortResult } from '../core/types.js';
import { tlsPlan, tlsStage } from './stage.js';
import { alertRecord, fixturePem, minimalTls12, scriptedServer } from './testkit.js';

// The fixture leaf certificates expire on 2027-01-01: validity is judged at a fixed date, never the wall clock.
const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');
import type { TlsReport } from './report.js';
import { parseTarget } from './cli.js';
import { GatehouseError } from '../errors/index.js';

const port = (p: number, name: string, tls?: boolean): PortResult => ({
  port: p, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name, ...(tls !== undefined ? { tls } : {}) },
});

describe('tlsPlan', () => {
  const cases: Array<{ port: PortResult; want: ReturnType<typeof tlsPlan> }> = [
    { port: port(443, 'https'), want: { starttls: undefined } },
    { port: port(8443, 'unknown'), want: { starttls: undefined } },
    { port: port(25, 'smtp'), want: { starttls: 'smtp' } },
    { port: port(587, 'submission'), want: { starttls: 'smtp' } },
    { port: port(465, 'smtp'), want: { starttls: undefined } },
    { port: port(5432, 'postgresql'), want: { starttls: 'postgres' } },
    { port: port(3306, 'mysql'), want: { starttls: 'mysql' } },
    { port: port(389, 'ldap'), want: { starttls: 'ldap' } },
    { port: port(9999, 'unknown', true), want: { starttls: undefined } },
    { port: port(22, 'ssh'), want: null },
    { port: { ...port(443, 'https'), protocol: 'udp' }, want: null },
  ];
  for (const c of cases) { it(`${c.port.port}/${c.port.service.name}`, () => { expect(tlsPlan(c.port)).toEqual(c.want); }); }
});

describe('parseTarget', () => {
  it('accepts HOST:PORT and [v6]:PORT', () => {
    expect(parseTarget('10.0.0.1:443')).toEqual({ host: '10.0.0.1', port: 443 });
    expect(parseTarget('mail.example:25')).toEqual({ host: 'mail.example', port: 25 });
    expect(parseTarget('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
  });
  for (const bad of ['10.0.0.1', '10.0.0.1:0', '10.0.0.1:70000', '::1:443', '[zz]:443', ':443']) {
    it(`rejects ${bad} with exit 2`, () => {
      try { parseTarget(bad); expect.unreachable(); } catch (err) {
        expect(err).toBeInstanceOf(GatehouseError);
        expect((err as GatehouseError).exitCode).toBe(2);
        expect((err as GatehouseError).code).toBe('GH_ERR_TARGET_SYNTAX');
      }
    });
  }
});

describe('tlsStage on loopback servers', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const c of closers.splice(0)) { await c(); } });
  const host = (p: PortResult): HostResult => ({ address: '127.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } });
  const ctx = { signal: new AbortController().signal, hostname: 'www.good.test' };
  const stage = tlsStage({ anchors: [new X509Certificate(fixturePem('root'))], anchorsLabel: 'test root', timeoutMs: 1000, now: FIXTURE_NOW });

  it('sets port.tls and appends findings on a TLS port', async () => {
    const srv = await scriptedServer((s) => s.once('data', (d: Buffer) => minimalTls12(s, d)));
    closers.push(srv.close);
    const p: PortResult = { ...port(srv.port, 'unknown', true), findings: [{ id: 'earlier', severity: 'info', title: 't', evidence: 'e', remediation: 'r', references: [] }] };
    expect(stage.applies(p, host(p))).toBe(true);
    await stage.run(p, host(p), ctx);
    expect((p.tls as TlsReport | undefined)?.protocols).toEqual(['TLSv1.2']);
    expect((p.tls as TlsReport | undefined)?.trust?.hostnameMatch).toBe(true);
    expect(p.findings?.map((f) => f.id)).toEqual(['earlier', 'tls-no-tls1.3']);
  });

  it('leaves a port that does not speak TLS untouched', async () => {
    const srv = await scriptedServer((s) => s.once('data', () => s.end('SSH-2.0-x\r\n')));
    closers.push(srv.close);
    const p = port(srv.port, 'unknown', true);
    await stage.run(p, host(p), ctx);
    expect(p.tls).toBeUndefined();
    expect(p.findings).toBeUndefined();
  });

  it('leaves an SMTP server without STARTTLS untouched', async () => {
    const srv = await scriptedServer((s) => { s.write('220 hi\r\n'); s.on('data', (d: Buffer) => s.write(d.toString().startsWith('EHLO') ? '250 mail\r\n' : alertRecord(40))); });
    closers.push(srv.close);
    const p = port(srv.port, 'smtp');
    await stage.run(p, host(p), ctx);
    expect(p.tls).toBeUndefined();
  });
});
