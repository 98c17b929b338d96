/**
 * OS profiles lab (issue 14 item 6): namespace acc-ph-<pid> holds three hosts on lo and the scanner —
 * 10.84.0.1 the Windows EMULATOR (lab/emulators/windows.mjs: MSRPC 135, SMB2/NTLMSSP 445 with build 19041, RDP 3389
 * with NLA, WinRM 5985), 10.84.0.2 a Linux host with real daemons (OpenSSH, redis-server), 10.84.0.3 the macOS
 * EMULATOR (lab/emulators/macos.mjs: AFP 548, Screen Sharing 5900, ARD 3283, lockdownd 62078) — and, over a veth
 * pair, acc-pd-<pid> (10.84.1.4) a network device: real net-snmp snmpd answering with a Cisco sysObjectID and
 * sysDescr, and real inetutils-telnetd. `--profile auto` must find each profile's ports beyond the top-100 first
 * pass and name each OS with its evidence; `--profile windows` must find 135/445/3389/5985 and the Windows build.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult, ScanDocument } from '../../src/core/types.js';
import { canUseNetns, Netns } from './netns.js';
import { labSkip } from './require.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const EMU = new URL('../../lab/emulators/', import.meta.url).pathname;
const WIN = '10.84.0.1';
const LINUX = '10.84.0.2';
const MAC = '10.84.0.3';
const DEVICE = '10.84.1.4';

function has(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}
const missing = ['/usr/sbin/sshd', 'ssh-keygen', '/usr/sbin/snmpd', '/usr/sbin/inetutils-inetd', '/usr/sbin/telnetd', 'redis-server', 'ss'].filter((c) => !has(c));
const skipReason = !canUseNetns ? 'needs root and iproute2 (ip netns)' : missing.length > 0 ? `missing ${missing.join(', ')} (bash scripts/setup.sh)` : '';

describe.skipIf(labSkip(skipReason))(`OS profiles${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let hosts: Netns;
  let dev: Netns;
  let dir: string;

  const waitListening = async (ns: Netns, port: number, udp = false): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (ns.run('ss', [udp ? '-Hln' : '-Htln', ...(udp ? ['-u'] : []), `sport = :${port}`]).trim() !== '') { return; }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nothing listens on ${port}`);
  };
  const start = (ns: Netns, cmd: string, args: string[]): void => {
    const p = spawn('ip', ['netns', 'exec', ns.name, cmd, ...args], { stdio: 'ignore', cwd: dir });
    p.on('error', () => undefined);
  };
  const scan = async (target: string, args: string[]): Promise<HostResult> => {
    const r = await hosts.exec('node', [CLI, 'scan', target, ...args, '--json', '--no-ping', '--no-store', '--no-self-scan', '-oX', `${dir}/${target}.xml`]);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(`${dir}/${target}-${args.join('_')}.json`, r.stdout);
    return (JSON.parse(r.stdout) as ScanDocument).hosts[0]!;
  };
  const open = (h: HostResult, proto: 'tcp' | 'udp' = 'tcp'): number[] => h.ports.filter((p) => p.state === 'open' && p.protocol === proto).map((p) => p.port);

  beforeAll(async () => {
    hosts = Netns.create('acc-ph');
    dev = Netns.create('acc-pd');
    dir = `/tmp/${hosts.name}`;
    mkdirSync(dir, { recursive: true });
    for (const a of [WIN, LINUX, MAC]) { hosts.run('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo']); }
    hosts.run('ip', ['link', 'add', 'accph0', 'type', 'veth', 'peer', 'name', 'accpd0', 'netns', dev.name]);
    hosts.run('ip', ['addr', 'add', '10.84.1.1/24', 'dev', 'accph0']);
    hosts.run('ip', ['link', 'set', 'accph0', 'up']);
    dev.run('ip', ['addr', 'add', `${DEVICE}/24`, 'dev', 'accpd0']);
    dev.run('ip', ['link', 'set', 'accpd0', 'up']);
    // Windows and macOS: labelled emulators (lab/emulators/README.md)
    await hosts.background('node', [`${EMU}windows.mjs`, WIN, '--build', '19041']);
    await hosts.background('node', [`${EMU}macos.mjs`, MAC]);
    // Linux: real OpenSSH and Redis
    mkdirSync('/run/sshd', { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host_ed25519`]);
    writeFileSync(`${dir}/sshd_config`, `ListenAddress ${LINUX}:22\nHostKey ${dir}/host_ed25519\nPidFile ${dir}/sshd.pid\nUsePAM no\nPermitRootLogin no\nKbdInteractiveAuthentication no\n`);
    start(hosts, '/usr/sbin/sshd', ['-D', '-e', '-f', `${dir}/sshd_config`]);
    start(hosts, 'redis-server', ['--port', '6379', '--bind', LINUX, '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir]);
    // network device: net-snmp claiming a Cisco sysObjectID, inetutils-telnetd under inetd
    writeFileSync(`${dir}/snmpd.conf`, 'rocommunity public default\nsysObjectID .1.3.6.1.4.1.9.1.1208\nsysDescr Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)\nsysName acc-switch\n');
    start(dev, '/usr/sbin/snmpd', ['-f', '-Lo', '-C', '-c', `${dir}/snmpd.conf`, '-p', `${dir}/snmpd.pid`, '-I', '-smux,mteTrigger,mteTriggerConf', `udp:${DEVICE}:161`]);
    writeFileSync(`${dir}/inetd.conf`, 'telnet stream tcp nowait root /usr/sbin/telnetd telnetd\n');
    start(dev, '/usr/sbin/inetutils-inetd', ['-d', `--pidfile=${dir}/inetd.pid`, `${dir}/inetd.conf`]);
    await waitListening(hosts, 22);
    await waitListening(hosts, 6379);
    await waitListening(dev, 161, true);
    await waitListening(dev, 23);
  }, 60_000);

  afterAll(() => {
    dev?.destroy();
    hosts?.destroy();
    if (process.env.GATEHOUSE_LAB_KEEP !== '1') { rmSync(dir, { recursive: true, force: true }); }
  });

  it('--profile auto completes each host with its OS profile and names each OS with evidence', { timeout: 120_000 }, async () => {
    const t0 = Date.now();
    const r = await hosts.exec('node', [CLI, 'scan', WIN, LINUX, MAC, DEVICE, '--top-ports', '100', '--profile', 'auto', '--json', '--no-ping', '--no-store', '--no-self-scan', '-oX', `${dir}/auto.xml`]);
    expect(r.code, r.stderr).toBe(0);
    console.log(`profiles lab: --profile auto on 4 hosts took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    writeFileSync(`${dir}/auto.json`, r.stdout);
    const doc = JSON.parse(r.stdout) as ScanDocument;
    const by = Object.fromEntries(doc.hosts.map((h) => [h.address, h]));
    const win = by[WIN]!;
    expect(win.os).toMatchObject({ family: 'windows', name: 'Windows 10 2004', version: '10.0.19041' });
    expect(win.os!.evidence.join('\n')).toMatch(/NTLMSSP challenge OS version 10\.0\.19041/);
    expect(win.profile).toMatchObject({ name: 'windows' });
    expect(win.profile!.tcp).toContain(5985);
    expect(open(win)).toEqual([135, 445, 3389, 5985]); // 5985 is not among the top 100: found by the second pass
    expect(win.ports.find((p) => p.port === 5985)?.service).toMatchObject({ name: 'winrm', product: 'Microsoft Windows Remote Management' });

    const lin = by[LINUX]!;
    expect(lin.os).toMatchObject({ family: 'linux', name: 'Debian' });
    expect(lin.os!.evidence[0]).toMatch(/22\/tcp SSH banner/);
    expect(lin.profile?.name).toBe('linux');
    expect(open(lin)).toEqual([22, 6379]); // 6379 beyond the top 100
    expect(lin.ports.find((p) => p.port === 6379)?.service.name).toBe('redis');

    const mac = by[MAC]!;
    expect(mac.os).toMatchObject({ family: 'macos' });
    expect(mac.os!.evidence.join('\n')).toMatch(/RFB 3\.889/);
    expect(open(mac)).toEqual([548, 3283, 5900, 62078]); // 3283 and 62078 beyond the top 100

    const d = by[DEVICE]!;
    expect(d.os).toMatchObject({ family: 'network-device', name: 'Cisco IOS' });
    expect(d.os!.evidence[0]).toMatch(/161\/udp SNMP agent Cisco/);
    expect(d.profile?.name).toBe('network-device');
    expect(open(d)).toEqual([23]);
    expect(open(d, 'udp')).toEqual([161]);
    expect(d.profile!.tcp).toEqual(expect.arrayContaining([830, 8291]));
    for (const h of doc.hosts) { expect(h.grade, h.address).toBeDefined(); }
  });

  it('--profile windows finds 135/445/3389/5985 and the OS version; the nmap XML carries <os>', { timeout: 60_000 }, async () => {
    const h = await scan(WIN, ['-p', '80', '--profile', 'windows']);
    expect(open(h)).toEqual([135, 445, 3389, 5985]);
    expect(h.os).toMatchObject({ family: 'windows', version: '10.0.19041' });
    const xml = execFileSync('cat', [`${dir}/${WIN}.xml`], { encoding: 'utf8' });
    expect(xml).toContain('<osmatch name="Windows 10 2004 10.0.19041"');
  });
});
