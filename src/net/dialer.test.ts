import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { tcpDialer } from './dialer.js';

let server: Server | null = null;
afterEach(() => { server?.close(); server = null; });

async function listen(onConn: (s: import('node:net').Socket) => void): Promise<number> {
  server = createServer(onConn);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

describe('tcpDialer', () => {
  it('reads a reply trickled in many tiny chunks exactly, stopping at its terminator', async () => {
    const body = Buffer.from(Array.from({ length: 3000 }, (_, i) => 0x41 + (i % 26)));
    const port = await listen((s) => {
      s.setNoDelay(true);
      let i = 0;
      const next = (): void => {
        if (s.destroyed) { return; }
        if (i < body.length) { s.write(body.subarray(i, i + 3)); i += 3; setImmediate(next); } else { s.write('\r\nEXTRA'); }
      };
      next();
    });
    const conn = await tcpDialer.tcp('127.0.0.1', port);
    let calls = 0;
    const r = await conn.read({ timeoutMs: 10_000, maxBytes: 1 << 20, until: (d) => { calls++; return d.includes('\r\n'); } });
    conn.close();
    expect(r.end).toBe('complete');
    expect(r.data.subarray(0, body.length).equals(body)).toBe(true);
    expect(r.data.subarray(body.length, body.length + 2).toString()).toBe('\r\n');
    expect(calls).toBeGreaterThan(1); // it did arrive in pieces
  });
  it('records a banner exchange and stops at a complete line', async () => {
    const port = await listen((s) => { s.write('220 hello\r\n'); });
    const c = await tcpDialer.tcp('127.0.0.1', port);
    const r = await c.exchange(null, { until: (b) => b.includes(0x0a), timeoutMs: 2000 });
    c.close();
    expect(r.end).toBe('complete');
    expect(c.exchanges).toEqual([{ sent: null, received: '220 hello\\r\\n' }]);
  });
  it('bounds an endless stream: read cut at maxBytes, connection cut at maxTotalBytes', async () => {
    const port = await listen((s) => { const chunk = Buffer.alloc(16384, 0x41); const pump = (): void => { while (s.write(chunk)) { /* fill */ } s.once('drain', pump); }; pump(); s.on('error', () => undefined); });
    const c = await tcpDialer.tcp('127.0.0.1', port, { maxTotalBytes: 200_000 });
    const r = await c.exchange('GET / HTTP/1.0\r\n\r\n', { maxBytes: 1000, timeoutMs: 2000 });
    expect(r.data.length).toBe(1000);
    expect(c.exchanges[0]?.truncated).toBe(true);
    const r2 = await c.read({ maxBytes: 10_000_000, timeoutMs: 3000 });
    expect(r2.end).toBe('eof');
    expect(r2.data.length).toBeLessThanOrEqual(200_000);
    c.close();
  });
  it('times out on a silent peer and reports no bytes', async () => {
    const port = await listen(() => undefined);
    const c = await tcpDialer.tcp('127.0.0.1', port);
    const r = await c.exchange('hello', { timeoutMs: 150 });
    c.close();
    expect(r.end).toBe('timeout');
    expect(c.exchanges[0]).toMatchObject({ sent: 'hello', received: null });
  });
  it('fails a refused connect with GH_ERR_CONNECT', async () => {
    const port = await listen(() => undefined);
    server?.close(); server = null;
    await expect(tcpDialer.tcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'GH_ERR_CONNECT' });
  });
  it('aborts a pending read when the signal fires', async () => {
    const port = await listen(() => undefined);
    const ac = new AbortController();
    const c = await tcpDialer.tcp('127.0.0.1', port, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const r = await c.read({ timeoutMs: 5000 });
    expect(['aborted', 'eof']).toContain(r.end);
    expect(c.closed).toBe(true);
  });
});
