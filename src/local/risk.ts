/**
 * @module local/risk — how risky it is to leave a port reachable, for ranking what to close first. Proven findings
 * on the port (from `gatehouse scan` checks) come first; otherwise an exposure level by well-known port number,
 * labelled as such: it says what the port usually carries when reachable, not that anything is vulnerable.
 */
import type { Finding, Protocol, Severity } from '../core/types.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';

const EXPOSURE: ReadonlyMap<string, [Severity, string]> = new Map([
  ['tcp/23', ['high', 'telnet: clear-text remote login']],
  ['tcp/2375', ['critical', 'Docker API without TLS: root on the host']],
  ['tcp/6379', ['high', 'Redis: often without authentication']],
  ['tcp/11211', ['high', 'memcached: no authentication']],
  ['udp/11211', ['high', 'memcached UDP: amplification']],
  ['tcp/27017', ['high', 'MongoDB']],
  ['tcp/9200', ['high', 'Elasticsearch HTTP API']],
  ['tcp/5984', ['high', 'CouchDB HTTP API']],
  ['tcp/2379', ['high', 'etcd client API']],
  ['tcp/445', ['high', 'SMB file sharing']],
  ['tcp/139', ['high', 'NetBIOS session service']],
  ['tcp/3389', ['high', 'Remote Desktop']],
  ['tcp/5900', ['high', 'VNC remote desktop']],
  ['tcp/3306', ['medium', 'MySQL/MariaDB']],
  ['tcp/5432', ['medium', 'PostgreSQL']],
  ['tcp/1433', ['medium', 'Microsoft SQL Server']],
  ['tcp/5672', ['medium', 'AMQP broker']],
  ['tcp/1883', ['medium', 'MQTT broker']],
  ['tcp/4222', ['medium', 'NATS']],
  ['tcp/21', ['medium', 'FTP: clear-text credentials']],
  ['udp/161', ['medium', 'SNMP']],
  ['udp/111', ['medium', 'rpcbind: amplification']],
  ['tcp/111', ['medium', 'rpcbind']],
  ['tcp/22', ['low', 'SSH remote login']],
  ['tcp/25', ['low', 'SMTP']],
  ['tcp/80', ['low', 'HTTP']],
  ['tcp/443', ['info', 'HTTPS']],
  ['udp/53', ['low', 'DNS']],
  ['udp/123', ['low', 'NTP']],
]);

export interface PortRisk {
  severity: Severity;
  why: string;
  method: 'finding' | 'table' | 'default';
}

/** The risk of leaving protocol/port reachable: the worst proven finding, else the table, else 'low'. */
export function portRisk(protocol: Protocol, port: number, findings: readonly Finding[] = []): PortRisk {
  const proven = findings.filter((f) => !f.id.startsWith('policy-'))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
  if (proven) { return { severity: proven.severity, why: `finding ${proven.id}: ${proven.title}`, method: 'finding' }; }
  const t = EXPOSURE.get(`${protocol}/${port}`);
  if (t) { return { severity: t[0], why: `by port number: ${t[1]}`, method: 'table' }; }
  return { severity: 'low', why: 'no finding and no well-known risk for this port', method: 'default' };
}
