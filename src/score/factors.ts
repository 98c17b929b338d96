/**
 * @module score/factors — which factor each finding id counts against. Known ids are listed; an unknown id is
 * placed by its prefix or suffix (docs/scoring.md § Factor of a finding), else in Service configuration.
 */
import type { FactorKey } from './types.js';

/** Every finding id published by the checks (issues 3, 4, 5, 6, 7), by factor. */
export const FACTOR_OF_ID: Readonly<Record<string, FactorKey>> = Object.freeze({
  // Network exposure: the service should not be reachable at all.
  'telnet-exposed': 'exposure',
  'memcached-exposed': 'exposure',
  'docker-api-exposed': 'exposure',
  'mysql-exposed': 'exposure',
  'postgres-exposed': 'exposure',
  'rdp-exposed': 'exposure',
  'smb-exposed': 'exposure',
  'x11-open': 'exposure',
  'netbios-exposed': 'exposure',
  'tftp-exposed': 'exposure',
  'portmap-exposed': 'exposure',
  'ipmi-exposed': 'exposure',
  // Service configuration: reachable, and configured to let strangers in or to leak.
  'ftp-anonymous-login': 'configuration',
  'ssh-password-auth': 'configuration',
  'redis-no-auth': 'configuration',
  'mongodb-no-auth': 'configuration',
  'elasticsearch-no-auth': 'configuration',
  'vnc-no-auth': 'configuration',
  'rsync-module-listing': 'configuration',
  'mqtt-anonymous': 'configuration',
  'smtp-open-relay': 'configuration',
  'snmp-default-community': 'configuration',
  'dns-version-disclosure': 'configuration',
  // Encryption: cleartext protocols, TLS and SSH crypto.
  'ftp-cleartext': 'encryption',
  'pop3-cleartext': 'encryption',
  'imap-cleartext': 'encryption',
  'http-no-tls': 'encryption',
  'smtp-no-starttls': 'encryption',
  'smtp-starttls-weak': 'encryption',
  'https-no-hsts': 'encryption',
  'ssh-weak-algorithms': 'encryption',
  // DDoS amplification: UDP services that answer a small query with a large reply.
  'dns-open-resolver': 'amplification',
  'ntp-monlist-amplification': 'amplification',
  'ntp-mode6-exposed': 'amplification',
  'ssdp-exposed': 'amplification',
  'memcached-udp-amplification': 'amplification',
  'mdns-exposed': 'amplification',
  'chargen-exposed': 'amplification',
  'qotd-exposed': 'amplification',
  'cldap-exposed': 'amplification',
  'udp-amplifier': 'amplification',
  // Software age.
  'software-eol': 'software',
  // Policy (scan --policy).
  'policy-unexpected-port': 'policy',
  'policy-expired-exception': 'policy',
});

/** Rules for ids not in the table, tried in order. */
const RULES: readonly { readonly test: (id: string) => boolean; readonly factor: FactorKey }[] = [
  { test: (id) => id.startsWith('policy-'), factor: 'policy' },
  { test: (id) => id.startsWith('tls-') || id.startsWith('ssl-'), factor: 'encryption' },
  { test: (id) => id.startsWith('software-'), factor: 'software' },
  { test: (id) => id.endsWith('-amplification') || id.endsWith('-amplifier'), factor: 'amplification' },
  { test: (id) => id.endsWith('-cleartext') || id.endsWith('-no-tls'), factor: 'encryption' },
  { test: (id) => id.endsWith('-exposed') || id.endsWith('-open'), factor: 'exposure' },
];

export function factorOf(id: string): FactorKey {
  const known = FACTOR_OF_ID[id];
  if (known !== undefined) { return known; }
  for (const r of RULES) { if (r.test(id)) { return r.factor; } }
  return 'configuration';
}
