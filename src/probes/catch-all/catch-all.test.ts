/** Catch-all host detection (issue 14 item 5): pure parts table-driven, the filter against a fake dialer. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Exchange, HostResult, PortResult } from '../../core/types.js';
import type { Conn, Dialer, ReadResult } from '../../net/dialer.js';
import { GatehouseError } from '../../errors/index.js';
import { alike, collapse, dominant, dominantAlike, isCandidate, signature, spreadSample } from './behaviour.js';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tcpDialer } from '../../net/dialer.js';
import { classifyWait, filterCatchAll, firstAnswerAsker, paced, type Asker } from './index.js';

const open = (n: number): PortResult => ({ port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'unknown' } });
const hostWith = (ports: number[]): HostResult => ({ address: '192.0.2.9', hostnames: [], state: 'up', reason: 'syn-ack', ports: ports.map(open), counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } });

/**
 * A fake box: `answer(port)` is what the port sends back to the probe (null: silence; 'refused': connect error; 'eof' /
 * 'reset': closed without bytes); `delayOf(port)`: how long its answer takes (a read given less sees silence).
 */
function fakeDialer(answer: (port: number) => string | null, delayOf: (port: number) => number = () => 0): Dialer & { dials: number } {
  const d = {
    dials: 0,
    async tcp(_a: string, port: number): Promise<Conn> {
      d.dials++;
      const a = answer(port);
      if (a === 'timeout') { throw new GatehouseError('GH_ERR_CONNECT', 'timed out', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }); }
      if (a === 'refused') { throw new GatehouseError('GH_ERR_CONNECT', 'refused', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }); }
      const exchanges: Exchange[] = [];
      const silence: ReadResult = { data: Buffer.alloc(0), end: 'timeout' };
      const res: ReadResult = a === null ? silence : a === 'eof' ? { data: Buffer.alloc(0), end: 'eof' }
        : a === 'reset' ? { data: Buffer.alloc(0), end: 'error' } : { data: Buffer.from(a), end: 'complete' };
      return {
        exchanges, socket: undefined as never, closed: false,
        write() { /* recorded by exchange */ }, read: async () => res, close() { /* nothing held */ },
        async exchange(sent, opts) {
          const late = delayOf(port) > (opts?.timeoutMs ?? 3000);
          exchanges.push({ sent: String(sent), received: late ? null : a });
          return late ? silence : res;
        },
      };
    },
  };
  return d;
}

describe('catch-all behaviour', () => {
  it('candidates: many ports open and a large share of those scanned', () => {
    const table: [number, number, boolean][] = [[100, 100, true], [65535, 65535, true], [99, 99, false], [500, 1000, true], [400, 1000, false], [0, 0, false]];
    for (const [o, s, want] of table) { expect(isCandidate(o, s), `${o}/${s}`).toBe(want); }
  });

  it('signatures fold digits and keep 48 bytes; kinds stay apart', () => {
    expect(signature({ kind: 'data', data: Buffer.from('220 box ESMTP 2026-12-01 10:00\r\n'), ms: 1 })).toBe(signature({ kind: 'data', data: Buffer.from('220 box ESMTP 2025-01-31 23:59\r\n'), ms: 5 }));
    expect(signature({ kind: 'data', data: Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), ms: 1 })).not.toBe(signature({ kind: 'data', data: Buffer.from('SSH-2.0-dropbear\r\n'), ms: 1 }));
    expect(signature({ kind: 'data', data: Buffer.alloc(500, 0x41), ms: 1 })).toBe(`data:${'A'.repeat(48)}`);
    expect(new Set([signature({ kind: 'silent' }), signature({ kind: 'closed' }), signature({ kind: 'reset' }), signature({ kind: 'connect-error', code: 'ETIMEDOUT' })]).size).toBe(4);
  });

  it('dataless kinds are alike to each other, never to bytes or a refusal', () => {
    const table: [string, string, boolean][] = [['silent', 'silent', true], ['closed', 'silent', true], ['reset', 'closed', true], ['data:x', 'silent', false],
      ['silent', 'data:x', false], ['data:x', 'data:x', true], ['data:y', 'data:x', false], ['connect-error:ECONNREFUSED', 'silent', false]];
    for (const [sig, dom, want] of table) { expect(alike(sig, dom), `${sig} ~ ${dom}`).toBe(want); }
    expect(alike(undefined, 'silent')).toBe(false);
    expect(dominantAlike(['silent', 'closed', 'closed', 'data:a'])).toEqual({ signature: 'closed', share: 0.75 });
    expect(dominantAlike(['data:a', 'data:a', 'silent', 'data:b'])).toEqual({ signature: 'data:a', share: 0.5 });
    expect(dominantAlike([])).toBeUndefined();
  });

  it('dominant and spread sample', () => {
    expect(dominant(['a', 'b', 'a', 'a'])).toEqual({ signature: 'a', share: 0.75 });
    expect(dominant([])).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 1, max: 70000 }), fc.integer({ min: 1, max: 40 }), (n, k) => {
      const xs = Array.from({ length: n }, (_, i) => i);
      const s = spreadSample(xs, k);
      expect(s.length).toBe(Math.min(n, k));
      expect(new Set(s).size).toBe(s.length);
    }), { numRuns: 200 });
  });

  it('collapse keeps the lowest alike port as representative and every port that differs', () => {
    const h = hostWith([1, 2, 3, 22, 80, 81]);
    collapse(h, new Map([[1, 'silent'], [2, 'silent'], [3, 'silent'], [22, 'data:SSH'], [80, 'data:HTTP'], [81, 'silent']]), 'silent', [2, 3], [], 500);
    expect(h.ports.map((p) => [p.port, p.catchAll ?? false])).toEqual([[1, true], [22, false], [80, false]]);
    expect(h.catchAll).toMatchObject({ ports: 4, different: 2, representative: 1, behaviour: 'silent' });
    expect(h.counts.open).toBe(6);
  });

  it('the wait scales with the catch-all answer time and the RTT, bounded', () => {
    expect(classifyWait('silent', [], 1)).toBe(300);
    expect(classifyWait('silent', [], 5000)).toBe(2000);
    expect(classifyWait('data:x', [200, 400], 1)).toBe(1200);
    expect(classifyWait('data:x', [5000], 1)).toBe(3000);
  });
});

describe('paced', () => {
  it('runs every item, never more than the concurrency at once, and halves it when connections fail', async () => {
    let active = 0;
    let peakLate = 0;
    let peak = 0;
    let done = 0;
    const seen = new Set<number>();
    await paced(Array.from({ length: 10_000 }, (_, i) => i), 100, async (x) => {
      active++;
      peak = Math.max(peak, active);
      if (done >= 4096 + 100) { peakLate = Math.max(peakLate, active); }
      await new Promise((r) => setImmediate(r));
      active--;
      done++;
      seen.add(x);
      return false; // every connection failed: the host is overloaded
    });
    expect(seen.size).toBe(10_000);
    expect(peak).toBe(100);
    expect(peakLate).toBeLessThanOrEqual(50);
    await paced([], 10, () => Promise.resolve(true)); // nothing to do resolves
  });
});

describe('filterCatchAll', () => {
  const ports = Array.from({ length: 300 }, (_, i) => i + 1);

  it('a silent box with two real services: one fact, the services and a representative listed', async () => {
    const d = fakeDialer((p) => (p === 22 ? 'SSH-2.0-OpenSSH_9.2p1\r\n' : p === 80 ? 'HTTP/1.1 200 OK\r\n' : null));
    const h = hostWith(ports);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 })).toBe(true);
    expect(h.ports.map((p) => p.port)).toEqual([1, 22, 80]);
    expect(h.catchAll).toMatchObject({ ports: 298, different: 2, behaviour: 'silent' });
    expect(h.catchAll!.evidence.length).toBeGreaterThan(0);
  });

  it('a slow real service on a usual port (top 1000) of a silent box is given the long wait and listed', async () => {
    // Port 22 answers after 600 ms: longer than the classification's short wait (300 ms), within the long one (1000 ms).
    const d = fakeDialer((p) => (p === 22 ? 'SSH-2.0-OpenSSH_9.2p1\r\n' : p === 80 ? 'HTTP/1.1 200 OK\r\n' : null), (p) => (p === 22 ? 600 : 0));
    const h = hostWith(ports);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 })).toBe(true);
    expect(h.ports.map((p) => p.port)).toEqual([1, 22, 80]);
    expect(h.catchAll).toMatchObject({ ports: 298, different: 2, behaviour: 'silent' });
  });

  it('the classification goes through the given asker: usual ports with the long wait, every other port once', async () => {
    const d = fakeDialer(() => null);
    const asked: [number, number][] = [];
    const asker: Asker = async (_a, ps, plan, onSig) => { for (const p of ps) { asked.push([p, plan.waitOf(p)]); onSig(p, p === 150 ? 'data:X' : 'silent'); } };
    const h = hostWith(ports);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, asker, sampleWaitMs: 10 })).toBe(true);
    expect(d.dials).toBe(24); // the sample only
    const waits = new Map<number, number[]>();
    for (const [p, w] of asked) { waits.set(p, [...(waits.get(p) ?? []), w]); }
    expect(waits.get(22)).toEqual([1000]); // usual: the long wait at once, not asked again
    expect(waits.get(2)).toEqual([300]);
    expect(waits.get(150)).toEqual([300, 1000]); // differed: asked again with the long wait
    expect(waits.size).toBe(300 - 24);
    expect(h.ports.map((p) => p.port)).toEqual([1, 150]);
  });

  it('a silent box shedding load (some connections closed or reset at once) is still one fact', async () => {
    const d = fakeDialer((p) => (p === 22 ? 'SSH-2.0-OpenSSH_9.2p1\r\n' : p === 80 ? 'HTTP/1.1 200 OK\r\n' : p % 3 === 0 ? 'eof' : p % 7 === 0 ? 'reset' : null));
    const h = hostWith(ports);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 })).toBe(true);
    expect(h.ports.map((p) => p.port)).toEqual([1, 22, 80]);
    expect(h.catchAll).toMatchObject({ ports: 298, different: 2, behaviour: 'silent' });
  });

  it('a normal host with many real services (banners, some silent or closing on HTTP) is not a catch-all', async () => {
    // 200 of 300 ports open: 110 answer with their own banner, 50 stay silent to an HTTP request, 40 close on it.
    const real = Array.from({ length: 200 }, (_, i) => i * 3 / 2 + 1 | 0);
    const d = fakeDialer((p) => { const i = real.indexOf(p); return i < 0 ? 'refused' : i % 20 < 11 ? `220 svc-${i} ready\r\n`.replace(/[0-9]/g, (c) => 'abcdefghij'[+c]!) : i % 20 < 16 ? null : 'eof'; });
    const h = hostWith(real);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 })).toBe(false);
    expect(h.ports.length).toBe(200);
    expect(h.catchAll).toBeUndefined();
    expect(d.dials).toBeLessThanOrEqual(48); // the sample alone (asked at most twice)
  });

  it('a host whose ports answer differently is left alone', async () => {
    const d = fakeDialer((p) => `banner ${String.fromCharCode(65 + (p % 26))}\r\n`);
    const h = hostWith(ports);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d })).toBe(false);
    expect(h.ports.length).toBe(300);
    expect(h.catchAll).toBeUndefined();
  });

  it('few open ports: not a candidate, nothing dialled', async () => {
    const d = fakeDialer(() => null);
    const h = hostWith([22, 80]);
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 1000, dialer: d })).toBe(false);
    expect(d.dials).toBe(0);
  });

  it('ports the port scan lost (filtered) are asked: alike ones join the fact, ones still dropped stay listed', async () => {
    const d = fakeDialer((p) => (p === 80 ? 'HTTP/1.1 200 OK\r\n' : p === 299 ? 'timeout' : null));
    const h = hostWith(ports);
    for (const p of h.ports) { if (p.port === 250 || p.port === 299) { p.state = 'filtered'; p.reason = 'no-response'; } }
    expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 })).toBe(true);
    expect(h.ports.map((p) => [p.port, p.state])).toEqual([[1, 'open'], [80, 'open'], [299, 'filtered']]);
    expect(h.catchAll).toMatchObject({ ports: 298, different: 1 });
    expect(h.catchAll!.unverified).toBeUndefined();
  });

  it('a port refused once is asked again; refused twice it is listed', async () => {
    let first = true;
    const d = fakeDialer((p) => (p === 150 && first ? (first = false, 'refused') : p === 200 ? 'refused' : null));
    const h = hostWith(ports);
    await filterCatchAll(h, { concurrency: 64, scannedTcp: 300, dialer: d, sampleWaitMs: 10 });
    expect(h.ports.map((p) => p.port)).toEqual([1, 200]);
  });
});

describe('filterCatchAll over real sockets (net/first-answer)', () => {
  it('120 silent loopback listeners and one HTTP server: one fact, the HTTP port listed', async () => {
    const servers: Server[] = [];
    const listen = async (onData: ((s: import('node:net').Socket) => void) | null): Promise<number> => {
      const srv = createServer((s) => { s.on('error', () => undefined); if (onData) { s.once('data', () => { onData(s); }); } else { s.resume(); } });
      servers.push(srv);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      return (srv.address() as AddressInfo).port;
    };
    try {
      const silent = await Promise.all(Array.from({ length: 120 }, () => listen(null)));
      const http = await listen((s) => { s.end('HTTP/1.0 200 OK\r\n\r\n'); });
      const h = { ...hostWith([...silent, http].sort((a, b) => a - b)), address: '127.0.0.1' };
      expect(await filterCatchAll(h, { concurrency: 64, scannedTcp: 121, dialer: tcpDialer, asker: firstAnswerAsker, sampleWaitMs: 200 })).toBe(true);
      expect(h.catchAll).toMatchObject({ ports: 120, different: 1, behaviour: 'silent' });
      expect(h.ports.map((p) => p.port)).toEqual([Math.min(...silent), http].sort((a, b) => a - b));
    } finally {
      for (const srv of servers) { srv.close(); }
    }
  });
});
