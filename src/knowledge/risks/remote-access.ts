/** @module knowledge/risks/remote-access — risk entries: remote shells and desktops (telnet, ssh, rdp, vnc, x11). */
import type { RiskData } from './types.js';

export const remoteAccessRisks: readonly RiskData[] = [
  {
    id: 'telnet', title: 'Telnet', services: ['telnet'], ports: ['23/tcp', '2323/tcp'], severity: 'high',
    why: 'Telnet sends user names, passwords and the whole session in clear. Botnets such as Mirai scan the internet for it and log in with default device credentials.',
    secure: ['Disable the Telnet service; use SSH instead.', 'Where a device offers only Telnet, reach it through a VPN or an isolated management network.', 'Change every default device password.'],
    references: ['https://www.rfc-editor.org/rfc/rfc854', 'https://cwe.mitre.org/data/definitions/319.html', 'https://isc.sans.edu/port.html?port=23'],
    checks: ['telnet-exposed'],
  },
  {
    id: 'ssh', title: 'SSH', services: ['ssh'], ports: ['22/tcp', '2222/tcp'], severity: 'medium', reachable: 'low',
    why: 'SSH gives a shell on the host: it is the most brute-forced service on the internet, and old servers offer algorithms that standards now deprecate.',
    secure: ['Disable password and keyboard-interactive authentication; use keys or certificates.', 'Remove deprecated algorithms (SHA-1 key exchange, CBC ciphers, MD5 MACs, DSA keys).', 'Limit who can reach port 22 (firewall, VPN, bastion) and keep OpenSSH patched.'],
    references: ['https://man.openbsd.org/sshd_config', 'https://www.rfc-editor.org/rfc/rfc9142', 'https://cwe.mitre.org/data/definitions/307.html', 'https://isc.sans.edu/port.html?port=22'],
    checks: ['ssh-password-auth', 'ssh-weak-algorithms'],
  },
  {
    id: 'rdp', title: 'Remote Desktop (RDP)', services: ['ms-wbt-server', 'rdp'], ports: ['3389/tcp', '3389/udp'], severity: 'high',
    why: 'Internet-facing RDP is a leading way into networks for ransomware crews: password spraying, stolen credentials and pre-authentication flaws such as BlueKeep (CVE-2019-0708).',
    secure: ['Do not expose RDP to the internet; use a VPN or RD Gateway with MFA.', 'Require Network Level Authentication.', 'Enforce account lockout and patch promptly.'],
    references: ['https://learn.microsoft.com/en-us/windows-server/remote/remote-desktop-services/clients/remote-desktop-allow-access', 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog', 'https://cwe.mitre.org/data/definitions/668.html', 'https://isc.sans.edu/port.html?port=3389'],
    checks: ['rdp-exposed'],
  },
  {
    id: 'vnc', title: 'VNC (RFB)', services: ['vnc'], ports: ['5900/tcp', '5901/tcp', '5800/tcp'], severity: 'high',
    why: 'VNC shows and controls a desktop. Servers without a password, or with the 8-character DES-based VNC password, give attackers the screen, keyboard and mouse.',
    secure: ['Never run VNC without authentication.', 'Listen on localhost only and tunnel through SSH or a VPN.', 'Prefer VeNCrypt/TLS authentication over the legacy VNC password.'],
    references: ['https://www.rfc-editor.org/rfc/rfc6143', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=5900'],
    checks: ['vnc-no-auth'],
  },
  {
    id: 'x11', title: 'X11 display server', services: ['x11'], ports: ['6000/tcp', '6001/tcp', '6002/tcp'], severity: 'critical',
    why: 'An X server that accepts remote clients without authorization lets anyone capture the screen, log keystrokes and type commands into open terminals.',
    secure: ['Start X with -nolisten tcp (default on modern systems).', 'Never use `xhost +` or -ac.', 'Use SSH X11 forwarding for remote applications.'],
    references: ['https://www.x.org/releases/X11R7.7/doc/man/man7/Xsecurity.7.xhtml', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=6000'],
    checks: ['x11-open'],
  },
  {
    id: 'winrm', title: 'Windows Remote Management (WinRM / PowerShell remoting)', services: ['wsman', 'wsmans', 'winrm'], ports: ['5985/tcp', '5986/tcp'], severity: 'high',
    why: 'WinRM runs commands on Windows hosts; reachable from outside it is a target for password spraying and lateral movement with stolen credentials.',
    secure: ['Allow WinRM only from management hosts (Windows Firewall scope).', 'Prefer HTTPS (5986) with certificate checks; never enable Basic auth over HTTP.', 'Keep it off the internet.'],
    references: ['https://learn.microsoft.com/en-us/windows/win32/winrm/installation-and-configuration-for-windows-remote-management', 'https://cwe.mitre.org/data/definitions/668.html', 'https://isc.sans.edu/port.html?port=5985'],
    checks: [],
  },
  {
    id: 'ipmi', title: 'IPMI / BMC (server management controllers)', services: ['asf-rmcp', 'ipmi'], ports: ['623/udp'], severity: 'critical',
    why: 'A baseboard management controller controls the machine below the operating system; IPMI 2.0 leaks password hashes to anyone who asks (RAKP), and cipher zero allows logins without a password.',
    secure: ['Put BMCs on an isolated management network; never expose 623/udp.', 'Disable cipher suite 0 and anonymous users; change default passwords.', 'Prefer Redfish over HTTPS where available.'],
    references: ['https://www.cisa.gov/news-events/alerts/2013/07/26/risks-using-intelligent-platform-management-interface-ipmi', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=623'],
    checks: [],
  },
];
