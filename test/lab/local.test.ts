/**
 * Inside-out lab (issue 7): namespace gh-local-<pid> (server, 10.80.0.1) joined by a veth pair to gh-localc-<pid>
 * (scanner, 10.80.0.2). Real listeners inside the server namespace: python3 http.server, socat (dual-stack TCP,
 * UDP), node, and the Debian daemons redis-server (own config file) and memcached, all bound to 0.0.0.0 or a
 * specific address. Checks: `gatehouse local --json` names processes and scopes exactly as `ss -tlnpu`; usage now
 * and with --watch; then nftables and iptables rules generated from a policy are applied inside the namespace and a
 * `gatehouse scan` from the scanner namespace proves closed ports filtered and allowed ones still open; the rollback
 * file restores the previous state.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from './netns.js';
import { builtMissing, labSkip, missingCommands, netnsMissing } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const LISTENERS = new URL('../../lab/listeners.mjs', import.meta.url).pathname;
const HOLD = new URL('../../lab/local/hold.mjs', import.meta.url).pathname;
const SERVER = '10.80.0.1';
const TCP_PORTS = [8000, 8083, 8084, 8085, 6379, 11211];

const missing = missingCommands(['ss', 'nft', 'iptables', 'ip6tables', 'socat', 'redis-server', 'memcached', 'python3']);
const skipReason = netnsMissing() || (missing.length > 0 ? `missing ${missing.join(', ')} (bash scripts/setup.sh)` : builtMissing(CLI));

interface Listener { protocol: string; address: string; port: number; scope: string; flags?: string[]; processes: Array<{ pid: number; name: string; user?: string }>; usage?: { established: number; connectionsSeen: number; peers: string[]; verdict: string } }
interface Inventory { listeners: Listener[] }
interface ScanDoc { hosts: Array<{ ports: Array<{ port: number; state: string }> }> }

/** `ss -tlnpu` → "proto address port name/pid,…" lines; ss prints a dual-stack IPv6 wildcard as `*`, /proc as `::`. */
function fromSs(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) { continue; }
    const local = f[4] as string;
    const i = local.lastIndexOf(':');
    let addr = local.slice(0, i).replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    if (addr === '*') { addr = '::'; }
    const procs = [...new Set([...line.matchAll(/\("([^"]+)",pid=(\d+)/g)].map((m) => `${m[1]}/${m[2]}`))].sort();
    out.push(`${f[0]} ${addr} ${local.slice(i + 1)} ${procs.join(',')}`);
  }
  return out.sort();
}

function fromInventory(inv: Inventory): string[] {
  return inv.listeners.map((l) => `${l.protocol} ${l.address} ${l.port} ${[...new Set(l.processes.map((p) => `${p.name}/${p.pid}`))].sort().join(',')}`).sort();
}

describe.skipIf(labSkip(skipReason))(`gatehouse local and harden in a namespace${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let srv: Netns;
  let cli: Netns;
  let dir: string;

  const local = async (args: string[] = []): Promise<Inventory> => {
    const r = await srv.exec('node', [CLI, 'local', '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Inventory;
  };
  const scanStates = async (): Promise<Record<number, string>> => {
    const r = await cli.exec('node', [CLI, 'scan', SERVER, '-p', TCP_PORTS.join(','), '--json', '--no-ping', '--no-service-detection', '--all-states', '--timeout', '400', '--retries', '1']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as ScanDoc;
    writeFileSync(`${dir}/scan.json`, r.stdout);
    return Object.fromEntries((doc.hosts[0]?.ports ?? []).map((p) => [p.port, p.state]));
  };
  const start = (cmd: string, args: string[]): void => {
    const p = spawn('ip', ['netns', 'exec', srv.name, cmd, ...args], { stdio: 'ignore', detached: false });
    p.on('error', () => undefined);
  };

  beforeAll(async () => {
    srv = Netns.create('gh-local');
    cli = Netns.create('gh-localc');
    dir = `/tmp/${srv.name}`;
    mkdirSync(dir, { recursive: true });
    process.env.GATEHOUSE_DB = `${dir}/history.db`;
    srv.run('ip', ['link', 'add', 'ghl0', 'type', 'veth', 'peer', 'name', 'ghl1', 'netns', cli.name]);
    srv.run('ip', ['addr', 'add', `${SERVER}/24`, 'dev', 'ghl0']);
    srv.run('ip', ['link', 'set', 'ghl0', 'up']);
    cli.run('ip', ['addr', 'add', '10.80.0.2/24', 'dev', 'ghl1']);
    cli.run('ip', ['link', 'set', 'ghl1', 'up']);
    writeFileSync(`${dir}/redis.conf`, [
      'bind 0.0.0.0', 'port 6379', 'protected-mode no', 'daemonize no', 'save ""', 'appendonly no',
      `dir ${dir}`, `logfile ${dir}/redis.log`, 'databases 1', '',
    ].join('\n'));
    start('redis-server', [`${dir}/redis.conf`]);
    start('memcached', ['-u', 'memcache', '-l', '0.0.0.0', '-p', '11211', '-U', '11211', '-m', '16']);
    start('/usr/bin/python3', ['-m', 'http.server', '8000', '--bind', '0.0.0.0', '--directory', dir]);
    start('socat', ['TCP6-LISTEN:8084,bind=[::],reuseaddr,fork', '/dev/null']);
    start('socat', ['-u', 'UDP4-RECV:5300,bind=127.0.0.1', '/dev/null']);
    await srv.background('node', [LISTENERS, `0.0.0.0:8085,${SERVER}:8083,127.0.0.1:8086`]);
    // wait until every daemon listens
    for (let i = 0; i < 100; i++) {
      const ss = srv.run('ss', ['-tlnu']);
      if ([...TCP_PORTS, 5300].every((p) => ss.includes(`:${p} `))) { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    try { cli?.destroy(); } finally {
      try { srv?.destroy(); } finally { if (dir) { rmSync(dir, { recursive: true, force: true }); } }
    }
  });

  it('names every listener\'s processes and address exactly as ss -tlnpu does', async () => {
    const inv = await local();
    const ss = fromSs(srv.run('ss', ['-tlnpu']));
    expect(fromInventory(inv)).toEqual(ss);
    expect(ss).toHaveLength(9); // tcp 6379 8000 8083 8084 8085 8086 11211, udp 5300 11211
  });

  it('bind scopes, socket users, and the loopback-program flag on redis and memcached', async () => {
    const inv = await local();
    const by = (proto: string, port: number): Listener | undefined => inv.listeners.find((l) => l.protocol === proto && l.port === port);
    expect(by('tcp', 8000)?.scope).toBe('all');
    expect(by('tcp', 8083)).toMatchObject({ scope: 'address', address: SERVER });
    expect(by('tcp', 8084)).toMatchObject({ scope: 'all', address: '::' });
    expect(by('tcp', 8086)?.scope).toBe('loopback');
    expect(by('udp', 5300)).toMatchObject({ scope: 'loopback', address: '127.0.0.1' });
    expect(by('tcp', 11211)?.processes[0]).toMatchObject({ name: 'memcached', user: 'memcache' });
    expect(by('tcp', 6379)?.flags).toContain('loopback-program-exposed');
    expect(by('tcp', 11211)?.flags).toContain('loopback-program-exposed');
    expect(by('udp', 11211)?.flags).toContain('loopback-program-exposed');
    expect(by('tcp', 8000)?.flags ?? []).not.toContain('loopback-program-exposed');
  });

  it('counts an established connection from the scanner namespace, and --watch sees a short one', async () => {
    const holder = await cli.background('node', [HOLD, `${SERVER}:8000`]);
    try {
      const inv = await local();
      expect(inv.listeners.find((l) => l.port === 8000 && l.protocol === 'tcp')?.usage).toMatchObject({ established: 1, peers: ['10.80.0.2'], verdict: 'used' });
    } finally { holder.kill('SIGTERM'); }
    // connect to redis again and again while the watch runs (its start is delayed by node's start-up under load)
    let done = false;
    const watching = local(['--watch', '4s', '--interval', '100']).finally(() => { done = true; });
    while (!done) { await cli.exec('node', [HOLD, `${SERVER}:6379`, '--for', '300']); }
    const inv = await watching;
    const redis = inv.listeners.find((l) => l.port === 6379 && l.protocol === 'tcp' && l.address === '0.0.0.0');
    expect(redis?.usage).toMatchObject({ verdict: 'used', peers: ['10.80.0.2'] });
    expect(inv.listeners.find((l) => l.port === 11211 && l.protocol === 'tcp')?.usage?.verdict).toBe('idle');
  });

  describe.each(['nftables', 'iptables'])('harden --apply --format %s', (format) => {
    it('closes what the policy does not need (filtered from the scanner), keeps what it needs, rolls back', async () => {
      writeFileSync(`${dir}/policy.yaml`, [
        'version: 1', 'groups:', '  - name: lab', '    hosts: [10.80.0.0/24]', '    allow:',
        '      - { port: 8000, from: [10.80.0.0/24] }', '      - { port: 8084 }', '      - { port: 8085, from: [192.0.2.0/24] }',
        '      - { port: 6379, from: loopback }', '',
      ].join('\n'));
      expect(await scanStates()).toEqual({ 8000: 'open', 8083: 'open', 8084: 'open', 8085: 'open', 6379: 'open', 11211: 'open' });
      writeFileSync(`${dir}/inventory.json`, JSON.stringify(await local()));
      const rb = `${dir}/rollback-${format}.sh`;
      const r = await srv.exec('node', [CLI, 'harden', '--policy', `${dir}/policy.yaml`, '--scan', `${dir}/scan.json`, '--inventory', `${dir}/inventory.json`,
        '--format', format, '--apply', '--yes', '--rollback-file', rb]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/CLOSE 11211\/tcp +memcached/);
      expect(r.stdout).toMatch(/KEEP +8084\/tcp +socat/);
      expect(await scanStates()).toEqual({ 8000: 'open', 8083: 'filtered', 8084: 'open', 8085: 'filtered', 6379: 'filtered', 11211: 'filtered' });
      // loopback stays open inside the host: redis answers on 127.0.0.1
      expect((await srv.exec('node', [HOLD, '127.0.0.1:6379', '--for', '10'])).code).toBe(0);
      const back = await srv.exec('sh', [rb]);
      expect(back.code, back.stderr).toBe(0);
      expect(await scanStates()).toEqual({ 8000: 'open', 8083: 'open', 8084: 'open', 8085: 'open', 6379: 'open', 11211: 'open' });
    });
  });

  // Issue 16 item 15: commit-confirmed and the lockout check.
  describe('harden --apply without --yes (commit confirmed) and with an established session', () => {
    const ALL_OPEN = { 8000: 'open', 8083: 'open', 8084: 'open', 8085: 'open', 6379: 'open', 11211: 'open' };
    const HARDENED = { 8000: 'open', 8083: 'filtered', 8084: 'open', 8085: 'filtered', 6379: 'filtered', 11211: 'filtered' };
    const hardenArgs = (extra: string[]): string[] => [CLI, 'harden', '--policy', `${dir}/policy.yaml`, '--scan', `${dir}/scan.json`, '--inventory', `${dir}/inventory.json`,
      '--format', 'nftables', '--apply', '--rollback-file', `${dir}/rollback-confirm.sh`, '--state-file', `${dir}/harden-state.json`, ...extra];
    /** The same policy, scan and inventory files as the --apply tests above, so each test here also runs alone. */
    const prepare = async (): Promise<void> => {
      writeFileSync(`${dir}/policy.yaml`, [
        'version: 1', 'groups:', '  - name: lab', '    hosts: [10.80.0.0/24]', '    allow:',
        '      - { port: 8000, from: [10.80.0.0/24] }', '      - { port: 8084 }', '      - { port: 8085, from: [192.0.2.0/24] }',
        '      - { port: 6379, from: loopback }', '',
      ].join('\n'));
      expect(await scanStates()).toEqual(ALL_OPEN);
      writeFileSync(`${dir}/inventory.json`, JSON.stringify(await local()));
    };
    const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
      for (let t = 0; t < ms && !cond(); t += 100) { await new Promise((r) => setTimeout(r, 100)); }
      expect(cond()).toBe(true);
    };

    it('restores the previous rules by itself when nobody confirms within --confirm-timeout', async () => {
      await prepare();
      const harden = srv.exec('node', hardenArgs(['--confirm-timeout', '6']));
      await waitFor(() => existsSync(`${dir}/harden-state.json`), 10_000);
      expect(await scanStates()).toEqual(HARDENED); // applied while it waits
      const r = await harden;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/GH_ERR_NOT_CONFIRMED|not confirmed within 6 s/);
      expect(existsSync(`${dir}/harden-state.json`)).toBe(false);
      expect(await scanStates()).toEqual(ALL_OPEN);
    }, 60_000);

    it('keeps the rules when `harden --confirm` is run from another session', async () => {
      await prepare();
      const harden = srv.exec('node', hardenArgs(['--confirm-timeout', '60']));
      await waitFor(() => existsSync(`${dir}/harden-state.json`), 10_000);
      const c = await srv.exec('node', [CLI, 'harden', '--confirm', '--state-file', `${dir}/harden-state.json`]);
      expect(c.code, c.stderr).toBe(0);
      const r = await harden;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('confirmed');
      expect(await scanStates()).toEqual(HARDENED);
      const back = await srv.exec('sh', [`${dir}/rollback-confirm.sh`]);
      expect(back.code, back.stderr).toBe(0);
      expect(await scanStates()).toEqual(ALL_OPEN);
      const none = await srv.exec('node', [CLI, 'harden', '--confirm', '--state-file', `${dir}/harden-state.json`]);
      expect(none.code).toBe(2);
    }, 60_000);

    it('refuses, without --force, rules that would cut off an established session (redis 6379 from the scanner)', async () => {
      await prepare();
      const holder = await cli.background('node', [HOLD, `${SERVER}:6379`]); // redis keeps an idle client connected
      try {
        const r = await srv.exec('node', hardenArgs(['--yes']));
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/6379\/tcp \(redis-server\) from 10\.80\.0\.2.*--force/);
        expect(await scanStates()).toEqual(ALL_OPEN); // nothing applied
        const forced = await srv.exec('node', hardenArgs(['--yes', '--force']));
        expect(forced.code, forced.stderr).toBe(0);
        expect(await scanStates()).toEqual(HARDENED);
      } finally {
        holder.kill('SIGTERM');
        await srv.exec('sh', [`${dir}/rollback-confirm.sh`]);
      }
      expect(await scanStates()).toEqual(ALL_OPEN);
    }, 60_000);
  });
});
