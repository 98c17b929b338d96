/**
 * @module probes/services/ssh — SSH (port 22). Spec: RFC 4253 §4.2: the server sends first
 * "SSH-protoversion-softwareversion SP comments CR LF" (lines before it that do not start with "SSH-" are allowed).
 * Nothing is sent. Reveals: protocol version, software (product_version), comments (often the distribution).
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, lines } from '../util.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/^OpenSSH[_-](\S+)$/i, 'OpenSSH'],
  [/^dropbear[_-]?(\S*)$/i, 'Dropbear sshd'],
  [/^libssh[_-](\S+)$/i, 'libssh'],
  [/^Cisco[_-](\S+)$/i, 'Cisco SSH'],
  [/^ROSSSH$/i, 'MikroTik RouterOS sshd'],
  [/^(?:mod_sftp|ProFTPD)[/_-]?(\S*)$/i, 'ProFTPD mod_sftp'],
];

/** Parse an SSH identification string (the whole banner may carry earlier lines). */
export function parseSsh(data: Buffer): ServiceMatch | null {
  const line = lines(data, 4096).find((l) => l.startsWith('SSH-'));
  const m = line === undefined ? null : /^SSH-(\d+\.\d+)-([^\s-][^\s]*)(?: (.*))?$/.exec(line.slice(0, 255));
  if (m === null) { return null; }
  const proto = m[1] as string;
  const software = m[2] as string;
  const comments = m[3]?.trim();
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const pm = re.exec(software);
    if (pm !== null) { product = name; version = pm[1] !== undefined && pm[1] !== '' ? pm[1] : undefined; break; }
  }
  if (product === undefined) {
    const g = /^([A-Za-z][\w.]*?)[_-](\d[\w.]*)$/.exec(software);
    product = g?.[1] ?? software;
    version = g?.[2];
  }
  // nmap's convention: "9.2p1 Debian 2+deb12u3" — the comment belongs with the version it qualifies.
  const distro = comments !== undefined ? comments.replace(/^(\w+)-/, '$1 ') : undefined;
  return compact({
    name: 'ssh',
    product: clean(product, 64),
    version: version !== undefined ? clean(distro !== undefined && distro !== '' ? `${version} ${distro}` : version, 128) : undefined,
    extraInfo: `protocol ${proto}`,
    confidence: 1,
    facts: { 'ssh.banner': clean(line ?? '', 255), 'ssh.protocol': proto },
  });
}

export const sshRule: ProbeRule = {
  name: 'ssh',
  service: 'ssh',
  ports: [22, 2222, 22222],
  banner: true,
  match: parseSsh,
  cpe: { OpenSSH: 'openbsd:openssh', 'Dropbear sshd': 'matt_johnston:dropbear_ssh_server', libssh: 'libssh:libssh' },
};
