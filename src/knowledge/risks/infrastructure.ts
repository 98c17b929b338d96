/** @module knowledge/risks/infrastructure — risk entries: web, container and cluster APIs, directory, messaging and network services (http, https, docker, etcd, nats …). */
import type { RiskData } from './types.js';

const cwe306 = 'https://cwe.mitre.org/data/definitions/306.html';
const cisaAmp = 'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks';

export const infrastructureRisks: readonly RiskData[] = [
  {
    id: 'erlang', title: 'Erlang port mapper and distribution (RabbitMQ, CouchDB, ejabberd clusters)', services: ['epmd', 'erlang-node'], ports: ['4369/tcp', '25672/tcp'], severity: 'high',
    why: 'epmd tells anyone the names and ports of the Erlang nodes; a reachable distribution port hands full code execution to whoever knows or guesses the cookie.',
    secure: ['Firewall 4369 and the distribution ports to the cluster peers.', 'Use a long random cookie.', 'Enable TLS distribution (-proto_dist inet_tls).'],
    references: ['https://www.erlang.org/doc/apps/erts/erl_dist_protocol.html', 'https://www.rabbitmq.com/docs/networking#epmd', 'https://isc.sans.edu/port.html?port=4369'],
    checks: ['epmd-node-names', 'erlang-distribution-exposed'],
  },
  {
    id: 'http', title: 'HTTP (cleartext web)', services: ['http', 'http-alt', 'http-proxy'], ports: ['80/tcp', '8080/tcp', '8000/tcp', '8008/tcp'], severity: 'low',
    why: 'Pages, cookies and logins served over plain HTTP can be read and changed by anyone on the path; admin panels on odd ports are a common way in.',
    secure: ['Redirect all HTTP to HTTPS and send Strict-Transport-Security.', 'Keep admin interfaces off the internet.'],
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html', 'https://www.rfc-editor.org/rfc/rfc6797', 'https://cwe.mitre.org/data/definitions/319.html', 'https://isc.sans.edu/port.html?port=80'],
    checks: ['http-no-tls'],
  },
  {
    id: 'https', title: 'HTTPS (web over TLS)', services: ['https'], ports: ['443/tcp'], severity: 'info',
    why: 'HTTPS is the way web services are meant to be published: reaching it is expected. The risk lies in the application behind it and in weak TLS (old protocol versions, expired or self-signed certificates), which the TLS checks report.',
    secure: ['Offer TLS 1.2 and 1.3 only, with a certificate from a trusted CA that is renewed automatically.', 'Send Strict-Transport-Security.', 'Keep the web server and application patched; put admin paths behind authentication.'],
    references: ['https://wiki.mozilla.org/Security/Server_Side_TLS', 'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html', 'https://www.rfc-editor.org/rfc/rfc8446', 'https://isc.sans.edu/port.html?port=443'],
    checks: [],
  },
  {
    id: 'docker', title: 'Docker Engine API', services: ['docker', 'docker-s'], ports: ['2375/tcp', '2376/tcp'], severity: 'critical',
    why: 'The Docker API without mutual TLS is root on the host: attackers start privileged containers that mount the host file system (mass-exploited by cryptominer worms).',
    secure: ['Never listen on TCP without tlsverify and client certificates.', 'Use SSH (DOCKER_HOST=ssh://) for remote control.', 'Firewall 2375/2376.'],
    references: ['https://docs.docker.com/engine/security/protect-access/', cwe306, 'https://isc.sans.edu/port.html?port=2375'],
    checks: ['docker-api-exposed'],
  },
  {
    id: 'kubernetes', title: 'Kubernetes API server and kubelet', services: ['kubernetes', 'kube-apiserver', 'kubelet'], ports: ['6443/tcp', '10250/tcp', '10255/tcp'], severity: 'high',
    why: 'An API server or kubelet that allows anonymous requests gives control of workloads and secrets across the cluster.',
    secure: ['Disable anonymous auth (--anonymous-auth=false) and use RBAC.', 'Keep the API server and kubelets off the internet.', 'Disable the read-only kubelet port 10255.'],
    references: ['https://kubernetes.io/docs/concepts/security/controlling-access/', cwe306, 'https://isc.sans.edu/port.html?port=6443'],
    checks: [],
  },
  {
    id: 'etcd', title: 'etcd', services: ['etcd', 'etcd-client'], ports: ['2379/tcp', '2380/tcp'], severity: 'critical', reachable: 'high',
    why: 'etcd holds cluster state including Kubernetes secrets; without client-certificate auth anyone can read or rewrite it.',
    secure: ['Require client certificates (--client-cert-auth) and TLS for peers.', 'Never expose 2379/2380 outside the control plane.'],
    references: ['https://etcd.io/docs/v3.5/op-guide/security/', cwe306, 'https://isc.sans.edu/port.html?port=2379'],
    checks: [],
  },
  {
    id: 'mqtt', title: 'MQTT broker', services: ['mqtt', 'secure-mqtt'], ports: ['1883/tcp', '8883/tcp'], severity: 'high', reachable: 'medium',
    why: 'Brokers that accept anonymous clients let anyone read telemetry (subscribe to #) and send commands to IoT devices.',
    secure: ['Refuse anonymous clients; use passwords or client certificates.', 'Apply topic ACLs.', 'Use TLS on 8883.'],
    references: ['https://mosquitto.org/documentation/authentication-methods/', cwe306, 'https://isc.sans.edu/port.html?port=1883'],
    checks: ['mqtt-anonymous'],
  },
  {
    id: 'ldap', title: 'LDAP directory', services: ['ldap', 'ldaps'], ports: ['389/tcp', '389/udp', '636/tcp'], severity: 'medium',
    why: 'Anonymous binds leak the directory (users, groups, hosts); simple binds without TLS send passwords in clear; CLDAP on UDP is abused for amplification.',
    secure: ['Disable anonymous binds and require LDAPS or StartTLS.', 'Keep LDAP off the internet; block 389/udp.'],
    references: ['https://www.rfc-editor.org/rfc/rfc4513', 'https://cwe.mitre.org/data/definitions/319.html', 'https://isc.sans.edu/port.html?port=389'],
    checks: [],
  },
  {
    id: 'snmp', title: 'SNMP', services: ['snmp', 'snmptrap'], ports: ['161/udp', '162/udp'], severity: 'high', reachable: 'medium',
    why: 'SNMP v1/v2c with default communities ("public", "private") discloses, and sometimes changes, device configuration; it is also an amplification vector.',
    secure: ['Use SNMPv3 with authentication and privacy.', 'Remove default communities; restrict to management hosts.'],
    references: ['https://www.cisa.gov/news-events/alerts/2017/06/05/reducing-risk-snmp-abuse', cisaAmp, 'https://isc.sans.edu/port.html?port=161'],
    checks: [],
  },
  {
    id: 'dns', title: 'DNS', services: ['domain', 'dns'], ports: ['53/udp', '53/tcp'], severity: 'medium', reachable: 'low',
    why: 'Open recursive resolvers are abused for DNS amplification DDoS; zone transfers open to anyone map the internal network.',
    secure: ['Allow recursion only for your own clients.', 'Restrict zone transfers (allow-transfer) to secondaries.', 'Enable response rate limiting.'],
    references: ['https://www.cisa.gov/news-events/alerts/2013/03/29/dns-amplification-attacks', cisaAmp, 'https://isc.sans.edu/port.html?port=53'],
    checks: [],
  },
  {
    id: 'ntp', title: 'NTP', services: ['ntp'], ports: ['123/udp'], severity: 'medium', reachable: 'low',
    why: 'NTP servers answering monlist or mode 6/7 queries amplify DDoS traffic hundreds of times.',
    secure: ['Disable monlist and mode 6/7 queries (restrict default noquery).', 'Upgrade to a current ntpd/ntpsec/chrony.'],
    references: ['https://www.cisa.gov/news-events/alerts/2014/01/13/ntp-amplification-attacks-using-cve-2013-5211', cisaAmp, 'https://isc.sans.edu/port.html?port=123'],
    checks: [],
  },
  {
    id: 'amqp', title: 'AMQP broker (RabbitMQ …)', services: ['amqp', 'amqps'], ports: ['5672/tcp', '5671/tcp', '15672/tcp'], severity: 'medium',
    why: 'Brokers reachable from outside are brute-forced (RabbitMQ once shipped guest/guest); message queues carry business data and commands.',
    secure: ['Remove default accounts; allow guest only from localhost.', 'Use TLS on 5671 and keep management (15672) internal.'],
    references: ['https://www.rabbitmq.com/docs/access-control', 'https://cwe.mitre.org/data/definitions/1188.html', 'https://isc.sans.edu/port.html?port=5672'],
    checks: [],
  },
  {
    id: 'socks', title: 'SOCKS proxy', services: ['socks', 'socks5', 'socks4'], ports: ['1080/tcp'], severity: 'high',
    why: 'An open proxy relays anyone\'s traffic: attackers hide behind it, reach internal hosts through it, and abuse it for spam and credential stuffing.',
    secure: ['Require authentication (username/password or GSS-API).', 'Accept clients only from your own networks.', 'Restrict the destinations the proxy may reach.'],
    references: ['https://www.rfc-editor.org/rfc/rfc1928', 'https://cwe.mitre.org/data/definitions/441.html', 'https://isc.sans.edu/port.html?port=1080'],
    checks: [],
  },
  {
    id: 'rtsp', title: 'RTSP media streams (IP cameras, recorders)', services: ['rtsp'], ports: ['554/tcp', '8554/tcp'], severity: 'high',
    why: 'Cameras and recorders often stream without authentication or with default passwords: anyone can watch, and the devices are recruited into botnets.',
    secure: ['Require authentication on every stream; change default passwords.', 'Keep cameras on a separate network, reachable only through a VPN.', 'Update the firmware.'],
    references: ['https://www.rfc-editor.org/rfc/rfc7826', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=554'],
    checks: [],
  },
  {
    id: 'sip', title: 'SIP (VoIP signalling)', services: ['sip', 'sip-tls'], ports: ['5060/udp', '5060/tcp', '5061/tcp'], severity: 'medium',
    why: 'Exposed SIP servers are scanned for extensions and brute-forced to place fraudulent calls (toll fraud); over UDP SIP can also reflect traffic.',
    secure: ['Allow SIP only from your providers and phones.', 'Use strong per-extension secrets and fail2ban-style lockout.', 'Use SIP over TLS (5061) and SRTP.'],
    references: ['https://www.rfc-editor.org/rfc/rfc3261', 'https://cwe.mitre.org/data/definitions/307.html', 'https://isc.sans.edu/port.html?port=5060'],
    checks: [],
  },
  {
    id: 'zookeeper', title: 'Apache ZooKeeper', services: ['zookeeper'], ports: ['2181/tcp'], severity: 'high',
    why: 'ZooKeeper holds the configuration of Kafka, Hadoop and other clusters; without ACLs anyone can read it, and the four-letter commands disclose the cluster layout.',
    secure: ['Enable SASL authentication and znode ACLs.', 'Restrict 4lw.commands.whitelist.', 'Bind to internal interfaces and firewall 2181.'],
    references: ['https://zookeeper.apache.org/doc/current/zookeeperAdmin.html', 'https://cwe.mitre.org/data/definitions/306.html', 'https://isc.sans.edu/port.html?port=2181'],
    checks: [],
  },
  {
    id: 'nats', title: 'NATS messaging', services: ['nats'], ports: ['4222/tcp', '6222/tcp'], severity: 'high', reachable: 'medium',
    why: 'A NATS server without authorization lets any client subscribe to every subject (">") and publish commands into the system; the cluster port 6222 accepts routes from other servers.',
    secure: ['Require authentication (NKeys, JWT accounts or tokens) and per-subject permissions.', 'Use TLS for clients and cluster routes.', 'Firewall 4222 to the clients and 6222 to the cluster peers.'],
    references: ['https://docs.nats.io/running-a-nats-service/configuration/securing_nats', 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/authorization', cwe306, 'https://isc.sans.edu/port.html?port=4222'],
    checks: [],
  },
];
