/**
 * UDP lab (lab/udp/lab.sh): real unbound, snmpd, memcached, ntpsec and tftpd-hpa, plus the labelled emulator, each
 * lab host in its own namespace behind a bridge, Linux's default ICMP rate limit in force. The CLI scans from the
 * scanner's namespace; every port's state and every finding (and the absence of any other) is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { HostResult, ScanDocument } from '../../src/core/types.js';
import { builtMissing, labSkip, netnsMissing } from './require.js';

const LAB = new URL('../../lab/udp/lab.sh', import.meta.url).pathname;
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const NS = `ghu${process.pid}`;
const DAEMONS = ['/usr/sbin/unbound', '/usr/sbin/snmpd', '/usr/bin/memcached', '/usr/sbin/ntpd', '/usr/sbin/in.tftpd'];
const missing = DAEMONS.filter((d) => !existsSync(d));
const skipReason = netnsMissing() || (missing.length > 0 ? `missing ${missing.join(', ')} (bash scripts/setup.sh)` : builtMissing(CLI));

const PORTS = [17, 19, 53, 69, 111, 123, 137, 161, 389, 500, 623, 1194, 1900, 3702, 5060, 5353, 5683, 9999, 10001, 11211];
const EMULATED = [17, 19, 111, 123, 137, 389, 500, 623, 1194, 1900, 3702, 5060, 5353, 5683, 10001];
/** Lab truth: open ports per host (everything else closed), open|filtered ports. */
const OPEN: Record<number, number[]> = { 1: [53], 2: [53], 3: [53], 4: [161], 5: [161], 6: [11211], 7: [], 8: [123], 9: [], 10: EMULATED, 11: [69], 12: [123] };
const OPEN_FILTERED: Record<number, number[]> = { 10: [9999] };
/** Lab truth: findings per host:port; any finding elsewhere is a false one. */
const FINDINGS: Record<string, string[]> = {
  '1:53': ['dns-open-resolver', 'dns-version-disclosure'],
  '4:161': ['snmp-default-community'],
  '6:11211': ['memcached-udp-amplification'],
  '10:17': ['qotd-exposed'], '10:19': ['chargen-exposed'], '10:111': ['portmap-exposed'],
  '10:123': ['ntp-monlist-amplification', 'ntp-mode6-exposed'], '10:137': ['netbios-exposed'], '10:389': ['cldap-exposed'],
  '10:623': ['ipmi-exposed'], '10:1900': ['ssdp-exposed'], '10:5353': ['mdns-exposed'], '10:5683': ['udp-amplifier'],
  '10:10001': ['udp-amplifier'],
  '11:69': ['tftp-exposed'],
};

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('ip', ['netns', 'exec', NS, process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const hostNo = (h: HostResult): number => Number(h.address.split('.')[3]);

function expectLabStates(d: ScanDocument): void {
  expect(d.hosts.map(hostNo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  for (const h of d.hosts) {
    const n = hostNo(h);
    expect(h.ports.map((p) => p.port)).toEqual(PORTS);
    for (const p of h.ports) {
      const want = OPEN[n]?.includes(p.port) ? 'open' : OPEN_FILTERED[n]?.includes(p.port) ? 'open|filtered' : 'closed';
      expect({ host: n, port: p.port, state: p.state, protocol: p.protocol }).toEqual({ host: n, port: p.port, state: want, protocol: 'udp' });
      expect(p.reason).toBe(want === 'open' ? 'udp-response' : want === 'closed' ? 'port-unreach' : 'no-response');
    }
    const open = OPEN[n]?.length ?? 0;
    const of = OPEN_FILTERED[n]?.length ?? 0;
    expect(h.counts).toEqual({ open, closed: PORTS.length - open - of, filtered: 0, 'open|filtered': of });
  }
}

function expectLabFindings(d: ScanDocument): void {
  const got: Record<string, string[]> = {};
  for (const h of d.hosts) {
    for (const p of h.ports) {
      const ids = (p.findings ?? []).map((f) => f.id);
      if (ids.length > 0) { got[`${hostNo(h)}:${p.port}`] = ids; }
      for (const f of p.findings ?? []) {
        expect(f.amplification).toBeGreaterThan(0);
        expect(f.exchanges?.[0]?.sent).toBeTruthy();
        expect(f.exchanges?.[0]?.received).toBeTruthy();
        expect(f.references.length).toBeGreaterThan(0);
      }
    }
  }
  expect(got).toEqual(FINDINGS);
}

describe.skipIf(labSkip(skipReason))(`UDP lab${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let doc: ScanDocument;

  beforeAll(async () => {
    execFileSync('bash', [LAB, 'up'], { env: { ...process.env, GH_UDP_NS: NS }, stdio: ['ignore', 'pipe', 'inherit'] });
    const r = await cli(['scan', '-Pn', '-sU', '-p', PORTS.join(','), '10.79.1.1-12', '--dns-recursion-name', 'probe.gh-far.test', '--json', '--all-states']);
    expect(r.code, r.stderr).toBe(0);
    doc = JSON.parse(r.stdout) as ScanDocument;
  });

  afterAll(() => {
    execFileSync('bash', [LAB, 'down'], { env: { ...process.env, GH_UDP_NS: NS }, stdio: 'ignore' });
  });

  it('reports every port of every host with the lab\'s true state (closed ports despite the ICMP rate limit)', () => {
    expectLabStates(doc);
    // one source address: beyond each host's burst of 6, closed ports were confirmed at one per second
    expect(doc.scan.udp).toMatchObject({ sourceAddresses: 0, datagrams: expect.any(Number) as number });
    expect(doc.scan.udp?.confirmations).toBeGreaterThanOrEqual(PORTS.length - 6);
  });

  it('raises exactly the lab\'s findings, each with a measured factor, evidence bytes and references', () => {
    expectLabFindings(doc);
  });

  it('--udp-source-ip: seven source addresses are seven ICMP buckets per host, so no closed port waits for a refill', async () => {
    // 10.79.0.2-8 are the scanner's other lab addresses (lab.sh); no other test sends from them, so their buckets are full
    const r = await cli(['scan', '-Pn', '-sU', '-p', PORTS.join(','), '10.79.1.1-12', '--udp-source-ip', '10.79.0.2-8', '--dns-recursion-name', 'probe.gh-far.test', '--json', '--all-states']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ScanDocument;
    expectLabStates(d);
    expectLabFindings(d);
    expect(d.scan.udp?.sourceAddresses).toBe(7);
    // 20 ports per host over 7 × 6 tokens: every first datagram was conclusive; only the two silent ports
    // (10.79.1.10:9999, and TFTP's 69, which answers from another port) were asked again, each with a canary
    // behind it (refused: 215 closed ports + 2 canaries)
    expect(d.scan.udp?.conclusive).toBe(d.scan.udp?.datagrams);
    expect(d.scan.udp).toMatchObject({ confirmations: 2, canaries: 2, portUnreachables: 217 });
  });

  it('back-to-back scans from one address: the second meets a drained ICMP bucket and still reports every port closed', async () => {
    const ports = PORTS.slice(0, 10).join(',');
    const args = ['scan', '-Pn', '-sU', '-p', ports, '10.79.1.9', '--json', '--all-states', '--no-service-detection'];
    const first = await cli(args);
    const second = await cli(args); // at once: the first scan spent the bucket's last token moments ago
    for (const r of [first, second]) {
      expect(r.code, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout) as ScanDocument;
      expect(d.hosts[0]?.counts).toEqual({ open: 0, closed: 10, filtered: 0, 'open|filtered': 0 });
    }
  });

  it('refuses a source address this machine does not have, before sending anything', async () => {
    const r = await cli(['scan', '-Pn', '-sU', '-p', '53', '10.79.1.1', '--udp-source-ip', '10.79.0.99', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/10\.79\.0\.99 is not an address of this machine \(EADDRNOTAVAIL\)/);
  });

  it('identifies services from their replies (versions only where the protocol gave them)', () => {
    const port = (n: number, p: number) => doc.hosts.find((h) => hostNo(h) === n)?.ports.find((x) => x.port === p);
    expect(port(1, 53)?.service).toMatchObject({ name: 'domain', method: 'probed', product: 'Unbound' });
    expect(port(1, 53)?.service.version).toMatch(/^\d+\.\d+/);
    expect(port(2, 53)?.service.version).toBeUndefined(); // hide-version: yes
    expect(port(4, 161)?.service.extraInfo).toContain('Gatehouse UDP lab snmpd');
    expect(port(5, 161)?.service.extraInfo).toMatch(/^SNMPv3 engine [0-9a-f]+/); // answers v3 discovery, not the defaults
    expect(port(6, 11211)?.service).toMatchObject({ name: 'memcache', product: 'memcached' });
    expect(port(8, 123)?.service).toMatchObject({ name: 'ntp', method: 'probed' });
    expect(port(10, 123)?.service).toMatchObject({ product: 'ntpd', version: '4.2.6p5' });
    expect(port(11, 69)?.service.name).toBe('tftp');
    const rf = port(6, 11211)?.findings?.[0];
    expect(rf?.amplification).toBeGreaterThan(50);
    expect(rf?.severity).toBe('critical');
  });

  it('merges UDP into a TCP scan: -p T:22,U:53,161 with TCP host discovery', async () => {
    const r = await cli(['scan', '-p', 'T:22,U:53,161', '10.79.1.1', '10.79.1.4', '10.79.1.9', '--dns-recursion-name', 'probe.gh-far.test', '--json', '--no-checks']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ScanDocument;
    expect(d.scan.ports).toBe('T:22,U:53,161');
    const h1 = d.hosts.find((h) => h.address === '10.79.1.1');
    expect(h1?.state).toBe('up'); // the lab host answers TCP with RST
    expect(h1?.ports.map((p) => `${p.protocol}/${p.port}/${p.state}`)).toEqual(['udp/53/open']);
    expect(h1?.counts).toEqual({ open: 1, closed: 2, filtered: 0, 'open|filtered': 0 });
    expect(d.hosts.find((h) => h.address === '10.79.1.4')?.ports.map((p) => `${p.protocol}/${p.port}/${p.state}`)).toEqual(['udp/161/open']);
    expect(d.hosts.find((h) => h.address === '10.79.1.9')?.counts).toEqual({ open: 0, closed: 3, filtered: 0, 'open|filtered': 0 });
  });

  it('a host without the per-peer ICMP limit is paced fast and still reported exactly (200 closed ports)', async () => {
    execFileSync('ip', ['netns', 'exec', `${NS}-h9`, 'sysctl', '-q', '-w', 'net.ipv4.icmp_ratelimit=0']);
    try {
      const r = await cli(['scan', '-Pn', '-p', 'U:20000-20199', '10.79.1.9', '--json', '--all-states']);
      expect(r.code, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout) as ScanDocument;
      expect(d.hosts[0]?.counts).toEqual({ open: 0, closed: 200, filtered: 0, 'open|filtered': 0 });
    } finally {
      execFileSync('ip', ['netns', 'exec', `${NS}-h9`, 'sysctl', '-q', '-w', 'net.ipv4.icmp_ratelimit=1000']);
    }
  });

  it('--top-udp-ports N scans the ranked UDP list', async () => {
    const r = await cli(['scan', '-Pn', '--top-udp-ports', '5', '10.79.1.4', '--json', '--all-states']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ScanDocument;
    const ports = d.hosts[0]?.ports ?? [];
    expect(ports.length).toBe(5);
    expect(ports.find((p) => p.port === 161)?.state).toBe('open');
    expect(ports.filter((p) => p.port !== 161).every((p) => p.state === 'closed')).toBe(true);
  });
});
