/**
 * @module probes/registry — every service rule, in probing order (most likely first among the non-hinted ones).
 * Adding a service = one file in services/ + one line here. `GENERIC_RULES` run after the protocol probes on
 * every port nothing else recognised.
 */
import type { ProbeRule } from './types.js';
import { sshRule } from './services/ssh.js';
import { ftpRule } from './services/ftp.js';
import { smtpRule } from './services/smtp.js';
import { pop3Rule } from './services/pop3.js';
import { imapRule } from './services/imap.js';
import { telnetRule } from './services/telnet.js';
import { mysqlRule } from './services/mysql.js';
import { vncRule } from './services/vnc.js';
import { rsyncRule } from './services/rsync.js';
import { nntpRule } from './services/nntp.js';
import { natsRule } from './services/nats.js';
import { ircRule } from './services/irc.js';
import { redisRule } from './services/redis.js';
import { postgresRule } from './services/postgres.js';
import { mongodbRule } from './services/mongodb.js';
import { memcachedRule } from './services/memcached.js';
import { mqttRule } from './services/mqtt.js';
import { amqpRule } from './services/amqp.js';
import { rdpRule } from './services/rdp.js';
import { msrpcRule } from './services/msrpc.js';
import { smbRule } from './services/smb.js';
import { netbiosRule } from './services/netbios.js';
import { ldapRule } from './services/ldap.js';
import { dnsRule } from './services/dns.js';
import { x11Rule } from './services/x11.js';
import { socksRule } from './services/socks.js';
import { sipRule } from './services/sip.js';
import { rtspRule } from './services/rtsp.js';
import { httpRule } from './services/http.js';
import { tlsRule } from './services/tls.js';
import { epmdRule, erlangRule } from './services/erlang.js';

export const registry: readonly ProbeRule[] = Object.freeze([
  // server speaks first (matched against the banner)
  sshRule, ftpRule, smtpRule, pop3Rule, imapRule, telnetRule, mysqlRule, vncRule, rsyncRule, nntpRule, natsRule, ircRule,
  // client speaks first (a payload on a fresh connection)
  redisRule, postgresRule, mongodbRule, memcachedRule, mqttRule, amqpRule, rdpRule, smbRule, msrpcRule, netbiosRule, ldapRule, dnsRule, x11Rule,
  socksRule, sipRule, rtspRule, epmdRule, erlangRule,
  // generic
  httpRule, tlsRule,
]);

/** Rule names tried on every port after the protocol probes, in this order. */
export const GENERIC_RULES: readonly string[] = ['http', 'tls'];

/** The service names detection can report (for checks and docs). */
export const SERVICE_NAMES: readonly string[] = Object.freeze([...new Set([...registry.map((r) => r.service), 'https', 'unknown'])]);
