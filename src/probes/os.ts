/**
 * @module probes/os — the operating system of a host, inferred from what service detection already saw (issue 14
 * item 6): SSH banners (distribution package suffixes, OpenSSH for Windows), HTTP Server headers (IIS, Apache's
 * platform comment, HTTP.sys as WinRM uses it), SMB (the NTLMSSP challenge's Version field → the Windows build;
 * Samba's native LAN manager), RDP (the negotiation answer's product), the MSRPC endpoint mapper, SNMP agents
 * (enterprise of sysObjectID, sysDescr) and port patterns (MSRPC + SMB, Apple services). Pure; nothing is sent.
 * Never a guess without evidence: a host with none gets no `os`.
 */
import type { HostOs, HostResult, PortResult } from '../core/types.js';

interface Clue { family: HostOs['family']; name?: string; version?: string; confidence: number; evidence: string }

const FAMILY_NAME: Record<HostOs['family'], string> = { linux: 'Linux', windows: 'Windows', macos: 'macOS', bsd: 'BSD', 'network-device': 'network device' };

/** Debian's OpenSSH package revision names the release: "Debian-2+deb12u3" → 12. */
const DEBIAN_RELEASE = /\+deb(\d+)u\d+/;

/** One SSH banner line → a clue, or null. */
export function sshClue(banner: string, where: string): Clue | null {
  const ev = `${where} SSH banner "${banner}"`;
  if (/OpenSSH_for_Windows/i.test(banner)) { return { family: 'windows', name: 'Windows', confidence: 0.9, evidence: ev }; }
  const dist = /OpenSSH_[\w.]+ (Debian|Ubuntu|Raspbian|FreeBSD)/.exec(banner);
  if (dist === null) { return null; }
  const name = dist[1]!;
  if (name === 'FreeBSD') { return { family: 'bsd', name, confidence: 0.8, evidence: ev }; }
  const rel = name === 'Debian' ? DEBIAN_RELEASE.exec(banner)?.[1] : undefined;
  return { family: 'linux', name, ...(rel !== undefined ? { version: rel } : {}), confidence: 0.8, evidence: ev };
}

const HTTP_PLATFORMS: readonly [RegExp, HostOs['family'], string][] = [
  [/Microsoft-IIS\//, 'windows', 'Windows'], [/^Microsoft-HTTPAPI\//, 'windows', 'Windows'], [/\(Win(32|64)\)/, 'windows', 'Windows'],
  [/\(Debian\)/, 'linux', 'Debian'], [/\(Ubuntu\)/, 'linux', 'Ubuntu'], [/\(CentOS\)/, 'linux', 'CentOS'],
  [/\(Red Hat[^)]*\)/, 'linux', 'Red Hat Enterprise Linux'], [/\(Fedora\)/, 'linux', 'Fedora'], [/\(FreeBSD\)/, 'bsd', 'FreeBSD'],
];

/** An HTTP Server header → a clue, or null (nginx, lighttpd, … say nothing about the OS). */
export function httpClue(server: string, where: string, negotiate = false): Clue | null {
  for (const [re, family, name] of HTTP_PLATFORMS) {
    if (re.test(server)) { return { family, name, confidence: 0.7, evidence: `${where} HTTP Server "${server}"${negotiate ? ' with WWW-Authenticate: Negotiate (WinRM-style)' : ''}` }; }
  }
  return null;
}

/** The HTTP answer asked for Negotiate (Kerberos/NTLM) authentication. */
function negotiates(f: Readonly<Record<string, unknown>>): boolean {
  const h = f['http.headers'];
  return Array.isArray(h) && h.some((x) => typeof x === 'string' && /^www-authenticate:\s*negotiate/i.test(x));
}

/** Port patterns: what only one family normally exposes. Not used on a catch-all host (every port answers). */
export function portClues(open: ReadonlySet<number>): Clue[] {
  const out: Clue[] = [];
  if (open.has(135) && open.has(445)) { out.push({ family: 'windows', confidence: 0.6, evidence: 'ports 135/tcp (MSRPC endpoint mapper) and 445/tcp (SMB) open' }); }
  if (open.has(62078)) { out.push({ family: 'macos', name: 'iOS/macOS', confidence: 0.5, evidence: 'port 62078/tcp (Apple iphone-sync/lockdownd) open' }); }
  if (open.has(3283) || (open.has(548) && open.has(5900))) { out.push({ family: 'macos', confidence: 0.5, evidence: `port ${open.has(3283) ? '3283/tcp (Apple Remote Desktop)' : '548/tcp (AFP) and 5900/tcp (screen sharing)'} open` }); }
  return out;
}

/**
 * Windows builds as the NTLMSSP Version field carries them ([MS-NLMP] §2.2.2.10): major.minor.build. A client and a
 * server release share a build, so both are named. Build 0 (Samba's constant 6.1.0) names nothing.
 */
const WINDOWS_BUILDS: Readonly<Record<string, string>> = {
  '6.1.7601': 'Windows 7 SP1 / Server 2008 R2 SP1', '6.2.9200': 'Windows 8 / Server 2012', '6.3.9600': 'Windows 8.1 / Server 2012 R2',
  '10.0.14393': 'Windows 10 1607 / Server 2016', '10.0.17763': 'Windows 10 1809 / Server 2019', '10.0.19041': 'Windows 10 2004',
  '10.0.19042': 'Windows 10 20H2', '10.0.19043': 'Windows 10 21H1', '10.0.19044': 'Windows 10 21H2', '10.0.19045': 'Windows 10 22H2',
  '10.0.20348': 'Windows Server 2022', '10.0.22000': 'Windows 11 21H2', '10.0.22621': 'Windows 11 22H2', '10.0.22631': 'Windows 11 23H2',
  '10.0.26100': 'Windows 11 24H2 / Server 2025',
};

/** SMB facts → a clue: Samba's native LAN manager names the platform; otherwise a non-zero NTLM build is Windows. */
export function smbClue(f: Readonly<Record<string, unknown>>, where: string): Clue | null {
  const lanman = f['smb.nativeLanMan'];
  if (typeof lanman === 'string' && /Samba/i.test(lanman)) {
    const dist = /-(Debian|Ubuntu)\b/.exec(lanman)?.[1];
    return { family: 'linux', name: dist ?? 'Linux', confidence: dist !== undefined ? 0.7 : 0.4, evidence: `${where} SMB native LAN manager "${lanman}"` };
  }
  const v = f['smb.ntlm.version'];
  if (typeof v !== 'string' || !/^\d+\.\d+\.[1-9]\d*$/.test(v)) { return null; }
  const known = WINDOWS_BUILDS[v];
  return { family: 'windows', name: known ?? 'Windows', version: v, confidence: 0.95, evidence: `${where} SMB NTLMSSP challenge OS version ${v}${known !== undefined ? ` (${known})` : ''}` };
}

/** Agents of network equipment (probes/udp/snmp-vendor products) → the vendor's device family. */
const SNMP_DEVICES: readonly [RegExp, string][] = [
  [/^Cisco/, 'Cisco IOS'], [/^Juniper/, 'Juniper Junos'], [/^Huawei/, 'Huawei VRP'], [/^Arista/, 'Arista EOS'],
  [/^Fortinet/, 'FortiOS'], [/^Palo Alto/, 'PAN-OS'], [/^MikroTik/, 'MikroTik RouterOS'], [/^Ubiquiti/, 'Ubiquiti'],
  [/^F5/, 'F5 BIG-IP'], [/^Check Point/, 'Check Point Gaia'], [/^SonicWall/, 'SonicOS'], [/^Extreme/, 'Extreme Networks'],
];

/** An SNMP agent's identity (product from sysObjectID's enterprise, sysDescr in extraInfo) → a clue. */
export function snmpClue(product: string | undefined, extraInfo: string | undefined, where: string): Clue | null {
  const descr = /^sysDescr: (.*)$/s.exec(extraInfo ?? '')?.[1] ?? '';
  const ev = `${where} SNMP agent${product !== undefined ? ` ${product}` : ''}${descr !== '' ? ` sysDescr "${descr.slice(0, 80)}"` : ''}`;
  const dev = product !== undefined ? SNMP_DEVICES.find(([re]) => re.test(product)) : undefined;
  if (dev !== undefined) { return { family: 'network-device', name: dev[1], confidence: 0.85, evidence: ev }; }
  if (/^Cisco (IOS|Adaptive)/.test(descr)) { return { family: 'network-device', name: 'Cisco IOS', confidence: 0.85, evidence: ev }; }
  if (product?.startsWith('Microsoft') === true || /^Hardware:.*Software: Windows/.test(descr)) { return { family: 'windows', name: 'Windows', confidence: 0.85, evidence: ev }; }
  if (/^Linux /.test(descr)) { return { family: 'linux', name: 'Linux', confidence: 0.8, evidence: ev }; }
  if (/^Darwin /.test(descr)) { return { family: 'macos', name: 'macOS', confidence: 0.8, evidence: ev }; }
  if (/^FreeBSD /.test(descr)) { return { family: 'bsd', name: 'FreeBSD', confidence: 0.8, evidence: ev }; }
  return null;
}

/** Service-level clues that need no banner text: RDP's product, an MSRPC endpoint mapper. */
function serviceClue(p: PortResult): Clue | null {
  const product = p.service?.product;
  if (p.service?.name === 'ms-wbt-server' && product === 'Microsoft Terminal Services') {
    return { family: 'windows', name: 'Windows', confidence: 0.85, evidence: `${where(p)} RDP negotiation answer with Windows-only flags (Microsoft Terminal Services)` };
  }
  if (p.service?.name === 'ms-wbt-server' && product === 'xrdp') {
    return { family: 'linux', name: 'Linux', confidence: 0.6, evidence: `${where(p)} RDP server is xrdp (falls back to standard RDP security)` };
  }
  if (p.service?.name === 'msrpc' && p.serviceFacts?.['msrpc.epmapper'] === true) {
    return { family: 'windows', name: 'Windows', confidence: 0.7, evidence: `${where(p)} MSRPC endpoint mapper accepted a DCE/RPC bind (bind_ack)` };
  }
  if (p.service?.name === 'vnc' && product === 'Apple Remote Desktop') {
    return { family: 'macos', name: 'macOS', confidence: 0.8, evidence: `${where(p)} VNC server speaks Apple's RFB ${String(p.serviceFacts?.['vnc.protocol'] ?? '')} (Screen Sharing)` };
  }
  if (p.serviceFacts?.['http.api'] === 'winrm') {
    return { family: 'windows', name: 'Windows', confidence: 0.85, evidence: `${where(p)} WinRM: HTTP.sys "${String(p.serviceFacts['http.server'] ?? '')}" asks for ${/auth ([^;]+)/.exec(p.service?.extraInfo ?? '')?.[1] ?? 'Negotiate'} authentication on /wsman` };
  }
  if (p.protocol === 'udp' && p.service?.name === 'snmp') { return snmpClue(product, p.service.extraInfo, where(p)); }
  return null;
}

const where = (p: PortResult): string => `${p.port}/${p.protocol}`;

export function clues(h: HostResult): Clue[] {
  const out: Clue[] = [];
  for (const p of h.ports) {
    if (p.state !== 'open') { continue; }
    const f = p.serviceFacts ?? {};
    const banner = f['ssh.banner'];
    const server = f['http.server'];
    const c1 = typeof banner === 'string' ? sshClue(banner, where(p)) : null;
    const c2 = typeof server === 'string' ? httpClue(server, where(p), negotiates(f)) : null;
    const c3 = smbClue(f, where(p));
    const c4 = serviceClue(p);
    if (c1) { out.push(c1); }
    if (c2) { out.push(c2); }
    if (c3) { out.push(c3); }
    if (c4) { out.push(c4); }
  }
  if (h.catchAll === undefined) {
    out.push(...portClues(new Set(h.ports.filter((p) => p.state === 'open' && p.protocol === 'tcp').map((p) => p.port))));
  }
  return out;
}

/** The OS the clues point at: the family with the strongest combined clues; undefined without any. */
export function inferOs(h: HostResult): HostOs | undefined {
  const all = clues(h);
  if (all.length === 0) { return undefined; }
  const byFamily = new Map<HostOs['family'], Clue[]>();
  for (const c of all) { byFamily.set(c.family, [...(byFamily.get(c.family) ?? []), c]); }
  const combined = (cs: readonly Clue[]): number => 1 - cs.reduce((a, c) => a * (1 - c.confidence), 1);
  const ranked = [...byFamily.entries()].sort((a, b) => combined(b[1]) - combined(a[1]) || (a[0] < b[0] ? -1 : 1));
  const [family, cs] = ranked[0]!;
  const named = [...cs].sort((a, b) => b.confidence - a.confidence).find((c) => c.name !== undefined);
  const versioned = cs.find((c) => c.version !== undefined && c.name === named?.name);
  const contradicted = ranked.length > 1;
  const os: HostOs = {
    family,
    name: named?.name ?? FAMILY_NAME[family],
    confidence: Math.round(100 * combined(cs) * (contradicted ? 0.5 : 1)) / 100,
    evidence: [...cs.map((c) => c.evidence), ...ranked.slice(1).flatMap(([, o]) => o.map((c) => `contradicts: ${c.evidence}`))],
  };
  if (versioned?.version !== undefined) { os.version = versioned.version; }
  return os;
}
