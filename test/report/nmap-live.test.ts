/**
 * nmap XML import against a file nmap really wrote in this run: two loopback listeners (an SSH banner, an HTTP
 * server announcing Apache 2.2.34) are scanned with `nmap -sT -sV -p <ports> 127.0.0.1 -oX FILE` (Debian's nmap,
 * scripts/apt/report.list); the import must keep nmap's service fields and flag the end-of-life Apache branch.
 * Skipped, with the reason, when nmap is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { promisify } from 'node:util';
import { loadScanFile } from '../../src/import/index.js';
import { runCli } from '../cli/run.js';
import { labSkip } from '../lab/require.js';

const NMAP = ['/usr/bin/nmap', '/usr/local/bin/nmap'].find((p) => existsSync(p));
const run = promisify(execFile);
let dir = '';
let sshPort = 0;
let httpPort = 0;
const ssh = net.createServer((c) => { c.on('error', () => c.destroy()); c.end('SSH-2.0-OpenSSH_8.4p1 Debian-5\r\n'); });
const web = http.createServer((_req, res) => { res.setHeader('Server', 'Apache/2.2.34 (Unix)'); res.end('<html><body>ok</body></html>'); });
const listen = (s: net.Server): Promise<number> => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));

describe.skipIf(labSkip(NMAP === undefined ? 'nmap missing (scripts/apt/report.list)' : ''))('nmap -oX import from a real nmap run (skipped when nmap is missing)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-nmap-'));
    sshPort = await listen(ssh);
    httpPort = await listen(web);
    await run(NMAP!, ['-sT', '-sV', '-Pn', '-n', '-p', `${sshPort},${httpPort}`, '127.0.0.1', '-oX', join(dir, 'scan.xml')], { timeout: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([ssh, web].map((s) => new Promise((r) => s.close(r))));
    if (dir) { rmSync(dir, { recursive: true, force: true }); }
  });

  it('keeps nmap -sV service fields and flags the end-of-life branch', async () => {
    const loaded = await loadScanFile(join(dir, 'scan.xml'));
    expect(loaded.format).toBe('nmap');
    const ports = loaded.doc.hosts[0]!.ports;
    const s = ports.find((p) => p.port === sshPort)!;
    const h = ports.find((p) => p.port === httpPort)!;
    expect(s.service).toMatchObject({ name: 'ssh', product: 'OpenSSH', version: '8.4p1 Debian 5', method: 'probed' });
    expect(h.service).toMatchObject({ name: 'http', product: 'Apache httpd', version: '2.2.34', method: 'probed' });
    expect(h.findings?.map((f) => f.id)).toEqual(['software-eol']);
    expect(s.findings ?? []).toEqual([]);
    expect(loaded.notRun).toEqual(expect.arrayContaining(['ssh-password-auth', 'http-no-tls']));
  });

  it('gatehouse report --from-nmap grades it (built CLI)', async () => {
    const r = await runCli(['report', '--from-nmap', join(dir, 'scan.xml'), '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# Security grade: A \(92\.51 \/ 100\)/);
    expect(r.stdout).toContain('did not run');
    expect(readFileSync(join(dir, 'scan.xml'), 'utf8')).toContain('scanner="nmap"');
  });
});
