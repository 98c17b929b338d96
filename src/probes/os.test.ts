/** OS inference (issue 14 item 6): banners and port patterns table-driven; never an OS without evidence. */
import { describe, expect, it } from 'vitest';
import type { HostResult, PortResult } from '../core/types.js';
import { httpClue, inferOs, smbClue, snmpClue, sshClue } from './os.js';
import { osXml } from '../report/nmap-xml.js';

const port = (n: number, facts: Record<string, string> = {}): PortResult => ({ port: n, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'x' }, serviceFacts: facts });
const host = (ports: PortResult[]): HostResult => ({ address: '192.0.2.7', hostnames: [], state: 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } });

describe('os inference', () => {
  it('SSH banners', () => {
    const table: [string, string | null, string | null, string | undefined][] = [
      ['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3', 'linux', 'Debian', '12'],
      ['SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u1', 'linux', 'Debian', '11'],
      ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', 'linux', 'Ubuntu', undefined],
      ['SSH-2.0-OpenSSH_for_Windows_8.1', 'windows', 'Windows', undefined],
      ['SSH-2.0-OpenSSH_9.3 FreeBSD-20230719', 'bsd', 'FreeBSD', undefined],
      ['SSH-2.0-OpenSSH_9.6', null, null, undefined],
      ['SSH-2.0-dropbear_2022.83', null, null, undefined],
    ];
    for (const [banner, family, name, version] of table) {
      const c = sshClue(banner, '22/tcp');
      expect(c?.family ?? null, banner).toBe(family);
      expect(c?.name ?? null, banner).toBe(name);
      expect(c?.version, banner).toBe(version);
    }
  });

  it('HTTP Server headers', () => {
    const table: [string, string | null][] = [['Microsoft-IIS/10.0', 'windows'], ['Apache/2.4.57 (Debian)', 'linux'], ['Apache/2.4.58 (Win64) OpenSSL/3.1.3', 'windows'],
      ['Apache/2.4.52 (Ubuntu)', 'linux'], ['nginx/1.22.1', null], ['Apache', null]];
    for (const [server, family] of table) { expect(httpClue(server, '80/tcp')?.family ?? null, server).toBe(family); }
  });

  it('combines agreeing clues, names the most specific, keeps every piece of evidence', () => {
    const os = inferOs(host([port(22, { 'ssh.banner': 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' }), port(80, { 'http.server': 'Apache/2.4.57 (Debian)' })]));
    expect(os).toEqual({ family: 'linux', name: 'Debian', version: '12', confidence: 0.94, evidence: [
      '22/tcp SSH banner "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"', '80/tcp HTTP Server "Apache/2.4.57 (Debian)"'] });
    expect(osXml(os!)).toBe('<os><osmatch name="Debian 12" accuracy="94" line="0"><osclass type="general purpose" osfamily="Linux" osgen="12" accuracy="94"/></osmatch></os>');
  });

  it('port patterns, and a contradiction halves the confidence', () => {
    expect(inferOs(host([port(135), port(445), port(3389)]))).toMatchObject({ family: 'windows', name: 'Windows', confidence: 0.6 });
    const mixed = inferOs(host([port(135), port(445), port(22, { 'ssh.banner': 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' })]));
    expect(mixed).toMatchObject({ family: 'linux', confidence: 0.4 });
    expect(mixed?.evidence.some((e) => e.startsWith('contradicts: ports 135/tcp'))).toBe(true);
  });

  it('no evidence, no OS; a catch-all host gives no port-pattern clue', () => {
    expect(inferOs(host([port(22, { 'ssh.banner': 'SSH-2.0-OpenSSH_9.6' }), port(443)]))).toBeUndefined();
    const ca = host([port(135), port(445)]);
    ca.catchAll = { ports: 65000, behaviour: 'silent', representative: 1, different: 0, sample: [], evidence: [], waitMs: 300 };
    expect(inferOs(ca)).toBeUndefined();
  });
});

describe('os evidence from Windows protocols and SNMP (issue 14 item 6)', () => {
  it('the NTLMSSP Version field names the Windows build; Samba names no Windows', () => {
    expect(smbClue({ 'smb.ntlm.version': '10.0.17763' }, '445/tcp')).toMatchObject({ family: 'windows', name: 'Windows 10 1809 / Server 2019', version: '10.0.17763' });
    expect(smbClue({ 'smb.ntlm.version': '10.0.99999' }, '445/tcp')).toMatchObject({ family: 'windows', name: 'Windows' });
    expect(smbClue({ 'smb.ntlm.version': '6.1.0' }, '445/tcp')).toBeNull(); // Samba's constant
    expect(smbClue({ 'smb.ntlm.version': '6.1.0', 'smb.nativeLanMan': 'Samba 4.17.12-Debian' }, '445/tcp')).toMatchObject({ family: 'linux', name: 'Debian' });
  });

  it('SNMP agents: vendor enterprise → network device; sysDescr → host OS; nothing else guessed', () => {
    expect(snmpClue('Cisco SNMP service', 'sysDescr: Cisco IOS Software, C2960', '161/udp')).toMatchObject({ family: 'network-device', name: 'Cisco IOS' });
    expect(snmpClue('net-snmp', 'sysDescr: Linux box 6.1.0-18-amd64', '161/udp')).toMatchObject({ family: 'linux' });
    expect(snmpClue('net-snmp', 'sysDescr: Gatehouse lab', '161/udp')).toBeNull();
  });

  it('RDP, MSRPC, WinRM and Apple screen sharing are clues; a network device gets a router <osclass>', () => {
    const os = inferOs(host([
      { ...port(135, {}), service: { name: 'msrpc' }, serviceFacts: { 'msrpc.epmapper': true } },
      { ...port(3389), service: { name: 'ms-wbt-server', product: 'Microsoft Terminal Services' } },
      { ...port(5985), service: { name: 'winrm', extraInfo: 'WS-Management; auth Negotiate' }, serviceFacts: { 'http.api': 'winrm', 'http.server': 'Microsoft-HTTPAPI/2.0' } },
    ]));
    expect(os?.family).toBe('windows');
    expect(os?.evidence.some((e) => e.includes('asks for Negotiate authentication on /wsman'))).toBe(true);
    expect(inferOs(host([{ ...port(5900), service: { name: 'vnc', product: 'Apple Remote Desktop' }, serviceFacts: { 'vnc.protocol': '3.889' } }]))?.family).toBe('macos');
    expect(osXml({ family: 'network-device', name: 'Cisco IOS', confidence: 0.85, evidence: ['x'] })).toContain('<osclass type="router" osfamily="Cisco"');
  });
});
