import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linuxInventory } from './linux.js';
import { snapshotUsage, watchUsage, parseDuration } from './usage.js';

const H = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (local: string, remote: string, st: string, uid: number, inode: number): string =>
  `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000 ${uid}        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe('linuxInventory on a fake /proc', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gh-local-linux-'));
    mkdirSync(join(root, 'net'));
    writeFileSync(join(root, 'net', 'tcp'), H
      + row('00000000:18EB', '00000000:0000', '0A', 107, 5001)          // redis 0.0.0.0:6379
      + row('0100007F:2BCB', '00000000:0000', '0A', 0, 5003)            // 127.0.0.1:11211, owner gone
      + row('0A00500A:18EB', '0200500A:D431', '01', 107, 5010)          // accepted connection on 6379
      + row('0A00500A:18EB', '0300500A:D432', '06', 0, 0)               // TIME_WAIT on 6379
      + row('0A00500A:D433', '0200500A:0050', '01', 0, 5011));          // outgoing connection: not a listener's
    writeFileSync(join(root, 'net', 'tcp6'), H + row('0000000000000000FFFF00000A00500A:0050', '00000000000000000000000000000000:0000', '0A', 33, 6001));
    writeFileSync(join(root, 'net', 'udp'), H + row('0100007F:0035', '00000000:0000', '07', 0, 7001) + row('0A00500A:9C40', '0200500A:0035', '01', 0, 7002));
    // no net/udp6: IPv6 disabled → a warning
    for (const [pid, comm, fds] of [[100, 'redis-server', { 6: 'socket:[5001]', 7: 'socket:[5010]' }], [200, 'nginx', { 3: 'socket:[6001]' }], [201, 'nginx', { 3: 'socket:[6001]' }], [300, 'dnsmasq', { 4: 'socket:[7001]' }]] as const) {
      mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
      writeFileSync(join(root, String(pid), 'comm'), `${comm}\n`);
      writeFileSync(join(root, String(pid), 'status'), 'Uid:\t0\t0\t0\t0\n');
      for (const [fd, t] of Object.entries(fds)) { symlinkSync(t, join(root, String(pid), 'fd', fd)); }
    }
    writeFileSync(join(root, 'passwd'), 'root:x:0:0::/root:/bin/sh\nredis:x:107:113::/:/bin/false\nwww-data:x:33:33::/:/bin/false\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists listeners with scope, socket user and owners; warns about the missing table', () => {
    const { inventory, tables } = linuxInventory({ procRoot: root, passwdPath: join(root, 'passwd'), endian: 'LE', hostname: 'h1', now: new Date(0) });
    const brief = inventory.listeners.map((l) => [l.protocol, l.address, l.port, l.scope, l.user, l.processes.map((p) => `${p.name}/${p.pid}`).join(',')]);
    expect(brief).toEqual([
      ['tcp', '::ffff:10.80.0.10', 80, 'address', 'www-data', 'nginx/200,nginx/201'],
      ['tcp', '0.0.0.0', 6379, 'all', 'redis', 'redis-server/100'],
      ['tcp', '127.0.0.1', 11211, 'loopback', 'root', ''],
      ['udp', '127.0.0.1', 53, 'loopback', 'root', 'dnsmasq/300'],
    ]);
    expect(inventory.warnings.some((w) => w.includes('net/udp6') && w.includes('ENOENT'))).toBe(true);
    snapshotUsage(inventory.listeners, tables);
    const redis = inventory.listeners[1];
    expect(redis?.usage).toMatchObject({ established: 1, connectionsSeen: 2, distinctPeers: 2, verdict: 'used' });
    expect(redis?.usage?.peers.sort()).toEqual(['10.80.0.2', '10.80.0.3']);
    expect(inventory.listeners[2]?.usage).toMatchObject({ established: 0, connectionsSeen: 0, verdict: 'unknown' });
  });
});

describe('linuxInventory on this host (real /proc)', () => {
  let server: Server;
  let udp: UdpSocket;
  let client: Socket;
  let tcpPort = 0;
  let udpPort = 0;
  beforeAll(async () => {
    server = createServer((s) => { s.on('error', () => undefined); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tcpPort = (server.address() as { port: number }).port;
    udp = createSocket('udp6');
    await new Promise<void>((r) => udp.bind(0, '::1', r));
    udpPort = udp.address().port;
  });
  afterAll(async () => {
    client?.destroy();
    udp?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('finds our own TCP and UDP listeners with this pid, and a connection to them', async () => {
    client = connect(tcpPort, '127.0.0.1');
    await new Promise<void>((r) => client.once('connect', r));
    const { inventory, tables } = linuxInventory();
    snapshotUsage(inventory.listeners, tables);
    const tcp = inventory.listeners.find((l) => l.protocol === 'tcp' && l.port === tcpPort);
    const u = inventory.listeners.find((l) => l.protocol === 'udp' && l.port === udpPort);
    expect(tcp).toMatchObject({ address: '127.0.0.1', scope: 'loopback', family: 4 });
    expect(tcp?.processes.map((p) => p.pid)).toContain(process.pid);
    expect(tcp?.usage).toMatchObject({ established: 1, verdict: 'used', peers: ['127.0.0.1'] });
    expect(u).toMatchObject({ address: '::1', scope: 'loopback', family: 6 });
    expect(u?.processes.map((p) => p.pid)).toContain(process.pid);
  });

  it('survives processes that start and exit while /proc is read (races are skipped, never thrown)', async () => {
    // a shell forking short-lived processes (each opening an fd) for the duration of the loop below
    const churn = spawn('sh', ['-c', 'while :; do for i in 1 2 3 4 5 6 7 8; do (exec 3<>/dev/null; true) & done; wait; done'], { stdio: 'ignore' });
    try {
      for (let k = 0; k < 5; k++) {
        const { inventory } = linuxInventory();
        expect(inventory.listeners.find((l) => l.protocol === 'tcp' && l.port === tcpPort)?.processes.map((p) => p.pid)).toContain(process.pid);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      churn.kill('SIGKILL');
    }
  });

  it('--watch sees a connection made and closed during the window, and says idle when none', async () => {
    const l = () => linuxInventory().inventory.listeners.filter((x) => x.protocol === 'tcp' && x.port === tcpPort);
    client?.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const quiet = l();
    await watchUsage(quiet, { windowMs: 250, intervalMs: 50 });
    // the connection closed above lingers in TIME_WAIT on the client side only (the client closed first), whose
    // local port is not the listener's: nothing is left on the server side
    expect(quiet[0]?.usage?.samples).toBeGreaterThan(1);
    expect(quiet[0]?.usage).toMatchObject({ established: 0, connectionsSeen: 0, verdict: 'idle' });
    const busy = l();
    const w = watchUsage(busy, { windowMs: 400, intervalMs: 50 });
    const c2 = connect(tcpPort, '127.0.0.1');
    await new Promise<void>((r) => c2.once('connect', r));
    await new Promise((r) => setTimeout(r, 150));
    c2.destroy();
    await w;
    expect(busy[0]?.usage).toMatchObject({ verdict: 'used', distinctPeers: 1 });
    expect(busy[0]?.usage?.connectionsSeen).toBeGreaterThanOrEqual(1);
    expect(busy[0]?.usage?.processReadBytes).toBeGreaterThanOrEqual(0);
  });
});

describe('parseDuration', () => {
  it.each([['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['500ms', 500], ['2', 2000], ['1.5s', 1500]])('%s', (t, ms) => { expect(parseDuration(t)).toBe(ms); });
  it.each(['', 'abc', '5d', '-1s', '0', '8d'])('rejects %j', (t) => { expect(() => parseDuration(t)).toThrow(expect.objectContaining({ code: 'GH_ERR_OPTION' })); });
});
