/** Engine tests on 127.0.0.1 with dgram servers started here: open (answers), silent (bound, never answers), closed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { UdpScanEngine, type UdpScanOptions } from './udp-scan.js';
import { udpExchange } from '../net/udp-exchange.js';

const sockets: dgram.Socket[] = [];
let openPort = 0;
let silentPort = 0;
let closedPort = 0;
let chattyPort = 0;

function bind(onMessage?: (s: dgram.Socket, msg: Buffer, r: dgram.RemoteInfo) => void): Promise<number> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    sockets.push(s);
    if (onMessage) { s.on('message', (m, r) => onMessage(s, m, r)); }
    s.bind(0, '127.0.0.1', () => resolve(s.address().port));
  });
}

beforeAll(async () => {
  openPort = await bind((s, m, r) => s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address));
  silentPort = await bind();
  chattyPort = await bind((s, _m, r) => { for (let i = 0; i < 5; i++) { s.send(Buffer.alloc(1000, 0x41), r.port, r.address); } });
  // A port that was free a moment ago: nothing listens there now, so the kernel answers port unreachable.
  const tmp = dgram.createSocket('udp4');
  closedPort = await new Promise<number>((resolve) => tmp.bind(0, '127.0.0.1', () => resolve(tmp.address().port)));
  await new Promise<void>((resolve) => tmp.close(() => resolve()));
});

afterAll(() => { for (const s of sockets) { s.close(); } });

function opts(ports: number[], over: Partial<UdpScanOptions> = {}): UdpScanOptions {
  return {
    ports, concurrency: 64, perHostInFlight: 64, ratePps: 0, retries: 1, timeouts: { initialMs: 150, minMs: 50, maxMs: 300 },
    quietTries: 2, icmpModel: { intervalMs: 50, burst: 6 }, payloads: () => [Buffer.from('ping')], ...over,
  };
}

describe('UdpScanEngine on loopback', () => {
  it('tells open, closed and open|filtered apart, with reasons', async () => {
    const engine = new UdpScanEngine(opts([openPort, silentPort, closedPort].sort((a, b) => a - b)));
    const out = await engine.scanHost('127.0.0.1', 4);
    const by = new Map(out.map((o) => [o.port, o]));
    expect(by.get(openPort)).toMatchObject({ state: 'open', reason: 'udp-response' });
    expect(by.get(openPort)?.reply?.toString()).toBe('echo:ping');
    expect(by.get(closedPort)).toMatchObject({ state: 'closed', reason: 'port-unreach' });
    expect(by.get(silentPort)).toMatchObject({ state: 'open|filtered', reason: 'no-response' });
    // the silent port was retried: once plainly or paced, never more than retries + paced tries
    expect(by.get(silentPort)?.attempts).toBeGreaterThan(1);
  });

  it('rotates discovery payloads across retries', async () => {
    const seen: string[] = [];
    const port = await bind((_s, m) => { seen.push(m.toString()); });
    const engine = new UdpScanEngine(opts([port], { retries: 2, quietTries: 0, payloads: () => [Buffer.from('a'), Buffer.from('b')] }));
    const [o] = await engine.scanHost('127.0.0.1', 4);
    expect(o?.state).toBe('open|filtered');
    expect(seen).toEqual(['a', 'b', 'a']);
    expect(engine.sent).toBe(3);
  });

  it('scans several hosts at once and resolves each with every port', async () => {
    const engine = new UdpScanEngine(opts([openPort, closedPort]));
    const [a, b] = await Promise.all([engine.scanHost('127.0.0.1', 4), engine.scanHost('127.0.0.2', 4)]);
    expect(a?.map((o) => o.state).sort()).toEqual(['closed', 'open']);
    expect(b?.every((o) => o.state === 'closed')).toBe(true); // nothing is bound on 127.0.0.2
  });

  it('sends from every given source address in turn (one ICMP bucket each at the target)', async () => {
    const from = new Set<string>();
    const echo = (s: dgram.Socket, m: Buffer, r: dgram.RemoteInfo): void => { from.add(r.address); s.send(m, r.port, r.address); };
    const ports = [await bind(echo), await bind(echo), await bind(echo)].sort((a, b) => a - b);
    const engine = new UdpScanEngine(opts(ports, { sources: { v4: ['127.0.0.1', '127.0.0.5', '127.0.0.6'], v6: [] } }));
    const out = await engine.scanHost('127.0.0.1', 4);
    expect(out.map((o) => o.state)).toEqual(['open', 'open', 'open']);
    expect([...from].sort()).toEqual(['127.0.0.1', '127.0.0.5', '127.0.0.6']);
    // each datagram took the lane with the most tokens, so one per lane; all left with a certain token
    expect(engine.counters).toMatchObject({ sent: 3, conclusive: 3, refusals: 0 });
  });

  it('a silent port of a host that sends port unreachables needs two conclusive silences, the last proven by a canary', async () => {
    const engine = new UdpScanEngine(opts([silentPort, closedPort].sort((a, b) => a - b), { retries: 0 }));
    const out = await engine.scanHost('127.0.0.1', 4);
    const silent = out.find((o) => o.port === silentPort);
    expect(silent).toMatchObject({ state: 'open|filtered', reason: 'no-response', attempts: 2 });
    // the closed port was refused once by its own probe and once as the canary behind the final confirmation
    expect(engine.counters).toMatchObject({ confirmations: 1, canaries: 1, refusals: 2 });
    expect(out.find((o) => o.port === closedPort)).toMatchObject({ state: 'closed', attempts: 1 });
  });

  it('a canary that is not refused proves nothing: the silence is asked again until the give-up bound', async () => {
    // a port that refuses once, then goes quiet (something binds it and never answers): every canary meets silence
    const tmp = dgram.createSocket('udp4');
    const flaky = await new Promise<number>((resolve) => tmp.bind(0, '127.0.0.1', () => resolve(tmp.address().port)));
    await new Promise<void>((resolve) => tmp.close(() => resolve()));
    const engine = new UdpScanEngine(opts([silentPort, flaky].sort((a, b) => a - b), { retries: 0, timeouts: { initialMs: 60, minMs: 40, maxMs: 60 } }));
    const scan = engine.scanHost('127.0.0.1', 4);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const squatter = dgram.createSocket('udp4');
    sockets.push(squatter);
    await new Promise<void>((resolve) => squatter.bind(flaky, '127.0.0.1', () => resolve()));
    const out = await scan;
    expect(out.find((o) => o.port === flaky)).toMatchObject({ state: 'closed' });
    const silent = out.find((o) => o.port === silentPort);
    expect(silent?.state).toBe('open|filtered');
    // never proven: it went on being asked, with a canary each time, until 0 retries + 2 quiet tries + 8 extra
    expect(silent?.attempts).toBe(11);
    expect(engine.counters.canaries).toBeGreaterThan(1);
    expect(engine.counters.refusals).toBe(1);
  });

  it('scans IPv6 (::1): open, closed and open|filtered as on IPv4', async () => {
    const bind6 = (answer: boolean): Promise<dgram.Socket> => new Promise((resolve) => {
      const s = dgram.createSocket('udp6');
      sockets.push(s);
      if (answer) { s.on('message', (m, r) => s.send(m, r.port, r.address)); }
      s.bind(0, '::1', () => resolve(s));
    });
    const open6 = (await bind6(true)).address().port;
    const silent6 = (await bind6(false)).address().port;
    const gone = await bind6(false);
    const closed6 = gone.address().port;
    sockets.splice(sockets.indexOf(gone), 1);
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const ports = [open6, silent6, closed6].sort((a, b) => a - b);
    const engine = new UdpScanEngine(opts(ports, { sources: { v4: ['127.0.0.5'], v6: ['::1'] } }));
    const out = new Map((await engine.scanHost('::1', 6)).map((o) => [o.port, o.state]));
    expect(out).toEqual(new Map([[open6, 'open'], [silent6, 'open|filtered'], [closed6, 'closed']]));
  });

  it('abort resolves pending hosts', async () => {
    const engine = new UdpScanEngine(opts([silentPort], { timeouts: { initialMs: 5000, minMs: 5000, maxMs: 5000 } }));
    const p = engine.scanHost('127.0.0.1', 4);
    setTimeout(() => engine.abort(), 50);
    const out = await p;
    expect(out[0]?.state).toBe('open|filtered');
  });
});

describe('udpExchange', () => {
  it('collects every datagram of a reply, bounded', async () => {
    const ex = await udpExchange('127.0.0.1', 4, chattyPort, 'x', Buffer.from('?'), { timeoutMs: 500, quietMs: 100, maxBytes: 3500, maxDatagrams: 10, connected: true });
    expect(ex.replies.length).toBe(3);
    expect(ex.truncated).toBe(true);
  });

  it('reports refusal and silence', async () => {
    const closed = await udpExchange('127.0.0.1', 4, closedPort, 'c', Buffer.from('?'), { timeoutMs: 300, quietMs: 50, maxBytes: 1000, maxDatagrams: 4, connected: true });
    expect(closed).toMatchObject({ refused: true, replies: [] });
    const silent = await udpExchange('127.0.0.1', 4, silentPort, 's', Buffer.from('?'), { timeoutMs: 100, quietMs: 50, maxBytes: 1000, maxDatagrams: 4, connected: true });
    expect(silent).toMatchObject({ refused: false, replies: [] });
  });

  it('unconnected mode accepts a reply from another port of the target (TFTP style)', async () => {
    const other = dgram.createSocket('udp4');
    sockets.push(other);
    await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', () => resolve()));
    const port = await bind((_s, _m, r) => other.send(Buffer.from('from-elsewhere'), r.port, r.address));
    const ex = await udpExchange('127.0.0.1', 4, port, 't', Buffer.from('?'), { timeoutMs: 500, quietMs: 50, maxBytes: 1000, maxDatagrams: 4, connected: false });
    expect(ex.replies.map((r) => r.toString())).toEqual(['from-elsewhere']);
  });
});
