/** The JSON contract v1 (docs/json-contract.md), pinned against a real scan of loopback listeners. */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

const HOST = '127.87.0.1';
const servers: net.Server[] = [];
const conns = new Set<net.Socket>();
let openPorts: number[] = [];
let closedPort = 0;

function listen(port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const s = net.createServer((c) => {
      conns.add(c);
      c.on('close', () => conns.delete(c));
      c.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'ECONNRESET') { throw err; } }); // the scanner resets
      c.end('hello\r\n');
    });
    s.once('error', reject);
    s.listen(port, HOST, () => resolve(s));
  });
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) { servers.push(await listen()); }
  openPorts = servers.map((s) => (s.address() as net.AddressInfo).port).sort((a, b) => a - b);
  const tmp = await listen();
  closedPort = (tmp.address() as net.AddressInfo).port;
  await new Promise((r) => tmp.close(r));
});
afterAll(async () => { for (const c of conns) { c.destroy(); } await Promise.all(servers.map((s) => new Promise((r) => s.close(r)))); });

const portsArg = (): string => [...openPorts, closedPort].join(',');

describe('scan --json', () => {
  it('prints one document in the v1 shape', async () => {
    const r = await runCli(['scan', HOST, '-p', portsArg(), '--json', '--no-service-detection']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    // v1 fields, plus the organisation `grade` (issue 6) — later issues add fields, never rename or remove one.
    expect(Object.keys(doc).sort()).toEqual(['grade', 'hosts', 'scan', 'version']);
    expect(doc.version).toBe(1);
    const scan = doc.scan as Record<string, unknown>;
    expect(Object.keys(scan).sort()).toEqual(['finished', 'ports', 'started', 'targets']);
    expect(scan.targets).toEqual([HOST]);
    expect(typeof scan.started).toBe('string');
    expect(Date.parse(scan.finished as string)).toBeGreaterThanOrEqual(Date.parse(scan.started as string));
    const hosts = doc.hosts as Record<string, unknown>[];
    expect(hosts).toHaveLength(1);
    const h = hosts[0] as Record<string, unknown>;
    // grade, and self (a scan of this machine's own address: docs/local.md § Self-scan), are added by later stages
    expect(Object.keys(h).filter((k) => k !== 'grade' && k !== 'self').sort()).toEqual(['address', 'counts', 'hostnames', 'ports', 'reason', 'state']);
    expect(h.address).toBe(HOST);
    expect(h.hostnames).toEqual([]);
    expect(h.state).toBe('up');
    expect(h.counts).toEqual({ open: 2, closed: 1, filtered: 0, 'open|filtered': 0 });
    const ports = h.ports as Record<string, unknown>[];
    expect(ports.map((p) => p.port)).toEqual(openPorts);
    for (const p of ports) {
      expect(p).toMatchObject({ protocol: 'tcp', state: 'open', reason: 'syn-ack' });
      expect(typeof (p.service as { name: string }).name).toBe('string');
    }
  });

  it('lists closed ports with --all-states', async () => {
    const r = await runCli(['scan', HOST, '-p', portsArg(), '--json', '--all-states']);
    const doc = JSON.parse(r.stdout) as { hosts: { ports: { port: number; state: string }[] }[] };
    expect(doc.hosts[0]?.ports.find((p) => p.port === closedPort)?.state).toBe('closed');
  });

  it('shows which address a hostname resolved to', async () => {
    const r = await runCli(['scan', 'localhost', '-p', String(closedPort), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: { address: string; hostnames: string[] }[] };
    expect(doc.hosts.length).toBeGreaterThan(0);
    for (const h of doc.hosts) {
      expect(h.hostnames).toContain('localhost');
      expect(['127.0.0.1', '::1']).toContain(h.address);
    }
  });
});

describe('scan --ndjson', () => {
  it('streams scan, port, host and done lines', async () => {
    const r = await runCli(['scan', HOST, '-p', portsArg(), '--ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; port?: number; address?: string });
    expect(lines[0]?.type).toBe('scan');
    expect(lines.at(-1)?.type).toBe('done');
    expect(lines.filter((l) => l.type === 'port').map((l) => l.port).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(openPorts);
    expect(lines.filter((l) => l.type === 'host').map((l) => l.address)).toEqual([HOST]);
  });
});

describe('scan -oX', () => {
  it('writes nmap-style XML with the open ports', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gh-xml-')), 'out.xml');
    const r = await runCli(['scan', HOST, '-p', portsArg(), '-oX', file, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<nmaprun scanner="gatehouse"');
    expect(xml).toContain(`<address addr="${HOST}" addrtype="ipv4"/>`);
    for (const p of openPorts) { expect(xml).toContain(`portid="${p}"><state state="open" reason="syn-ack"`); }
    expect(xml).toContain('<extraports state="closed" count="1">');
    expect(xml.trimEnd().endsWith('</nmaprun>')).toBe(true);
  });

  it('a TCP+UDP scan gets one <scaninfo> per protocol and UDP ports as protocol="udp"', async () => {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) => udp.bind(0, HOST, () => resolve(udp.address().port)));
    udp.on('message', (m, r) => udp.send(m, r.port, r.address));
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'gh-xml-')), 'out.xml');
      const tcp = openPorts[0] as number;
      const r = await runCli(['scan', HOST, '-Pn', '-p', `T:${tcp},U:${port}`, '--no-service-detection', '-oX', file, '--quiet', '--no-store']);
      expect(r.code, r.stderr).toBe(0);
      const xml = readFileSync(file, 'utf8');
      expect(xml).toContain(`<scaninfo type="connect" protocol="tcp" numservices="1" services="${tcp}"/>`);
      expect(xml).toContain(`<scaninfo type="udp" protocol="udp" numservices="1" services="${port}"/>`);
      expect(xml).toContain(`<port protocol="udp" portid="${port}"><state state="open" reason="udp-response"`);
    } finally {
      udp.close();
    }
  });
});

describe('plain output when stdout is not a TTY', () => {
  it('prints one tab-separated line per open port and per host', async () => {
    const r = await runCli(['scan', HOST, '-p', portsArg()]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const p of openPorts) {
      expect(lines.some((l) => l.startsWith(`${HOST}\t${p}/tcp\topen\t`) && l.endsWith('\tsyn-ack')), `port ${p}`).toBe(true);
    }
    expect(lines.some((l) => l.startsWith(`${HOST}\thost\tup`))).toBe(true);
  });
});

describe('interruption', () => {
  it('Ctrl-C prints what was found so far and exits 130', async () => {
    // 65,536 hosts × 50 ports on loopback: far more than finishes in 2.5 s.
    const r = await runCli(['scan', '127.86.0.0/16', '-Pn', '-p', `1-49,${openPorts[0]}`, '--ndjson', '--host-group', '16', '--no-service-detection', '--no-store'], { killAfterMs: 2500 });
    expect(r.code, r.stderr).toBe(130);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; scan?: { interrupted?: boolean } });
    expect(lines.filter((l) => l.type === 'host').length).toBeGreaterThan(0);
    const done = lines.at(-1);
    expect(done?.type).toBe('done');
    expect(done?.scan?.interrupted).toBe(true);
  });
});
