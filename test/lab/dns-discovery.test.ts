/**
 * @module test/lab/dns-discovery — asset discovery against a real DNS server: unbound (Debian), in a namespace this
 * file creates (watch-dns-<pid>, reached through a veth pair 10.186.53.1 here ↔ 10.186.53.2 inside), serving a fake
 * zone authoritatively from local-data (`local-zone: "." static` too, so it never recurses anywhere). The zone has
 * A/AAAA, a CNAME chain, MX, NS, SPF with include and ip4/ip6 ranges, SRV names, and one SRV target in another
 * organisation's zone. Discovery runs through the API (a real server, POST …/discovery) and the CLI; asserts the
 * discovered set, the provenance chains, out-of-scope → pending approval, and that such a target is refused by a
 * run before any packet (the DNS data's addresses are documentation ranges: nothing here ever sends to them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from './netns.js';
import { builtMissing, firstMissing, labSkip, missingCommands, netnsMissing } from './require.js';
import { addUser, Client, startHarness, type Harness } from '../server/harness.js';
import { DnsClient } from '../../src/monitor/discovery/client.js';
import { startRun, runContext } from '../../src/monitor/executor.js';
import { SYSTEM_PRINCIPAL } from '../../src/monitor/principal.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const HOST_ADDR = '10.186.53.1';
const NS_ADDR = '10.186.53.2';
const reason = firstMissing(netnsMissing, () => (missingCommands(['unbound']).length > 0 ? 'unbound not installed (bash scripts/setup.sh)' : ''), () => builtMissing(CLI));
const skip = labSkip(reason);

const ZONE = [
  'example.test. A 192.0.2.1', 'example.test. AAAA 2001:db8::1',
  'example.test. MX 10 mail.example.test.', 'mail.example.test. A 192.0.2.10',
  'example.test. NS ns1.example.test.', 'ns1.example.test. A 192.0.2.53',
  'example.test. TXT "v=spf1 ip4:192.0.2.16/28 include:_spf.example.test -all"', 'example.test. TXT "site-verification=abc"',
  '_spf.example.test. TXT "v=spf1 ip4:192.0.2.40 ip6:2001:db8:5::/64 -all"',
  'www.example.test. CNAME web.example.test.', 'web.example.test. CNAME front.example.test.', 'front.example.test. A 192.0.2.20',
  '_sip._tcp.example.test. SRV 0 0 5060 sip.example.test.', 'sip.example.test. A 192.0.2.30',
  '_submission._tcp.example.test. SRV 0 0 587 mail.example.test.',
  '_xmpp-server._tcp.example.test. SRV 0 0 5269 chat.partner.test.', 'chat.partner.test. A 198.51.100.9',
];

function unboundConf(dir: string): string {
  return [
    'server:', `  interface: ${NS_ADDR}`, '  port: 53', '  do-daemonize: no', '  username: ""', '  chroot: ""', `  directory: "${dir}"`,
    '  pidfile: ""', '  use-syslog: no', '  logfile: ""', '  verbosity: 0', '  do-ip6: no', `  access-control: ${HOST_ADDR}/32 allow`,
    '  module-config: "iterator"', '  local-zone: "." static', '  local-zone: "example.test." static', '  local-zone: "partner.test." static',
    ...ZONE.map((rr) => `  local-data: '${rr}'`), 'remote-control:', '  control-enable: no', '',
  ].join('\n');
}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(skip)(`DNS discovery against unbound in a namespace${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let ns: Netns;
  let unbound: ChildProcess | null = null;
  let h: Harness;
  let dir = '';
  const veth = `watchd${process.pid % 100000}`;
  const resolver = `${NS_ADDR}:53`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watch-dns-'));
    ns = Netns.create('watch-dns');
    ns.run('ip', ['link', 'set', 'lo', 'up']);
    await run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'watchn', 'netns', ns.name]);
    await run('ip', ['addr', 'add', `${HOST_ADDR}/30`, 'dev', veth]);
    await run('ip', ['link', 'set', veth, 'up']);
    ns.run('ip', ['addr', 'add', `${NS_ADDR}/30`, 'dev', 'watchn']);
    ns.run('ip', ['link', 'set', 'watchn', 'up']);
    writeFileSync(join(dir, 'unbound.conf'), unboundConf(dir));
    unbound = spawn('ip', ['netns', 'exec', ns.name, 'unbound', '-d', '-c', join(dir, 'unbound.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    unbound.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    const probe = new DnsClient({ resolver: { address: NS_ADDR, port: 53 }, timeoutMs: 300, retries: 0, maxQueries: 100 });
    for (let i = 0; ; i += 1) {
      const ok = await probe.lookup(`ready${i}.example.test`, 'A').then(() => true, () => false);
      if (ok) { break; }
      if (i > 40) { throw new Error(`unbound did not answer: ${err}`); }
    }
    h = await startHarness('sqlite', { resolver });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    unbound?.kill('SIGTERM');
    ns?.destroy();
    await run('ip', ['link', 'del', veth]);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('finds the zone through the API: set, provenance chains, out-of-scope pending, never scanned', async () => {
    await addUser(h, 'root', 'admin', []);
    const admin = new Client(h.base);
    expect(await admin.login('root')).toBe(200);
    const org = (await admin.request('POST', '/organizations', { name: 'example', relationship: 'own' })).json as { id: number };
    for (const a of [{ kind: 'domain', value: 'example.test' }, { kind: 'hostname', value: 'www.example.test' }]) {
      expect((await admin.request('POST', `/organizations/${org.id}/assets`, a)).status).toBe(201);
    }
    expect((await admin.request('POST', `/organizations/${org.id}/scope`, { target: '192.0.2.0/24' })).status).toBe(201);

    const t0 = Date.now();
    const res = await admin.request('POST', `/organizations/${org.id}/discovery`);
    const ms = Date.now() - t0;
    expect(res.status, res.text).toBe(200);
    const report = res.json as { discovered: Array<{ kind: string; value: string; provenance: string[]; inScope: boolean; status: string; source: string }>; notes: string[]; queries: number };
    console.log(`discovery: ${report.discovered.length} assets, ${report.queries} queries, ${ms} ms; notes: ${report.notes.join('; ')}`);
    const got = Object.fromEntries(report.discovered.map((d) => [`${d.kind} ${d.value}`, `${d.inScope ? 'in' : 'OUT'} | ${d.provenance.join(' → ')}`]));
    expect(got).toEqual({
      'address 192.0.2.1': 'in | example.test → 192.0.2.1',
      'address 2001:db8::1': 'OUT | example.test → 2001:db8::1',
      'hostname mail.example.test': 'in | MX of example.test → mail.example.test',
      'address 192.0.2.10': 'in | MX of example.test → mail.example.test → 192.0.2.10',
      'hostname ns1.example.test': 'in | NS of example.test → ns1.example.test',
      'address 192.0.2.53': 'in | NS of example.test → ns1.example.test → 192.0.2.53',
      'cidr 192.0.2.16/28': 'in | SPF of example.test → 192.0.2.16/28',
      'address 192.0.2.40': 'in | SPF of example.test → include:_spf.example.test → SPF of _spf.example.test → 192.0.2.40',
      'cidr 2001:db8:5::/64': 'OUT | SPF of example.test → include:_spf.example.test → SPF of _spf.example.test → 2001:db8:5::/64',
      'hostname sip.example.test': 'in | SRV of _sip._tcp.example.test → sip.example.test',
      'address 192.0.2.30': 'in | SRV of _sip._tcp.example.test → sip.example.test → 192.0.2.30',
      'hostname chat.partner.test': 'OUT | SRV of _xmpp-server._tcp.example.test → chat.partner.test',
      'address 198.51.100.9': 'OUT | SRV of _xmpp-server._tcp.example.test → chat.partner.test → 198.51.100.9',
      'hostname web.example.test': 'in | www.example.test → CNAME of www.example.test → web.example.test',
      'hostname front.example.test': 'in | www.example.test → CNAME of www.example.test → web.example.test → CNAME of web.example.test → front.example.test',
      'address 192.0.2.20': 'in | www.example.test → CNAME of www.example.test → web.example.test → CNAME of web.example.test → front.example.test → 192.0.2.20',
    });
    expect(report.discovered.every((d) => d.status === 'pending' && d.source === 'dns')).toBe(true);

    // Out of scope: listed for approval, and a run over it is refused before any packet — even once approved.
    const pending = (await admin.request('GET', `/organizations/${org.id}/discovered?status=pending`)).json as { items: Array<{ id: number; value: string; inScope: boolean }> };
    const partner = pending.items.find((d) => d.value === '198.51.100.9');
    expect(partner?.inScope).toBe(false);
    expect((await admin.request('POST', `/organizations/${org.id}/discovered/${partner?.id ?? 0}`, { decision: 'approved' })).status).toBe(200);
    expect(((await admin.request('GET', `/organizations/${org.id}/scope`)).json as { items: Array<{ target: string }> }).items.map((e) => e.target)).toEqual(['192.0.2.0/24']);
    await expect(startRun(runContext(h.monitor), SYSTEM_PRINCIPAL, org.id, { targets: ['198.51.100.9'] })).rejects.toMatchObject({ code: 'GH_ERR_OUT_OF_SCOPE' });

    // Running again refreshes the rest (the approved one is an asset now), keeps the decision, adds nothing.
    const again = (await admin.request('POST', `/organizations/${org.id}/discovery`)).json as typeof report;
    expect(again.discovered.length).toBe(report.discovered.length - 1);
    const all = (await admin.request('GET', `/organizations/${org.id}/discovered`)).json as { items: Array<{ value: string; status: string }> };
    expect(all.items.length).toBe(report.discovered.length);
    expect(all.items.find((d) => d.value === '198.51.100.9')?.status).toBe('approved');
    const audit = (await admin.request('GET', '/audit')).json as { items: Array<{ action: string }> };
    expect(audit.items.filter((a) => a.action === 'discovery.run').length).toBe(2);
  });

  it('gatehouse discover DOMAIN --resolver … --json walks the same zone', async () => {
    const r = await run('node', [CLI, 'discover', 'example.test', '--resolver', resolver, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { found: Array<{ kind: string; value: string; provenance: string[] }>; queries: number };
    expect(doc.found.find((f) => f.value === '198.51.100.9')?.provenance).toEqual(['SRV of _xmpp-server._tcp.example.test', 'chat.partner.test', '198.51.100.9']);
    expect(doc.found.length).toBe(13);
    const none = await run('node', [CLI, 'discover', 'example.test']);
    expect(none.code).not.toBe(0);
  });
});
