/** A TLS port whose analysis fails part-way (issue 16 item 11): recorded as `checksNotRun` id `tls`, never silent. */
import { afterEach, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { HostResult, PortResult } from '../core/types.js';
import { tlsStage } from './stage.js';
import { identificationStage } from '../probes/stage.js';
import { fixturePem, minimalTls12, scriptedServer } from './testkit.js';

const port = (p: number, name: string, tls?: boolean): PortResult => ({
  port: p, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name, ...(tls !== undefined ? { tls } : {}) },
});
const host = (p: PortResult): HostResult => ({ address: '127.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } });

/**
 * A TLS 1.2 server (testkit's minimal one) until `turn()` is called; from then on every connection gets an endless
 * stream of noise. Identification sees TLS and completes its handshakes; the TLS analysis then meets the hostile peer.
 */
async function turnsHostile() {
  let hostile = false;
  let hellos = 0;
  const srv = await scriptedServer((s: Socket) => s.once('data', (d: Buffer) => {
    if (!hostile) { hellos++; minimalTls12(s, d); return; }
    const chunk = Buffer.alloc(16_384, 0x7e);
    const pump = (): void => { while (!s.destroyed && s.write(chunk)) { /* fill */ } };
    s.on('drain', pump);
    pump();
  }));
  return { ...srv, turn: () => { hostile = true; }, hellos: () => hellos };
}

describe('tlsStage: analysis that fails after the port was identified as TLS', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const c of closers.splice(0)) { await c(); } });
  const stage = tlsStage({ anchors: [new X509Certificate(fixturePem('root'))], anchorsLabel: 'test root', timeoutMs: 500 });

  it('records checksNotRun {id: tls, reason: error, code, message} when the peer turns hostile after identification', async () => {
    const srv = await turnsHostile();
    closers.push(srv.close);
    const p = port(srv.port, 'unknown');
    const h = host(p);
    const ctx = { signal: new AbortController().signal, hostname: undefined };
    await identificationStage().run(p, h, ctx);
    expect(p.service.tls).toBe(true);
    expect(srv.hellos()).toBeGreaterThanOrEqual(3); // identification completed its TLS handshakes
    srv.turn();
    expect(stage.applies(p, h)).toBe(true);
    await stage.run(p, h, ctx);
    expect(p.tls).toBeUndefined();
    expect(p.findings ?? []).toEqual([]);
    const entry = p.checksNotRun?.find((c) => c.id === 'tls');
    expect(entry).toMatchObject({ id: 'tls', reason: 'error', code: 'GH_ERR_TLS' });
    expect(entry?.message?.length ?? 0).toBeGreaterThan(0);
    expect(entry?.message?.length ?? 0).toBeLessThanOrEqual(300);
    expect([...(entry?.message ?? '')].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)).toBe(true);
  }, 30_000);

  it('an aborted analysis (port budget spent) is recorded too', async () => {
    const srv = await scriptedServer(() => undefined); // accepts, never answers
    closers.push(srv.close);
    const p = port(srv.port, 'https', true);
    await stage.run(p, host(p), { signal: AbortSignal.timeout(100), hostname: undefined });
    expect(p.checksNotRun?.find((c) => c.id === 'tls')).toMatchObject({ id: 'tls', reason: 'error' });
  }, 20_000);

  it('a port only guessed as TLS (named https from the port table, not identified) that does not speak TLS stays untouched', async () => {
    const srv = await scriptedServer((s) => s.once('data', () => s.end('HTTP/1.0 400 Bad\r\n\r\n')));
    closers.push(srv.close);
    const p = port(srv.port, 'https');
    expect(stage.applies(p, host(p))).toBe(true);
    await stage.run(p, host(p), { signal: new AbortController().signal, hostname: undefined });
    expect(p.tls).toBeUndefined();
    expect(p.checksNotRun).toBeUndefined();
  }, 20_000);
});
