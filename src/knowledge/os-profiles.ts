/**
 * @module knowledge/os-profiles — `--profile` data (issue 14 item 6): the TCP and UDP ports each kind of system
 * typically exposes, beyond what a top-ports scan covers. Data only, validated once at load (ports 1–65535, no
 * duplicates, a reason per port); `profilePorts` and `profileForOs` are the only readers. The checks that apply to
 * these ports are the ordinary ones: a profile adds ports, and each port's service gets its checks.
 */
import type { HostOs } from '../core/types.js';

export const PROFILE_NAMES = ['windows', 'linux', 'macos', 'network-device'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

interface ProfileEntry { readonly port: number; readonly why: string }
interface ProfileData { readonly tcp: readonly ProfileEntry[]; readonly udp: readonly ProfileEntry[] }

const t = (port: number, why: string): ProfileEntry => ({ port, why });

const RAW: Record<ProfileName, ProfileData> = {
  windows: {
    tcp: [t(53, 'DNS (domain controller)'), t(88, 'Kerberos'), t(135, 'MSRPC endpoint mapper'), t(139, 'NetBIOS session (SMB over NetBIOS)'),
      t(389, 'LDAP (domain controller)'), t(445, 'SMB'), t(464, 'Kerberos password change'), t(593, 'RPC over HTTP endpoint mapper'),
      t(636, 'LDAPS'), t(1433, 'Microsoft SQL Server'), t(3268, 'global catalog LDAP'), t(3269, 'global catalog LDAPS'),
      t(3389, 'Remote Desktop'), t(5357, 'WSDAPI (network discovery)'), t(5985, 'WinRM over HTTP'), t(5986, 'WinRM over HTTPS'),
      t(47001, 'WinRM listener (HTTP.sys)')],
    udp: [t(53, 'DNS'), t(88, 'Kerberos'), t(123, 'Windows Time'), t(137, 'NetBIOS name service'), t(161, 'SNMP service'),
      t(389, 'CLDAP (domain controller locator)'), t(500, 'IKE (IPsec)'), t(1434, 'SQL Server browser'), t(3702, 'WS-Discovery')],
  },
  linux: {
    tcp: [t(22, 'SSH'), t(111, 'rpcbind'), t(631, 'CUPS'), t(873, 'rsync daemon'), t(2049, 'NFS'), t(2375, 'Docker API'),
      t(2376, 'Docker API over TLS'), t(3306, 'MySQL/MariaDB'), t(5432, 'PostgreSQL'), t(5900, 'VNC'), t(6000, 'X11'),
      t(6379, 'Redis'), t(8080, 'HTTP alternate'), t(9090, 'Cockpit / Prometheus'), t(9100, 'node exporter'), t(10000, 'Webmin'),
      t(10250, 'kubelet'), t(11211, 'memcached'), t(27017, 'MongoDB')],
    udp: [t(111, 'rpcbind'), t(123, 'NTP'), t(161, 'net-snmp'), t(2049, 'NFS'), t(5353, 'mDNS (Avahi)'), t(11211, 'memcached')],
  },
  macos: {
    tcp: [t(22, 'Remote Login (SSH)'), t(88, 'Kerberos (Back to My Mac)'), t(445, 'File Sharing (SMB)'), t(548, 'AFP file sharing'),
      t(631, 'printer sharing (CUPS)'), t(3283, 'Apple Remote Desktop'), t(3689, 'iTunes/Music sharing (DAAP)'),
      t(5000, 'AirPlay receiver'), t(5900, 'Screen Sharing (VNC)'), t(7000, 'AirPlay receiver'), t(62078, 'iphone-sync (lockdownd)')],
    udp: [t(123, 'NTP'), t(137, 'NetBIOS name service (SMB sharing)'), t(3283, 'Apple Remote Desktop'), t(5353, 'mDNS (Bonjour)')],
  },
  'network-device': {
    tcp: [t(22, 'SSH management'), t(23, 'Telnet management'), t(80, 'web management'), t(179, 'BGP'), t(443, 'web management (TLS)'),
      t(830, 'NETCONF over SSH'), t(2000, 'MikroTik bandwidth test / Cisco SCCP'), t(4786, 'Cisco Smart Install'),
      t(8080, 'web management'), t(8291, 'MikroTik Winbox'), t(8443, 'web management (TLS)'), t(8728, 'MikroTik API'), t(8729, 'MikroTik API over TLS')],
    udp: [t(69, 'TFTP (configuration, firmware)'), t(123, 'NTP'), t(161, 'SNMP'), t(500, 'IKE (VPN)'), t(623, 'IPMI'),
      t(1900, 'SSDP/UPnP'), t(10001, 'Ubiquiti discovery')],
  },
};

function validate(raw: Record<ProfileName, ProfileData>): Readonly<Record<ProfileName, { tcp: readonly number[]; udp: readonly number[] }>> {
  const out = {} as Record<ProfileName, { tcp: readonly number[]; udp: readonly number[] }>;
  for (const name of PROFILE_NAMES) {
    const p = raw[name];
    const lists = { tcp: p.tcp, udp: p.udp };
    const checked = { tcp: [] as number[], udp: [] as number[] };
    for (const proto of ['tcp', 'udp'] as const) {
      for (const e of lists[proto]) {
        if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) { throw new Error(`os-profiles: ${name} ${proto} port ${e.port} out of range`); }
        if (e.why.trim() === '') { throw new Error(`os-profiles: ${name} ${proto}/${e.port} has no reason`); }
        if (checked[proto].includes(e.port)) { throw new Error(`os-profiles: ${name} ${proto}/${e.port} listed twice`); }
        checked[proto].push(e.port);
      }
    }
    out[name] = Object.freeze({ tcp: Object.freeze(checked.tcp.sort((a, b) => a - b)), udp: Object.freeze(checked.udp.sort((a, b) => a - b)) });
  }
  return Object.freeze(out);
}

const PROFILES = validate(RAW);

/** The ports a profile adds (sorted ascending). */
export function profilePorts(name: ProfileName): { readonly tcp: readonly number[]; readonly udp: readonly number[] } {
  return PROFILES[name];
}

/** Why a profile lists a port ("WinRM over HTTP"), for docs and explanations. */
export function profileReason(name: ProfileName, protocol: 'tcp' | 'udp', port: number): string | undefined {
  return RAW[name][protocol].find((e) => e.port === port)?.why;
}

/** The profile that completes a host of this OS family (BSD hosts get the Linux/Unix set). */
export function profileForOs(family: HostOs['family']): ProfileName {
  return family === 'bsd' ? 'linux' : family;
}
