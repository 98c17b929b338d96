import { describe, expect, it } from 'vitest';
import { classifyErrno, Outcome } from './tcp-connector.js';
import { decide } from '../engine/tcp-scan.js';

describe('connect outcome classification', () => {
  const table: { errno: string; want: Outcome }[] = [
    { errno: 'ECONNREFUSED', want: Outcome.Refused },
    { errno: 'ECONNRESET', want: Outcome.Open },
    { errno: 'EHOSTUNREACH', want: Outcome.HostUnreach },
    { errno: 'ENETUNREACH', want: Outcome.NetUnreach },
    { errno: 'EMFILE', want: Outcome.Resource },
    { errno: 'EADDRNOTAVAIL', want: Outcome.Resource },
    { errno: 'EPERM', want: Outcome.Error },
  ];
  for (const { errno, want } of table) {
    it(`${errno} → ${Outcome[want]}`, () => expect(classifyErrno(errno)).toBe(want));
  }

  it('maps outcomes to states and reasons', () => {
    expect(decide(Outcome.Open, '')).toEqual(['open', 'syn-ack']);
    expect(decide(Outcome.Refused, 'ECONNREFUSED')).toEqual(['closed', 'conn-refused']);
    expect(decide(Outcome.SelfConnect, '')).toEqual(['closed', 'self-connect']);
    expect(decide(Outcome.HostUnreach, 'EHOSTUNREACH')).toEqual(['filtered', 'host-unreach']);
    expect(decide(Outcome.Error, 'EPERM')).toEqual(['filtered', 'admin-prohibited']);
    expect(decide(Outcome.Error, 'EINVAL')).toEqual(['unknown', 'error']);
  });
});

// ---- the connectors against real loopback sockets ----------------------------------------------------------------

import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { createTcpConnector, loadNative, nativeUnavailable, type ConnectorKind, type TcpConnector } from './tcp-connector.js';
import { labSkip } from '../../test/lab/require.js';
import { closedPort } from '../../test/support/loopback.js';

interface Answer { slot: number; gen: number; outcome: Outcome; errno: string }

/** A connector whose answers are awaited per (slot, gen). */
function harness(kind: ConnectorKind): { c: TcpConnector; answers: Answer[]; next(slot: number, gen: number, ms?: number): Promise<Answer | null> } {
  const answers: Answer[] = [];
  const waiting = new Map<string, (a: Answer) => void>();
  const c = createTcpConnector((slot, gen, outcome, errno) => {
    const a = { slot, gen, outcome, errno };
    answers.push(a);
    waiting.get(`${slot}/${gen}`)?.(a);
  }, kind);
  const next = (slot: number, gen: number, ms = 2000): Promise<Answer | null> => new Promise((resolve) => {
    const done = answers.find((a) => a.slot === slot && a.gen === gen);
    if (done) { resolve(done); return; }
    const t = setTimeout(() => resolve(null), ms);
    waiting.set(`${slot}/${gen}`, (a) => { clearTimeout(t); resolve(a); });
  });
  return { c, answers, next };
}

async function listen(host = '127.0.0.1'): Promise<net.Server> {
  const s = net.createServer((sock) => sock.destroy());
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  return s;
}
const portOf = (s: net.Server): number => (s.address() as net.AddressInfo).port;

describe('native batch connector availability', () => {
  it('is built and loads (required under GATEHOUSE_REQUIRE_LAB=1, as in CI)', ({ skip }) => {
    const b = loadNative();
    if (b === null && labSkip(`the native connector: ${nativeUnavailable}`)) { skip(); }
    expect(b).not.toBeNull();
    expect(createTcpConnector(() => undefined).kind).toBe('native');
  });
});

for (const kind of ['native', 'tcp_wrap', 'net'] as const) {
  describe(`${kind} connector on loopback`, () => {
    const unavailable = kind === 'native' && loadNative() === null;

    it.skipIf(unavailable)('tells an open port from a closed one, many times over the same slots', async () => {
      const open = await listen();
      const closed = await closedPort();
      const { c, next } = harness(kind);
      expect(c.kind).toBe(kind);
      try {
        // The same two slots alternate open and closed targets: a reused socket must never carry an old answer over.
        for (let gen = 1; gen <= 20; gen++) {
          const target = gen % 3 === 0 ? portOf(open) : closed;
          c.connect(gen % 2, gen, '127.0.0.1', 4, target);
          const a = await next(gen % 2, gen);
          expect(a?.outcome, `probe ${gen} to ${target}`).toBe(target === closed ? Outcome.Refused : Outcome.Open);
        }
      } finally {
        c.close();
        open.close();
      }
    });

    it.skipIf(unavailable)('gives no answer for a cancelled probe, and the slot answers the next one truly', async () => {
      const open = await listen();
      const closed = await closedPort();
      const { c, answers, next } = harness(kind);
      try {
        c.connect(0, 1, '127.0.0.1', 4, portOf(open));
        c.cancel(0);
        c.connect(0, 2, '127.0.0.1', 4, closed);
        expect((await next(0, 2))?.outcome).toBe(Outcome.Refused);
        c.connect(0, 3, '127.0.0.1', 4, portOf(open));
        expect((await next(0, 3))?.outcome).toBe(Outcome.Open);
        await new Promise((r) => setTimeout(r, 50));
        expect(answers.filter((a) => a.gen === 1)).toEqual([]);
      } finally {
        c.close();
        open.close();
      }
    });

    it.skipIf(unavailable)('finds exactly the listening ports among 3,000 probed at once', async () => {
      const servers = await Promise.all([listen(), listen(), listen(), listen(), listen()]);
      const want = new Set(servers.map(portOf));
      const ports = [...want];
      for (let p = 20000; ports.length < 3000; p++) { if (!want.has(p)) { ports.push(p); } }
      const { c, next } = harness(kind);
      try {
        ports.forEach((p, slot) => c.connect(slot, 7, '127.0.0.1', 4, p));
        const got = await Promise.all(ports.map((_, slot) => next(slot, 7, 10_000)));
        expect(got.every((a) => a !== null)).toBe(true);
        const open = ports.filter((_, i) => got[i]?.outcome === Outcome.Open);
        // Nothing else listens on 20000+ here, unless another process does: those count as open for every connector.
        for (const p of want) { expect(open).toContain(p); }
        expect(got.filter((a) => a?.outcome !== Outcome.Open && a?.outcome !== Outcome.Refused)).toEqual([]);
      } finally {
        c.close();
        for (const s of servers) { s.close(); }
      }
    });

    it.skipIf(unavailable)('speaks IPv6 and reports a bad address as an error, not an answer from a host', async () => {
      const { c, next } = harness(kind);
      let v6: net.Server | null = null;
      try {
        v6 = await listen('::1').catch(() => null);
        if (v6 !== null) {
          c.connect(1, 1, '::1', 6, portOf(v6));
          expect((await next(1, 1))?.outcome).toBe(Outcome.Open);
        }
        c.connect(2, 1, 'not-an-address', 4, 80);
        const bad = await next(2, 1);
        expect(bad === null || (bad.outcome !== Outcome.Open && bad.outcome !== Outcome.Refused)).toBe(true);
      } finally {
        c.close();
        v6?.close();
      }
    });
  });
}

describe('native connector: how an open port is closed', () => {
  it.skipIf(loadNative() === null)('with a FIN by default, with a reset when asked', async () => {
    const seen: string[] = [];
    const server = net.createServer((sock) => {
      sock.on('end', () => { seen.push('end'); sock.end(); }).on('error', (e: NodeJS.ErrnoException) => { seen.push(e.code ?? 'error'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { c, next } = harness('native');
    try {
      c.connect(0, 1, '127.0.0.1', 4, portOf(server));
      expect((await next(0, 1))?.outcome).toBe(Outcome.Open);
      c.connect(1, 1, '127.0.0.1', 4, portOf(server), true);
      expect((await next(1, 1))?.outcome).toBe(Outcome.Open);
      for (let i = 0; i < 50 && seen.length < 2; i++) { await new Promise((r) => setTimeout(r, 20)); }
      expect(seen.sort()).toEqual(['ECONNRESET', 'end']);
    } finally {
      c.close();
      server.close();
    }
  });
});

describe('native connector in a worker thread', () => {
  it.skipIf(loadNative() === null)('survives the thread ending with probes in flight (its handle closes before the addon unloads)', async () => {
    // The thread imports the compiled module (vitest's transform does not apply inside a worker): dist/net.
    const dist = new URL('../../dist/net/tcp-connector.js', import.meta.url).href;
    const code = `
      const { createTcpConnector } = await import(${JSON.stringify(dist)});
      const { parentPort } = await import('node:worker_threads');
      const c = createTcpConnector(() => {}, 'native');
      for (let i = 0; i < 500; i++) c.connect(i, 1, '127.0.0.1', 4, 1 + i); // loopback only; answers still queued at exit
      parentPort.postMessage(c.kind);
      if (process.env.GH_KEEP === '1') setInterval(() => {}, 1000); // held open: terminated from outside
    `;
    for (let round = 0; round < 4; round++) {
      const keep = round % 2 === 0;
      const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { env: { ...process.env, GH_KEEP: keep ? '1' : '0' } });
      const exited = new Promise<number>((resolve) => w.once('exit', resolve));
      const kind = await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      expect(kind).toBe('native');
      if (keep) { await w.terminate(); }
      // Terminated (1) or ended on its own (0); before the fix the whole process died of SIGSEGV here.
      expect(await exited).toBe(keep ? 1 : 0);
    }
  });
});
