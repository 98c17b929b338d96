import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseLsof, splitHostPort } from './darwin.js';
import { parseGetNetTcpConnection, parseNetstat, parseTasklistCsv, splitCsvLine } from './win32.js';
import type { Inventory } from './types.js';
import { isGatehouseError } from '../errors/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/local/${name}`, import.meta.url), 'utf8');
const brief = (inv: Inventory): string[] => inv.listeners.map((l) => `${l.protocol} ${l.address}:${l.port} ${l.scope} ${l.processes.map((p) => `${p.name}/${p.pid}`).join(',')}`);
const NOW = new Date('2026-01-01T00:00:00Z');

/** Parsing arbitrary text either works or fails with the documented input error, never anything else. */
function neverCrashes(parse: (t: string) => Inventory): void {
  fc.assert(fc.property(fc.string({ maxLength: 600 }), (t) => {
    try {
      const inv = parse(t);
      for (const l of inv.listeners) { expect(l.port).toBeGreaterThanOrEqual(0); expect(l.port).toBeLessThanOrEqual(65535); }
    } catch (err) {
      expect(isGatehouseError(err) && err.code).toBe('GH_ERR_LOCAL_INPUT');
    }
  }));
}

describe('macOS: lsof -nP -iTCP -sTCP:LISTEN -iUDP', () => {
  it('reads the listeners, joins forked workers by DEVICE, skips connected and unbound UDP', () => {
    const inv = parseLsof(fixture('lsof-macos14.txt'), 'mac', NOW);
    expect(inv).toMatchObject({ source: 'lsof', hostname: 'mac', taken: NOW.toISOString(), warnings: [] });
    expect(brief(inv)).toEqual([
      'tcp :::22 all launchd/1', 'tcp 0.0.0.0:22 all launchd/1', 'tcp ::1:631 loopback launchd/1',
      'tcp 127.0.0.1:631 loopback launchd/1', 'tcp 192.168.1.23:3000 address node/1201', 'tcp :::5000 all ControlCe/601',
      'tcp ::1:5432 loopback postgres/900', 'tcp 127.0.0.1:5432 loopback postgres/900', 'tcp 0.0.0.0:6379 all redis-ser/812',
      'tcp 0.0.0.0:7000 all ControlCe/601', 'tcp 0.0.0.0:8080 all nginx/1300,nginx/1301', 'tcp :::49152 all rapportd/512',
      'tcp 0.0.0.0:49152 all rapportd/512', 'udp fe80:4::1:123 address ntpd/150', 'udp :::5353 all mDNSRespo/391',
      'udp 0.0.0.0:5353 all mDNSRespo/391', 'udp 0.0.0.0:57621 all Spotify/1400',
    ]);
    expect(inv.listeners.find((l) => l.port === 8080)?.processes.map((p) => p.user)).toEqual(['root', 'nobody']);
  });
  it('without the header line it is not lsof output', () => {
    expect(() => parseLsof('launchd 1 root 12u IPv6 0x1 0t0 TCP *:22 (LISTEN)\n', 'm')).toThrow(expect.objectContaining({ code: 'GH_ERR_LOCAL_INPUT' }));
  });
  it.each([
    { input: '*:22', family: 4, want: { address: '0.0.0.0', port: 22 } },
    { input: '*:22', family: 6, want: { address: '::', port: 22 } },
    { input: '[::1]:631', family: 6, want: { address: '::1', port: 631 } },
    { input: '10.0.0.1:65535', family: 4, want: { address: '10.0.0.1', port: 65535 } },
    { input: '10.0.0.1:65536', family: 4, want: null },
    { input: '*:*', family: 4, want: null },
    { input: 'host:22', family: 4, want: null },
  ] as const)('splitHostPort $input', ({ input, family, want }) => { expect(splitHostPort(input, family)).toEqual(want); });
  it('round-trips generated rows and never crashes on arbitrary text', () => {
    const header = 'COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n';
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 99999 }), fc.boolean(), (ip, port, pid, tcp) => {
      const row = `proc ${pid} user 5u IPv4 0xabc 0t0 ${tcp ? 'TCP' : 'UDP'} ${ip}:${port}${tcp ? ' (LISTEN)' : ''}\n`;
      const l = parseLsof(header + row, 'm').listeners[0];
      expect(l).toMatchObject({ protocol: tcp ? 'tcp' : 'udp', address: ip, port, processes: [{ pid, name: 'proc' }] });
    }));
    neverCrashes((t) => parseLsof(t, 'm'));
    neverCrashes((t) => parseLsof(`COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n${t}`, 'm'));
  });
});

describe('Windows: netstat -ano + tasklist /fo csv', () => {
  const images = parseTasklistCsv(fixture('tasklist-win11.csv'));
  it('reads image names, with quoted commas and quotes', () => {
    expect(images.get(4)).toBe('System');
    expect(images.get(7840)).toBe('Teams "classic".exe');
    expect(images.size).toBe(12);
    expect(splitCsvLine('"a,b","c""d",e')).toEqual(['a,b', 'c"d', 'e']);
  });
  it('reads TCP listeners (foreign 0.0.0.0:0 / [::]:0) and unconnected UDP, drops zone ids, skips connections', () => {
    const inv = parseNetstat(fixture('netstat-ano-win11.txt'), images, 'win', NOW);
    expect(inv.warnings).toEqual([]);
    expect(brief(inv)).toEqual([
      'tcp :::135 all svchost.exe/1052', 'tcp 0.0.0.0:135 all svchost.exe/1052', 'tcp 192.168.56.10:139 address System/4',
      'tcp :::445 all System/4', 'tcp 0.0.0.0:445 all System/4', 'tcp 0.0.0.0:3389 all TermService.exe/1204',
      'tcp 0.0.0.0:5040 all svchost.exe/6812', 'tcp 127.0.0.1:6379 loopback redis-server.exe/4520',
      'tcp 0.0.0.0:49664 all svchost.exe/912', 'tcp ::1:49669 loopback spoolsv.exe/3340', 'udp :::123 all svchost.exe/1432',
      'udp 0.0.0.0:123 all svchost.exe/1432', 'udp 192.168.56.10:137 address System/4', 'udp 127.0.0.1:1900 loopback svchost.exe/3012',
      'udp fe80::1c2d:3e4f:5a6b:7c8d:1900 address svchost.exe/3012', 'udp 0.0.0.0:5353 all dnscache.exe/2044',
    ]);
  });
  it('works with a localised State column (ABHÖREN) since listeners are told by the foreign address', () => {
    const inv = parseNetstat('  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN         1052\r\n', images, 'w');
    expect(brief(inv)).toEqual(['tcp 0.0.0.0:135 all svchost.exe/1052']);
  });
  it('not netstat output at all is an input error; tasklist that is not CSV too', () => {
    expect(() => parseNetstat('hello\n', images, 'w')).toThrow(expect.objectContaining({ code: 'GH_ERR_LOCAL_INPUT' }));
    expect(() => parseTasklistCsv('Image Name   PID\n')).toThrow(expect.objectContaining({ code: 'GH_ERR_LOCAL_INPUT' }));
  });
  it('round-trips generated rows and never crashes on arbitrary text', () => {
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 99999 }), (ip, port, pid) => {
      const inv = parseNetstat(`  TCP    ${ip}:${port}    0.0.0.0:0    LISTENING    ${pid}\r\n  UDP    ${ip}:${port}    *:*    ${pid}\r\n`, new Map(), 'w');
      expect(brief(inv)).toEqual([`tcp ${ip}:${port} ${inv.listeners[0]?.scope} ${pid === 4 ? 'System' : `pid ${pid}`}/${pid}`, `udp ${ip}:${port} ${inv.listeners[1]?.scope} ${pid === 4 ? 'System' : `pid ${pid}`}/${pid}`]);
    }));
    neverCrashes((t) => parseNetstat(t, images, 'w'));
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (t) => {
      try { for (const pid of parseTasklistCsv(t).keys()) { expect(Number.isInteger(pid)).toBe(true); } } catch (err) { expect(isGatehouseError(err) && err.code).toBe('GH_ERR_LOCAL_INPUT'); }
    }));
  });
});

describe('Windows: Get-NetTCPConnection', () => {
  const images = parseTasklistCsv(fixture('tasklist-win11.csv'));
  it('reads the default table by the dashed underline, keeping Listen rows only', () => {
    const inv = parseGetNetTcpConnection(fixture('get-nettcpconnection-win11.txt'), images, 'win', NOW);
    expect(inv.source).toBe('get-nettcpconnection');
    expect(inv.warnings).toEqual([]);
    expect(brief(inv)).toEqual([
      'tcp :::135 all svchost.exe/1052', 'tcp 0.0.0.0:135 all svchost.exe/1052', 'tcp 192.168.56.10:139 address System/4',
      'tcp :::445 all System/4', 'tcp 0.0.0.0:445 all System/4', 'tcp 0.0.0.0:3389 all TermService.exe/1204',
      'tcp 127.0.0.1:6379 loopback redis-server.exe/4520', 'tcp 0.0.0.0:49664 all svchost.exe/912', 'tcp :::49669 all spoolsv.exe/3340',
    ]);
  });
  it('reads ConvertTo-Json output (State as the enum number, 2 = Listen)', () => {
    const inv = parseGetNetTcpConnection(fixture('get-nettcpconnection-win11.json'), new Map(), 'win', NOW);
    expect(brief(inv)).toEqual(['tcp :::445 all System/4', 'tcp 0.0.0.0:3389 all pid 1204/1204', 'tcp 127.0.0.1:6379 loopback pid 4520/4520']);
  });
  it('a value cut by the table width is a warning, not a wrong address', () => {
    const t = 'LocalAddress LocalPort State  OwningProcess\n------------ --------- -----  -------------\nfe80::1c2d:… 445       Listen 4\n';
    const inv = parseGetNetTcpConnection(t, new Map(), 'w');
    expect(inv.listeners).toEqual([]);
    expect(inv.warnings).toHaveLength(1);
  });
  it('never crashes on arbitrary text', () => {
    neverCrashes((t) => parseGetNetTcpConnection(t, new Map(), 'w'));
    neverCrashes((t) => parseGetNetTcpConnection(`[${t}]`, new Map(), 'w'));
  });
});
