/** @module checks/refs — the reference URLs checks cite (CWE, RFCs, vendor hardening guides), named once. */

export const REF = {
  cwe319: 'https://cwe.mitre.org/data/definitions/319.html',   // Cleartext Transmission of Sensitive Information
  cwe306: 'https://cwe.mitre.org/data/definitions/306.html',   // Missing Authentication for Critical Function
  cwe287: 'https://cwe.mitre.org/data/definitions/287.html',   // Improper Authentication
  cwe284: 'https://cwe.mitre.org/data/definitions/284.html',   // Improper Access Control
  cwe307: 'https://cwe.mitre.org/data/definitions/307.html',   // Excessive Authentication Attempts
  cwe327: 'https://cwe.mitre.org/data/definitions/327.html',   // Broken or Risky Cryptographic Algorithm
  cwe200: 'https://cwe.mitre.org/data/definitions/200.html',   // Exposure of Sensitive Information
  cwe668: 'https://cwe.mitre.org/data/definitions/668.html',   // Exposure of Resource to Wrong Sphere
  cwe1188: 'https://cwe.mitre.org/data/definitions/1188.html', // Insecure Default Initialization of Resource
  cisaKev: 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog',
  cisaSmb: 'https://www.cisa.gov/uscert/ncas/current-activity/2017/01/16/SMB-Security-Best-Practices',
  cisaUdpAmp: 'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks',
  rfc854: 'https://www.rfc-editor.org/rfc/rfc854',
  rfc959: 'https://www.rfc-editor.org/rfc/rfc959',
  rfc1635: 'https://www.rfc-editor.org/rfc/rfc1635',
  rfc2595: 'https://www.rfc-editor.org/rfc/rfc2595',
  rfc3207: 'https://www.rfc-editor.org/rfc/rfc3207',
  rfc4217: 'https://www.rfc-editor.org/rfc/rfc4217',
  rfc4252: 'https://www.rfc-editor.org/rfc/rfc4252',
  rfc4253: 'https://www.rfc-editor.org/rfc/rfc4253',
  rfc5321: 'https://www.rfc-editor.org/rfc/rfc5321',
  rfc6143: 'https://www.rfc-editor.org/rfc/rfc6143',
  rfc6797: 'https://www.rfc-editor.org/rfc/rfc6797',
  rfc8314: 'https://www.rfc-editor.org/rfc/rfc8314',
  rfc9142: 'https://www.rfc-editor.org/rfc/rfc9142',
  sshdConfig: 'https://man.openbsd.org/sshd_config',
  owaspTls: 'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
  redisSecurity: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/',
  mongoChecklist: 'https://www.mongodb.com/docs/manual/administration/security-checklist/',
  elasticSecurity: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/secure-cluster.html',
  dockerProtect: 'https://docs.docker.com/engine/security/protect-access/',
  mysqlSecurity: 'https://dev.mysql.com/doc/refman/8.0/en/security-guidelines.html',
  pgHba: 'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
  msRdpNla: 'https://learn.microsoft.com/en-us/windows-server/remote/remote-desktop-services/clients/remote-desktop-allow-access',
  postfixRelay: 'https://www.postfix.org/SMTPD_ACCESS_README.html',
  mosquittoAuth: 'https://mosquitto.org/documentation/authentication-methods/',
  rsyncdConf: 'https://download.samba.org/pub/rsync/rsyncd.conf.5',
  xsecurity: 'https://www.x.org/releases/X11R7.7/doc/man/man7/Xsecurity.7.xhtml',
  memcachedWiki: 'https://github.com/memcached/memcached/wiki/ConfiguringServer',
  vsftpdConf: 'https://security.appspot.com/vsftpd/vsftpd_conf.html',
  dovecotSsl: 'https://doc.dovecot.org/configuration_manual/dovecot_ssl_configuration/',
  sambaHardening: 'https://wiki.samba.org/index.php/Setting_up_Samba_as_a_Standalone_Server',
} as const;

/** SANS Internet Storm Center's page on a port (attack activity seen on it). */
export function sansPort(port: number): string {
  return `https://isc.sans.edu/port.html?port=${port}`;
}
