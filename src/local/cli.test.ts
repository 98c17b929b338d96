import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../test/cli/run.js';

const FIX = new URL('../../test/fixtures/local/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gh-local-cli-'));
const BAD = join(dir, 'bad.yaml');
writeFileSync(BAD, 'version: 1\ngroups:\n  - name: web\n    hosts: ["*"]\n    allow:\n      - port: 99999\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gatehouse local (CLI)', () => {
  it('a malformed policy: one line with file and line, exit 2', async () => {
    const r = await runCli(['local', '--policy', BAD]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${BAD}:6: groups[0].allow[0].port`);
  });

  it('recorded Windows output with --json; policy findings and flags on the listeners', async () => {
    const r = await runCli(['local', '--netstat', `${FIX}netstat-ano-win11.txt`, '--tasklist', `${FIX}tasklist-win11.csv`,
      '--policy', `${FIX}harden-policy.yaml`, '--host', '10.80.0.7', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const inv = JSON.parse(r.stdout) as { source: string; listeners: Array<{ port: number; protocol: string; scope: string; flags?: string[]; findings?: Array<{ id: string }> }> };
    expect(inv.source).toBe('netstat');
    const rdp = inv.listeners.find((l) => l.port === 3389);
    expect(rdp?.findings?.map((f) => f.id)).toEqual(['policy-unexpected-port']);
    expect(rdp?.flags).toEqual(['unknown-listener']);
    const redis = inv.listeners.find((l) => l.port === 6379);
    expect(redis).toMatchObject({ scope: 'loopback' });
    expect(redis?.findings ?? []).toEqual([]);
  });

  it('bad option combinations exit 2', async () => {
    expect((await runCli(['local', '--lsof', 'a', '--netstat', 'b'])).code).toBe(2);
    expect((await runCli(['local', '--tasklist', 'a'])).code).toBe(2);
    expect((await runCli(['local', '--watch', '5 minutes'])).code).toBe(2);
    expect((await runCli(['local', '--lsof', `${FIX}lsof-macos14.txt`, '--watch', '1s'])).code).toBe(2);
  });

  it('reads this host (text table)', async () => {
    const r = await runCli(['local']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^PROTO +LOCAL +SCOPE +PROCESS/);
    expect(r.stdout).toContain('source linux-proc');
  });
});

describe('gatehouse harden (CLI)', () => {
  const base = ['harden', '--policy', `${FIX}harden-policy.yaml`, '--scan', `${FIX}harden-scan.json`, '--inventory', `${FIX}harden-inventory.json`];
  it('dry run: ranked ports, then the rules of every format with explanations', async () => {
    const r = await runCli([...base, '--format', 'all']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.indexOf('CLOSE 6379/tcp')).toBeLessThan(r.stdout.indexOf('CLOSE 11211/tcp'));
    for (const f of ['nftables', 'iptables', 'ufw', 'firewalld', 'windows', 'aws']) { expect(r.stdout).toContain(`==== ${f} (dry run: nothing applied) ====`); }
  });
  it('--json carries exposure, plan and rendered rules', async () => {
    const r = await runCli([...base, '--json', '--format', 'iptables']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { exposed: Array<{ port: number; action: string }>; firewalls: Array<{ format: string; rules: Array<{ explanation: string }> }> };
    expect(doc.exposed[0]).toMatchObject({ port: 6379, action: 'close' });
    expect(doc.firewalls[0]?.format).toBe('iptables');
    expect(doc.firewalls[0]?.rules.length).toBeGreaterThan(10);
  });
  it.each([
    [['--format', 'pf'], 'GH_ERR_OPTION'],
    [['--apply', '--format', 'ufw'], 'GH_ERR_OPTION'],
  ])('bad input %j exits 2 with one line', async (extra) => {
    const r = await runCli([...base, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a scan file that is not a scan document exits 2', async () => {
    const r = await runCli(['harden', '--policy', `${FIX}harden-policy.yaml`, '--scan', `${FIX}harden-inventory.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scan JSON');
  });
  it('needs something open to work on', async () => {
    expect((await runCli(['harden', '--policy', `${FIX}harden-policy.yaml`])).code).toBe(2);
  });
});

describe('gatehouse scan --policy', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

  it('a malformed policy stops the scan before it starts: exit 2', async () => {
    const r = await runCli(['scan', '127.0.0.1', '-p', String(port), '--policy', BAD, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
  it('open ports the policy does not allow carry policy-unexpected-port; allowed ones nothing', async () => {
    const pol = join(dir, 'scan-policy.yaml');
    writeFileSync(pol, `version: 1\ngroups:\n  - name: lo\n    hosts: [127.0.0.0/8]\n    allow:\n      - { port: 1 }\n`);
    const r = await runCli(['scan', '127.0.0.1', '-p', String(port), '--policy', pol, '--json', '--no-service-detection'], { env: { GATEHOUSE_DB: join(dir, 'h.db') } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: Array<{ ports: Array<{ port: number; findings?: Array<{ id: string }> }> }> };
    expect(doc.hosts[0]?.ports.find((p) => p.port === port)?.findings?.map((f) => f.id)).toEqual(['policy-unexpected-port']);
  });
});
