/** @module knowledge/risks/data-stores — risk entries: databases, caches and search engines. */
import type { RiskData } from './types.js';

const cwe306 = 'https://cwe.mitre.org/data/definitions/306.html';
const cwe668 = 'https://cwe.mitre.org/data/definitions/668.html';

export const dataStoreRisks: readonly RiskData[] = [
  {
    id: 'redis', title: 'Redis', services: ['redis'], ports: ['6379/tcp'], severity: 'critical', reachable: 'high',
    why: 'Redis without a password lets anyone read and wipe data; attackers also use CONFIG SET to write SSH keys or cron jobs and turn it into code execution (cryptominer campaigns).',
    secure: ['Require authentication (requirepass or ACL users).', 'Bind to localhost or a private interface; keep protected-mode on.', 'Rename or disable CONFIG, and firewall 6379.'],
    references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/', cwe306, 'https://isc.sans.edu/port.html?port=6379'],
    checks: ['redis-no-auth'],
  },
  {
    id: 'memcached', title: 'Memcached', services: ['memcached', 'memcache'], ports: ['11211/tcp', '11211/udp'], severity: 'high',
    why: 'Memcached has no authentication by default: cached sessions and data can be read or poisoned, and over UDP it amplified record DDoS attacks (up to ~50,000x).',
    secure: ['Bind to localhost or a private interface.', 'Disable UDP (-U 0).', 'Enable SASL where remote clients are needed; firewall 11211.'],
    references: ['https://github.com/memcached/memcached/wiki/ConfiguringServer', 'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks', cwe306, 'https://isc.sans.edu/port.html?port=11211'],
    checks: ['memcached-exposed'],
  },
  {
    id: 'mongodb', title: 'MongoDB', services: ['mongodb', 'mongod'], ports: ['27017/tcp', '27018/tcp'], severity: 'critical', reachable: 'high',
    why: 'MongoDB without access control has been wiped and ransomed by the tens of thousands; its data is readable by anyone who connects.',
    secure: ['Enable authorization with SCRAM users.', 'Bind to private interfaces (net.bindIp).', 'Enable TLS and firewall 27017.'],
    references: ['https://www.mongodb.com/docs/manual/administration/security-checklist/', cwe306, 'https://isc.sans.edu/port.html?port=27017'],
    checks: ['mongodb-no-auth'],
  },
  {
    id: 'elasticsearch', title: 'Elasticsearch / OpenSearch', services: ['elasticsearch', 'wap-wsp'], ports: ['9200/tcp', '9300/tcp'], severity: 'critical', reachable: 'high',
    why: 'Clusters without security enabled expose every index over HTTP; countless data breaches came from open Elasticsearch, and open clusters are wiped for ransom.',
    secure: ['Enable security (TLS and authentication; default since 8.0).', 'Bind to private interfaces.', 'Firewall 9200 and 9300.'],
    references: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/secure-cluster.html', cwe306, 'https://isc.sans.edu/port.html?port=9200'],
    checks: ['elasticsearch-no-auth'],
  },
  {
    id: 'mysql', title: 'MySQL / MariaDB', services: ['mysql', 'mariadb'], ports: ['3306/tcp'], severity: 'high', reachable: 'medium',
    why: 'An exposed database invites password brute force and pre-authentication exploits; accounts with empty passwords give the data away at once.',
    secure: ['Bind to a private interface (bind-address) and firewall 3306.', 'Give every account a strong password or socket authentication; remove anonymous and remote root accounts.', 'Require TLS (require_secure_transport).'],
    references: ['https://dev.mysql.com/doc/refman/8.0/en/security-guidelines.html', cwe668, 'https://isc.sans.edu/port.html?port=3306'],
    checks: ['mysql-exposed'],
  },
  {
    id: 'postgresql', title: 'PostgreSQL', services: ['postgresql', 'postgres'], ports: ['5432/tcp'], severity: 'high', reachable: 'medium',
    why: 'An exposed PostgreSQL is brute-forced; with `trust` authentication anyone is superuser and can run programs through COPY … PROGRAM.',
    secure: ['Listen on private interfaces only and firewall 5432.', 'Never use trust for network connections; use scram-sha-256.', 'Require TLS with hostssl.'],
    references: ['https://www.postgresql.org/docs/current/auth-pg-hba-conf.html', cwe306, cwe668, 'https://isc.sans.edu/port.html?port=5432'],
    checks: ['postgres-exposed'],
  },
  {
    id: 'couchdb', title: 'CouchDB', services: ['couchdb'], ports: ['5984/tcp'], severity: 'high',
    why: 'Old CouchDB installs ran in "admin party" mode (no admin password) and known flaws give remote code execution; open databases are readable over HTTP.',
    secure: ['Create an admin user (required since 3.0) and require valid users.', 'Bind to private interfaces and firewall 5984.', 'Enable TLS.'],
    references: ['https://docs.couchdb.org/en/stable/intro/security.html', cwe306, 'https://isc.sans.edu/port.html?port=5984'],
    checks: [],
  },
  {
    id: 'mssql', title: 'Microsoft SQL Server', services: ['ms-sql-s', 'ms-sql-m', 'mssql'], ports: ['1433/tcp', '1434/udp'], severity: 'high', reachable: 'medium',
    why: 'An exposed SQL Server is brute-forced for the sa account; a login with sysadmin rights runs operating-system commands through xp_cmdshell, and the SQL Browser on 1434/udp answers anyone with the instance list.',
    secure: ['Firewall 1433 and 1434/udp to the application hosts.', 'Prefer Windows authentication; disable or rename sa and give SQL logins strong passwords.', 'Force encryption (TLS) and keep xp_cmdshell disabled.'],
    references: ['https://learn.microsoft.com/en-us/sql/relational-databases/security/securing-sql-server', 'https://learn.microsoft.com/en-us/sql/sql-server/install/configure-the-windows-firewall-to-allow-sql-server-access', cwe668, 'https://isc.sans.edu/port.html?port=1433'],
    checks: [],
  },
];
