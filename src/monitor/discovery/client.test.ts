/**
 * The discovery DNS client against a real UDP+TCP DNS peer on 127.0.0.1 started here (dns-packet answers): UDP
 * answers, truncation → TCP, spoofed ids ignored, timeouts with retries, the query budget, and the resolver
 * syntax. Plus fast-check properties: hostile bytes never make the response parser throw anything but GH_ERR_DNS.
 */
import { createSocket, type Socket as Udp } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGatehouseError } from '../../errors/index.js';
import { DnsClient, parseResolver } from './client.js';
import { encodeQuery, parseResponse } from './message.js';

type Mode = 'ok' | 'truncate' | 'silent' | 'spoof-then-ok' | 'servfail';
const modes = new Map<string, Mode>([['ok.t', 'ok'], ['big.t', 'truncate'], ['dead.t', 'silent'], ['spoof.t', 'spoof-then-ok'], ['fail.t', 'servfail']]);

function answer(q: dnsPacket.DecodedPacket, opts: { tc?: boolean; id?: number; rcode?: number } = {}): Buffer {
  const question = q.questions?.[0];
  const name = question?.name ?? '';
  return dnsPacket.encode({
    type: 'response', id: opts.id ?? q.id ?? 0, flags: (opts.tc ? dnsPacket.TRUNCATED_RESPONSE : 0) | (opts.rcode ?? 0),
    questions: q.questions ?? [], answers: opts.tc ? [] : [{ type: 'A', name, ttl: 60, data: '192.0.2.77' }],
  });
}

describe('DnsClient against a loopback DNS peer', () => {
  let udp: Udp;
  let tcp: Server;
  let port = 0;
  let udpSeen = 0;
  let tcpSeen = 0;
  beforeAll(async () => {
    udp = createSocket('udp4');
    udp.on('message', (msg, r) => {
      udpSeen += 1;
      const q = dnsPacket.decode(msg);
      const mode = modes.get(q.questions?.[0]?.name ?? '') ?? 'ok';
      if (mode === 'silent') { return; }
      if (mode === 'spoof-then-ok') { udp.send(answer(q, { id: ((q.id ?? 0) + 1) & 0xffff }), r.port, r.address); }
      udp.send(answer(q, { tc: mode === 'truncate', ...(mode === 'servfail' ? { rcode: 2 } : {}) }), r.port, r.address);
    });
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    port = udp.address().port;
    tcp = createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', (d: Buffer) => {
        tcpSeen += 1;
        const body = answer(dnsPacket.decode(d.subarray(2)));
        s.end(Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]));
      });
    });
    await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => { udp.close(); tcp.close(); });

  const client = (extra: { maxQueries?: number } = {}): DnsClient => new DnsClient({ resolver: { address: '127.0.0.1', port }, timeoutMs: 300, retries: 1, ...extra });

  it('answers over UDP and caches', async () => {
    const c = client();
    expect(await c.lookup('ok.t', 'A')).toEqual([{ name: 'ok.t', type: 'A', data: '192.0.2.77' }]);
    await c.lookup('OK.t.', 'A');
    expect(c.queries).toBe(1);
  });
  it('asks again over TCP when the UDP answer is truncated', async () => {
    const before = tcpSeen;
    expect((await client().lookup('big.t', 'A')).map((a) => a.data)).toEqual(['192.0.2.77']);
    expect(tcpSeen).toBe(before + 1);
  });
  it('ignores a datagram with another id and takes ours', async () => {
    expect((await client().lookup('spoof.t', 'A')).map((a) => a.data)).toEqual(['192.0.2.77']);
  });
  it('retries a silent resolver, then fails with GH_ERR_DNS', async () => {
    const before = udpSeen;
    const c = client();
    await expect(c.lookup('dead.t', 'A')).rejects.toMatchObject({ code: 'GH_ERR_DNS' });
    expect(udpSeen - before).toBe(2);
  });
  it('SERVFAIL is GH_ERR_DNS; the query budget is enforced', async () => {
    await expect(client().lookup('fail.t', 'A')).rejects.toMatchObject({ code: 'GH_ERR_DNS' });
    const c = client({ maxQueries: 1 });
    await c.lookup('ok.t', 'A');
    await expect(c.lookup('ok.t', 'MX')).rejects.toMatchObject({ code: 'GH_ERR_DNS', message: expect.stringMatching(/budget/) as unknown });
  });
});

describe('parseResolver', () => {
  const cases: Array<{ input: string | null; want?: { address: string; port: number }; wantErr?: string }> = [
    { input: '127.0.0.1', want: { address: '127.0.0.1', port: 53 } },
    { input: '127.0.0.1:5353', want: { address: '127.0.0.1', port: 5353 } },
    { input: '[::1]:53', want: { address: '::1', port: 53 } },
    { input: '::1', want: { address: '::1', port: 53 } },
    { input: null, wantErr: 'GH_ERR_NO_RESOLVER' },
    { input: '  ', wantErr: 'GH_ERR_NO_RESOLVER' },
    { input: 'dns.google', wantErr: 'GH_ERR_OPTION' },
    { input: '127.0.0.1:70000', wantErr: 'GH_ERR_OPTION' },
  ];
  for (const c of cases) {
    it(String(c.input), () => {
      if (c.wantErr) { expect(() => parseResolver(c.input)).toThrow(expect.objectContaining({ code: c.wantErr }) as unknown); return; }
      expect(parseResolver(c.input)).toEqual(c.want);
    });
  }
});

describe('parseResponse on hostile bytes (fast-check)', () => {
  const expectOnlyDnsErrors = (buf: Buffer, id: number): void => {
    try {
      const r = parseResponse(buf, { id, name: 'a.t', type: 'A' }, 4096);
      expect(r.answers.length).toBeLessThanOrEqual(256);
      for (const a of r.answers) { expect(typeof a.data).toBe('string'); }
    } catch (err) {
      expect(isGatehouseError(err) && err.code === 'GH_ERR_DNS').toBe(true);
    }
  };
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 0, max: 0xffff }), (bytes, id) => { expectOnlyDnsErrors(Buffer.from(bytes), id); }), { numRuns: 2000 });
  });
  it('a valid answer with bytes flipped, cut or appended', () => {
    const good = dnsPacket.encode({ type: 'response', id: 7, flags: 0, questions: [{ type: 'A', name: 'a.t' }],
      answers: [{ type: 'A', name: 'a.t', ttl: 1, data: '192.0.2.1' }, { type: 'CNAME', name: 'a.t', ttl: 1, data: 'b.t' }, { type: 'TXT', name: 'a.t', ttl: 1, data: ['v=spf1 a'] }] });
    expect(parseResponse(good, { id: 7, name: 'a.t', type: 'A' }).answers).toHaveLength(3);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(good.length), fc.uint8Array({ maxLength: 40 }), (flips, cut, tail) => {
      const b = Buffer.from(good);
      for (const [i, v] of flips) { b[i] = v; }
      expectOnlyDnsErrors(Buffer.concat([b.subarray(0, cut), Buffer.from(tail)]), 7);
    }), { numRuns: 800 });
  });
  it('refuses oversize input and queries', () => {
    expect(() => parseResponse(Buffer.alloc(5000), { id: 0, name: 'a.t', type: 'A' }, 4096)).toThrow(expect.objectContaining({ code: 'GH_ERR_DNS' }) as unknown);
    expect(() => parseResponse(encodeQuery(1, 'a.t', 'A'), { id: 1, name: 'a.t', type: 'A' })).toThrow(expect.objectContaining({ code: 'GH_ERR_DNS' }) as unknown);
  });
});
