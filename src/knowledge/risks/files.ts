/** @module knowledge/risks/files — risk entries: file transfer and sharing (ftp, tftp, smb/netbios, rsync, nfs, rpcbind). */
import type { RiskData } from './types.js';

export const fileRisks: readonly RiskData[] = [
  {
    id: 'ftp', title: 'FTP', services: ['ftp'], ports: ['21/tcp'], severity: 'medium',
    why: 'Plain FTP sends passwords and files in clear; anonymous or writable FTP servers leak data and get used to host malware.',
    secure: ['Replace FTP with SFTP, or require FTPS (AUTH TLS) for logins and data.', 'Disable anonymous access unless it is a deliberate read-only archive.', 'Never allow anonymous uploads.'],
    references: ['https://www.rfc-editor.org/rfc/rfc4217', 'https://security.appspot.com/vsftpd/vsftpd_conf.html', 'https://cwe.mitre.org/data/definitions/319.html', 'https://isc.sans.edu/port.html?port=21'],
    checks: ['ftp-cleartext', 'ftp-anonymous-login'],
  },
  {
    id: 'tftp', title: 'TFTP', services: ['tftp'], ports: ['69/udp'], severity: 'high',
    why: 'TFTP has no authentication at all: anyone can fetch (and often upload) files, typically network device configurations with passwords.',
    secure: ['Do not expose TFTP beyond the provisioning network.', 'Serve read-only, from a directory holding nothing secret.'],
    references: ['https://www.rfc-editor.org/rfc/rfc1350', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=69'],
    checks: [],
  },
  {
    id: 'smb', title: 'SMB / NetBIOS file sharing', services: ['microsoft-ds', 'netbios-ssn', 'smb', 'netbios-ns', 'netbios-dgm'], ports: ['445/tcp', '139/tcp', '137/udp', '138/udp'], severity: 'high',
    why: 'SMB exposed beyond the LAN is hit by wormable exploits (EternalBlue/WannaCry), NTLM relay, password spraying and null-session enumeration.',
    secure: ['Block 137-139 and 445 at the perimeter.', 'Disable SMB1; require signing.', 'Allow SMB only from the networks that need it.'],
    references: ['https://www.cisa.gov/uscert/ncas/current-activity/2017/01/16/SMB-Security-Best-Practices', 'https://wiki.samba.org/index.php/Setting_up_Samba_as_a_Standalone_Server', 'https://cwe.mitre.org/data/definitions/668.html', 'https://isc.sans.edu/port.html?port=445'],
    checks: ['smb-exposed', 'smb-signing-not-required', 'smb-v1-enabled', 'smb-guest-access'],
  },
  {
    id: 'rsync', title: 'rsync daemon', services: ['rsync'], ports: ['873/tcp'], severity: 'medium',
    why: 'rsync daemons list their modules to anyone and often share them without authentication, leaking backups and web roots.',
    secure: ['Set `list = false` and require `auth users` with a secrets file.', 'Restrict `hosts allow`.', 'Prefer rsync over SSH to a daemon.'],
    references: ['https://download.samba.org/pub/rsync/rsyncd.conf.5', 'https://cwe.mitre.org/data/definitions/200.html', 'https://isc.sans.edu/port.html?port=873'],
    checks: ['rsync-module-listing', 'rsync-anonymous-read'],
  },
  {
    id: 'nfs', title: 'NFS', services: ['nfs'], ports: ['2049/tcp', '2049/udp'], severity: 'high',
    why: 'NFS exports trust client-supplied user ids: exports open to the world hand out (and often accept) files as any user but root.',
    secure: ['Export only to named hosts, with root_squash.', 'Block 2049 (and rpcbind, 111) at the perimeter.', 'Use NFSv4 with Kerberos where identities matter.'],
    references: ['https://man7.org/linux/man-pages/man5/exports.5.html', 'https://cwe.mitre.org/data/definitions/284.html', 'https://isc.sans.edu/port.html?port=2049'],
    checks: [],
  },
  {
    id: 'rpcbind', title: 'rpcbind / portmapper (ONC RPC)', services: ['sunrpc', 'rpcbind', 'portmapper'], ports: ['111/tcp', '111/udp'], severity: 'medium',
    why: 'rpcbind tells anyone which RPC services (NFS, mountd, NIS) run on which ports, mapping the host for the next step, and over UDP it is abused for reflection and amplification DDoS.',
    secure: ['Block 111/tcp and 111/udp at the perimeter.', 'Stop rpcbind where no NFSv3/NIS service needs it (NFSv4 does not).', 'Restrict it to local clients with the firewall or rpcbind -h.'],
    references: ['https://www.rfc-editor.org/rfc/rfc1833', 'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks', 'https://cwe.mitre.org/data/definitions/200.html', 'https://isc.sans.edu/port.html?port=111'],
    checks: [],
  },
];
