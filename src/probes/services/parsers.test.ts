// Table-driven tests of every service rule's pure `match`: real-format answers built from the specs, and near misses.
import { describe, it, expect } from 'vitest';
import { registry } from '../registry.js';
import type { ServiceMatch } from '../types.js';
import * as fx from '../test/fixtures.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

interface Case { rule: string; name: string; input: Buffer; want: Partial<ServiceMatch> | null; facts?: Record<string, unknown> }

const cases: Case[] = [
  // MSRPC endpoint mapper (C706 §12.6.4.4 BIND_ACK / §12.6.4.5 BIND_NAK)
  { rule: 'msrpc', name: 'bind_ack accepting epmapper', input: Buffer.from('05000c03100000003c00000001000000b810b81034120000040031333500000001000000000000000' + '45d888aeb1cc9119fe808002b10486002000000', 'hex'), want: { name: 'msrpc', product: 'Microsoft Windows RPC', confidence: 1 }, facts: { 'msrpc.epmapper': true, 'msrpc.secondaryAddress': '135' } },
  { rule: 'msrpc', name: 'bind_nak', input: Buffer.from('05000d03100000001200000001000000' + '0400', 'hex'), want: { name: 'msrpc', confidence: 0.9 }, facts: { 'msrpc.bind': 'nak' } },
  { rule: 'msrpc', name: 'big-endian drep is not ours', input: Buffer.from('05000c03000000003c00000001000000', 'hex'), want: null },
  // SSH (RFC 4253 §4.2)
  { rule: 'ssh', name: 'OpenSSH Debian', input: B('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'), want: { name: 'ssh', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3', extraInfo: 'protocol 2.0', confidence: 1 }, facts: { 'ssh.protocol': '2.0' } },
  { rule: 'ssh', name: 'dropbear', input: B('SSH-2.0-dropbear_2022.83\r\n'), want: { product: 'Dropbear sshd', version: '2022.83' } },
  { rule: 'ssh', name: 'pre-banner lines allowed', input: B('Welcome\r\nSSH-1.99-Cisco-1.25\r\n'), want: { product: 'Cisco SSH', version: '1.25', extraInfo: 'protocol 1.99' } },
  { rule: 'ssh', name: 'not SSH', input: B('220 mail ESMTP\r\n'), want: null },
  // FTP (RFC 959)
  { rule: 'ftp', name: 'vsftpd', input: B('220 (vsFTPd 3.0.3)\r\n'), want: { name: 'ftp', product: 'vsftpd', version: '3.0.3', confidence: 1 } },
  { rule: 'ftp', name: 'ProFTPD', input: B('220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.1]\r\n'), want: { product: 'ProFTPD', version: '1.3.8' } },
  { rule: 'ftp', name: 'multi-line Pure-FTPd', input: B('220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n220-You are user number 1 of 50 allowed.\r\n220 This is a private system\r\n'), want: { product: 'Pure-FTPd' } },
  { rule: 'ftp', name: 'bare 220 is weak', input: B('220 ready\r\n'), want: { name: 'ftp', confidence: 0.5 } },
  { rule: 'ftp', name: 'SMTP greeting is not FTP', input: B('220 mx.example.org ESMTP Postfix (Debian/GNU)\r\n'), want: null },
  // SMTP (RFC 5321)
  { rule: 'smtp', name: 'Postfix', input: B('220 mx.example.org ESMTP Postfix (Debian/GNU)\r\n'), want: { name: 'smtp', product: 'Postfix smtpd', confidence: 1 }, facts: { 'smtp.hostname': 'mx.example.org' } },
  { rule: 'smtp', name: 'Exim with version', input: B('220 host.example ESMTP Exim 4.96 Wed, 25 Nov 2026 10:00:00 +0000\r\n'), want: { product: 'Exim smtpd', version: '4.96' } },
  { rule: 'smtp', name: 'FTP greeting is not SMTP', input: B('220 (vsFTPd 3.0.3)\r\n'), want: null },
  // POP3 / IMAP
  { rule: 'pop3', name: 'Dovecot', input: B('+OK Dovecot (Debian) ready.\r\n'), want: { name: 'pop3', product: 'Dovecot pop3d', confidence: 0.9 } },
  { rule: 'pop3', name: 'not POP3', input: B('+PONG\r\n'), want: null },
  { rule: 'imap', name: 'Dovecot with capabilities', input: B('* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n'), want: { name: 'imap', product: 'Dovecot imapd', confidence: 1 }, facts: { 'imap.starttls': true } },
  { rule: 'imap', name: 'not IMAP', input: B('* hello\r\n'), want: null },
  // Telnet (RFC 854)
  { rule: 'telnet', name: 'IAC negotiation', input: Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23, 0xff, 0xfd, 0x27]), want: { name: 'telnet', confidence: 0.95 }, facts: { 'telnet.options': ['DO 24', 'DO 32', 'DO 35', 'DO 39'] } },
  { rule: 'telnet', name: 'lone 0xff', input: Buffer.from([0xff, 0x41, 0x42]), want: null },
  // MySQL / MariaDB (HandshakeV10, ERR_Packet)
  { rule: 'mysql', name: 'MariaDB', input: fx.mysqlHandshake('5.5.5-10.11.6-MariaDB-0+deb12u1'), want: { name: 'mysql', product: 'MariaDB', version: '10.11.6', confidence: 1 } },
  { rule: 'mysql', name: 'MySQL 8', input: fx.mysqlHandshake('8.0.36-0ubuntu0.22.04.1', 0xffff), want: { product: 'MySQL', version: '8.0.36' }, facts: { 'mysql.ssl': 'yes' } },
  { rule: 'mysql', name: 'host refused', input: fx.mysqlError(1130, "Host '10.0.0.9' is not allowed to connect to this MariaDB server"), want: { product: 'MariaDB', extraInfo: 'unauthorized', confidence: 0.9 } },
  { rule: 'mysql', name: 'random 4-byte header', input: B('\x05\x00\x00\x00hello'), want: null },
  // VNC (RFC 6143)
  { rule: 'vnc', name: 'RFB 3.8', input: B('RFB 003.008\n'), want: { name: 'vnc', extraInfo: 'protocol 3.8', confidence: 1 } },
  { rule: 'vnc', name: 'Apple Remote Desktop version string', input: B('RFB 003.889\n'), want: { name: 'vnc', product: 'Apple Remote Desktop' } },
  { rule: 'vnc', name: 'RealVNC 5 version string', input: B('RFB 005.000\n'), want: { product: 'RealVNC' } },
  { rule: 'vnc', name: 'plain 3.8 names no vendor', input: B('RFB 003.008\n'), want: { product: 'VNC' } },
  { rule: 'vnc', name: 'not RFB', input: B('RFB 3.8\n'), want: null },
  // rsync
  { rule: 'rsync', name: 'protocol 31', input: B('@RSYNCD: 31.0 sha512 sha256 sha1 md5 md4\n'), want: { name: 'rsync', extraInfo: 'protocol version 31' }, facts: { 'rsync.protocol': 31 } },
  // NNTP (RFC 3977)
  { rule: 'nntp', name: 'INN', input: B('200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n'), want: { name: 'nntp', product: 'INN nnrpd', version: '2.7.1' }, facts: { 'nntp.posting': true } },
  // NATS
  { rule: 'nats', name: 'INFO', input: B('INFO {"server_id":"X","version":"2.9.10","go":"go1.19.8","auth_required":true}\r\n'), want: { name: 'nats', product: 'NATS Server', version: '2.9.10' }, facts: { 'nats.authRequired': true } },
  { rule: 'nats', name: 'INFO not JSON', input: B('INFO {oops\r\n'), want: null },
  // IRC (RFC 2812)
  { rule: 'irc', name: 'NOTICE AUTH', input: B(':irc.example.net NOTICE * :*** Looking up your hostname...\r\n'), want: { name: 'irc', confidence: 0.9 } },
  { rule: 'irc', name: '451 not registered', input: B(':irc.example.net 451 * VERSION :You have not registered\r\n'), want: { name: 'irc' } },
  // Redis (RESP)
  { rule: 'redis', name: 'PONG', input: B('+PONG\r\n'), want: { name: 'redis', confidence: 0.9 }, facts: { 'redis.auth': 'none' } },
  { rule: 'redis', name: 'NOAUTH', input: B('-NOAUTH Authentication required.\r\n'), want: { name: 'redis', confidence: 1 }, facts: { 'redis.auth': 'required' } },
  { rule: 'redis', name: 'protected mode', input: B('-DENIED Redis is running in protected mode because protected mode is enabled\r\n'), want: { name: 'redis' }, facts: { 'redis.auth': 'protected-mode' } },
  { rule: 'redis', name: 'other error', input: B('-ERR unknown\r\n'), want: null },
  // Memcached
  { rule: 'memcached', name: 'version', input: B('VERSION 1.6.18\r\n'), want: { name: 'memcached', product: 'Memcached', version: '1.6.18' } },
  { rule: 'memcached', name: 'error', input: B('ERROR\r\n'), want: null },
  // PostgreSQL
  { rule: 'postgres', name: 'no pg_hba entry', input: fx.pgError('28000', 'no pg_hba.conf entry for host "10.0.0.1"'), want: { name: 'postgresql', product: 'PostgreSQL DB', confidence: 1 }, facts: { 'postgres.auth': 'error' } },
  { rule: 'postgres', name: 'md5 auth request', input: Buffer.concat([fx.pgAuth(5), Buffer.from([1, 2, 3, 4])]), want: { name: 'postgresql' }, facts: { 'postgres.auth': 'md5' } },
  { rule: 'postgres', name: 'trust: version from ParameterStatus', input: Buffer.concat([fx.pgAuth(0), fx.pgParam('server_version', '15.8 (Debian 15.8-0+deb12u1)')]), want: { version: '15.8 (Debian 15.8-0+deb12u1)' }, facts: { 'postgres.auth': 'ok' } },
  { rule: 'postgres', name: 'E without SQLSTATE', input: B('E\x00\x00\x00\x08abcd'), want: null },
  // MongoDB (OP_MSG)
  { rule: 'mongodb', name: 'buildInfo', input: fx.mongoReply(fx.bson([['version', '7.0.14'], ['gitVersion', 'abc'], ['ok', 1]])), want: { name: 'mongodb', product: 'MongoDB', version: '7.0.14', confidence: 1 }, facts: { 'mongodb.auth': 'none' } },
  { rule: 'mongodb', name: 'unauthorized', input: fx.mongoReply(fx.bson([['ok', 0], ['errmsg', 'command buildInfo requires authentication'], ['code', 13, 'int']])), want: { name: 'mongodb', confidence: 0.95 }, facts: { 'mongodb.auth': 'required' } },
  { rule: 'mongodb', name: 'doc without ok', input: fx.mongoReply(fx.bson([['x', 1]])), want: null },
  // AMQP 0-9-1
  { rule: 'amqp', name: 'RabbitMQ Connection.Start', input: fx.amqpStart({ product: 'RabbitMQ', version: '3.12.1', platform: 'Erlang/OTP 25.3' }), want: { name: 'amqp', product: 'RabbitMQ', version: '3.12.1', extraInfo: 'AMQP 0-9; Erlang/OTP 25.3' }, facts: { 'amqp.mechanisms': ['PLAIN', 'AMQPLAIN'] } },
  { rule: 'amqp', name: 'protocol header answer', input: B('AMQP\x00\x01\x00\x00'), want: { name: 'amqp', confidence: 0.9 } },
  // MQTT 3.1.1
  { rule: 'mqtt', name: 'accepted', input: Buffer.from([0x20, 0x02, 0x00, 0x00]), want: { name: 'mqtt', confidence: 1 }, facts: { 'mqtt.anonymous': true, 'mqtt.connack': 0 } },
  { rule: 'mqtt', name: 'not authorized', input: Buffer.from([0x20, 0x02, 0x00, 0x05]), want: { name: 'mqtt' }, facts: { 'mqtt.anonymous': false, 'mqtt.connack': 5 } },
  { rule: 'mqtt', name: 'bad return code', input: Buffer.from([0x20, 0x02, 0x00, 0x09]), want: null },
  // RDP
  { rule: 'rdp', name: 'CredSSP selected', input: fx.rdpConfirm(2), want: { name: 'ms-wbt-server', confidence: 1 }, facts: { 'rdp.protocols': ['CredSSP'] } },
  { rule: 'rdp', name: 'Windows-only negotiation flags (restricted admin, redirected auth) name Microsoft', input: fx.rdpConfirm(1), want: { name: 'ms-wbt-server', product: 'Microsoft Terminal Services' } },
  { rule: 'rdp', name: 'xrdp-like confirm (flags 0x01, TLS): no product from one answer', input: Buffer.from('030000130ed000001234000201080001000000', 'hex'), want: { name: 'ms-wbt-server', confidence: 1 }, facts: { 'rdp.flags': 1, 'rdp.protocols': ['TLS'] } },
  // Erlang (erl_dist_protocol): real answers of epmd and an OTP 25 node from the lab
  { rule: 'epmd', name: 'NAMES_RESP with one node', input: Buffer.concat([Buffer.from('00001111', 'hex'), B('name labnode at port 25672\n')]), want: { name: 'epmd', product: 'Erlang Port Mapper Daemon', confidence: 1 }, facts: { 'epmd.nodes': ['labnode 25672'] } },
  { rule: 'epmd', name: 'NAMES_RESP, no node', input: Buffer.from('00001111', 'hex'), want: { name: 'epmd', confidence: 0.8 } },
  { rule: 'epmd', name: 'four bytes then text that is not a node line', input: Buffer.concat([Buffer.from('00001111', 'hex'), B('hello\n')]), want: null },
  { rule: 'erlang', name: 'status ok + challenge naming the node', input: Buffer.from('0003736f6b00264e0000000d07df7fbdbeb4a9dc6b0f318d00136c61626e6f64654031302e37372e312e313130', 'hex'), want: { name: 'erlang-node', product: 'Erlang Distribution Node', confidence: 1 }, facts: { 'erlang.node': 'labnode@10.77.1.110', 'erlang.status': 'ok' } },
  { rule: 'erlang', name: 'status not_allowed', input: Buffer.concat([Buffer.from('000c73', 'hex'), B('not_allowed')]), want: { name: 'erlang-node', confidence: 0.9 }, facts: { 'erlang.status': 'not_allowed' } },
  { rule: 'erlang', name: 'an s-prefixed answer that is no status', input: Buffer.concat([Buffer.from('000573', 'hex'), B('ping')]), want: null },
  { rule: 'rdp', name: 'TPKT but not CC', input: Buffer.from([3, 0, 0, 11, 6, 0xe0, 0, 0, 0, 0, 0]), want: null },
  // SMB2
  { rule: 'smb', name: 'SMB 3.1.1 signing required', input: fx.smb2NegotiateResponse(0x0311, 3), want: { name: 'microsoft-ds', confidence: 1 }, facts: { 'smb.dialect': '3.1.1', 'smb.signingRequired': true } },
  { rule: 'smb', name: 'SMB 2.1 signing enabled', input: fx.smb2NegotiateResponse(0x0210, 1), want: { extraInfo: 'dialect 2.1' }, facts: { 'smb.signingRequired': false } },
  // NetBIOS session (RFC 1002)
  { rule: 'netbios', name: 'positive session response', input: Buffer.from([0x82, 0, 0, 0]), want: { name: 'netbios-ssn', confidence: 1 } },
  { rule: 'netbios', name: 'negative: called name not present', input: Buffer.from([0x83, 0, 0, 1, 0x82]), want: { name: 'netbios-ssn', extraInfo: 'called name not present' } },
  { rule: 'netbios', name: 'unknown error code', input: Buffer.from([0x83, 0, 0, 1, 0x10]), want: null },
  // LDAP
  { rule: 'ldap', name: 'OpenLDAP by its root DSE class', input: fx.ldapRootDse({ objectClass: ['top', 'OpenLDAProotDSE'], supportedLDAPVersion: ['3'] }), want: { name: 'ldap', product: 'OpenLDAP' } },
  { rule: 'ldap', name: 'OpenLDAP root DSE', input: fx.ldapRootDse({ namingContexts: ['dc=example,dc=org'], supportedLDAPVersion: ['3'] }), want: { name: 'ldap', extraInfo: 'LDAP versions 3' }, facts: { 'ldap.namingContexts': ['dc=example,dc=org'] } },
  { rule: 'ldap', name: 'search refused', input: fx.ldapDone(50), want: { name: 'ldap', confidence: 0.95 }, facts: { 'ldap.resultCode': 50 } },
  // DNS over TCP
  { rule: 'dns', name: 'unbound version', input: fx.dnsTxtAnswer(0x6768, 'unbound 1.17.1'), want: { name: 'domain', product: 'Unbound', version: '1.17.1' } },
  { rule: 'dns', name: 'BIND version', input: fx.dnsTxtAnswer(0x6768, '9.18.28-1~deb12u2-Debian'), want: { product: 'ISC BIND', version: '9.18.28-1~deb12u2-Debian' } },
  { rule: 'dns', name: 'REFUSED still DNS', input: fx.dnsTxtAnswer(0x6768, null, 'REFUSED'), want: { name: 'domain' }, facts: { 'dns.rcode': 'REFUSED' } },
  { rule: 'dns', name: 'wrong id', input: fx.dnsTxtAnswer(0x1111, 'x'), want: null },
  // SIP / RTSP
  { rule: 'sip', name: 'Asterisk OPTIONS', input: B('SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP x\r\nServer: Asterisk PBX 20.5.0\r\nAllow: INVITE, ACK\r\nContent-Length: 0\r\n\r\n'), want: { name: 'sip', product: 'Asterisk', confidence: 1 } },
  { rule: 'rtsp', name: 'GStreamer', input: B('RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: GStreamer RTSP server\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n'), want: { name: 'rtsp', product: 'GStreamer' } },
  { rule: 'rtsp', name: 'HTTP is not RTSP', input: B('HTTP/1.1 400 Bad Request\r\n\r\n'), want: null },
  // X11
  { rule: 'x11', name: 'open display (X.Org 21.1.7)', input: fx.x11Success('The X.Org Foundation', 12101007), want: { name: 'x11', product: 'X.Org X11 server', version: '21.1.7', extraInfo: 'The X.Org Foundation; release 12101007' }, facts: { 'x11.status': 'success' } },
  { rule: 'x11', name: 'open display (X.Org 1.20.11)', input: fx.x11Success('The X.Org Foundation', 12011000), want: { version: '1.20.11' } },
  { rule: 'x11', name: 'other vendor: no version guessed', input: fx.x11Success('Acme X', 4000), want: { product: 'X11 server', extraInfo: 'Acme X; release 4000' } },
  { rule: 'x11', name: 'access denied', input: fx.x11Failed('Authorization required, but no authorization protocol specified\n'), want: { name: 'x11', extraInfo: 'access denied' }, facts: { 'x11.status': 'failed' } },
  // SOCKS5
  { rule: 'socks', name: 'no auth', input: Buffer.from([5, 0]), want: { name: 'socks5' }, facts: { 'socks.noAuth': true } },
  { rule: 'socks', name: 'SOCKS4 reply', input: Buffer.from([0, 0x5a]), want: null },
  // HTTP and APIs
  { rule: 'http', name: 'nginx', input: B('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nContent-Length: 38\r\n\r\n<html><title>Welcome</title></html>\n\n'), want: { name: 'http', product: 'nginx', version: '1.22.1', confidence: 1 }, facts: { 'http.status': 200, 'http.title': 'Welcome' } },
  { rule: 'http', name: 'nginx 400 on a TLS port: not conclusive, TLS next', input: B('HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n\r\n<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>'), want: { name: 'http', confidence: 0.6, next: 'tls' }, facts: { 'http.tlsRequired': 'nginx' } },
  { rule: 'http', name: 'Apache 400 on an SSL port', input: B('HTTP/1.1 400 Bad Request\r\nServer: Apache/2.4.62 (Debian)\r\n\r\nReason: You\'re speaking plain HTTP to an SSL-enabled server port.<br />'), want: { confidence: 0.6, next: 'tls' }, facts: { 'http.tlsRequired': 'Apache httpd' } },
  { rule: 'http', name: 'Go 400 on a TLS port', input: B('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n'), want: { confidence: 0.6, next: 'tls' }, facts: { 'http.tlsRequired': 'Go net/http' } },
  { rule: 'http', name: 'a 200 page quoting the nginx words stays conclusive', input: B('HTTP/1.1 200 OK\r\nContent-Length: 44\r\n\r\nThe plain HTTP request was sent to HTTPS port'), want: { name: 'http', confidence: 1 } },
  { rule: 'http', name: 'Apache (Debian)', input: B('HTTP/1.1 403 Forbidden\r\nServer: Apache/2.4.62 (Debian)\r\n\r\n'), want: { product: 'Apache httpd', version: '2.4.62', extraInfo: 'Debian' } },
  { rule: 'http', name: 'Elasticsearch root', input: B('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"name":"n1","cluster_name":"c","version":{"number":"8.11.1","build_flavor":"default"},"tagline":"You Know, for Search"}'), want: { product: 'Elasticsearch REST API', version: '8.11.1' }, facts: { 'http.api': 'elasticsearch' } },
  { rule: 'http', name: 'CouchDB root', input: B('HTTP/1.1 200 OK\r\nServer: CouchDB/3.3.3 (Erlang OTP/25)\r\n\r\n{"couchdb":"Welcome","version":"3.3.3","vendor":{"name":"The Apache Software Foundation"}}'), want: { product: 'CouchDB', version: '3.3.3' }, facts: { 'http.api': 'couchdb' } },
  { rule: 'http', name: 'Docker root', input: B('HTTP/1.1 404 Not Found\r\nApi-Version: 1.43\r\nServer: Docker/24.0.7 (linux)\r\n\r\n{"message":"page not found"}'), want: { product: 'Docker Engine API', version: '24.0.7' }, facts: { 'http.api': 'docker' } },
  { rule: 'http', name: 'Elasticsearch with security on', input: B('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nwww-authenticate: Basic realm="security" charset="UTF-8"\r\n\r\n{"error":{"root_cause":[],"type":"security_exception","reason":"missing authentication credentials"},"status":401}'), want: { product: 'Elasticsearch REST API', extraInfo: 'authentication required' }, facts: { 'http.api': 'elasticsearch' } },
  { rule: 'http', name: 'Prometheus redirect', input: B('HTTP/1.1 302 Found\r\nLocation: /graph\r\nContent-Length: 0\r\n\r\n'), want: { product: 'Prometheus' }, facts: { 'http.api': 'prometheus' } },
  { rule: 'http', name: 'not HTTP', input: B('HTTX/1.1 200 OK\r\n\r\n'), want: null },
  // TLS
  { rule: 'tls', name: 'ServerHello TLS 1.2', input: Buffer.from([0x16, 3, 3, 0, 0x31, 2, 0, 0, 0x2d, 3, 3, ...Buffer.alloc(44)]), want: { name: 'ssl/unknown', tls: true, confidence: 1 }, facts: { 'tls.version': 'TLSv1.2' } },
  { rule: 'tls', name: 'handshake_failure alert', input: Buffer.from([0x15, 3, 3, 0, 2, 2, 40]), want: { name: 'ssl/unknown', tls: true, confidence: 0.9 }, facts: { 'tls.alert': 40 } },
  { rule: 'tls', name: 'not TLS', input: B('HTTP/1.1 400 Bad\r\n\r\n'), want: null },
];

describe('service rules: match()', () => {
  const byName = new Map(registry.map((r) => [r.name, r]));
  it.each(cases)('$rule: $name', ({ rule, input, want, facts }) => {
    const r = byName.get(rule);
    expect(r, `rule ${rule} registered`).toBeDefined();
    const got = r?.match(input) ?? null;
    if (want === null) { expect(got).toBeNull(); return; }
    expect(got).toMatchObject(want);
    if (facts !== undefined) { expect(got?.facts).toMatchObject(facts); }
  });

  it('every registered rule has at least one positive and one table case', () => {
    for (const r of registry) { expect(cases.some((c) => c.rule === r.name && c.want !== null), r.name).toBe(true); }
  });
});

describe('VNC security types name a vendor only when vendor-registered', () => {
  it.each([[['1', '2'], undefined], [['2', '16'], undefined], [['19', '2'], undefined], [['2', '30', '35'], 'Apple Remote Desktop'], [['5', '6', '13'], 'RealVNC'], [['17', '2'], 'UltraVNC']] as const)('%j → %s', async (types, want) => {
    const { productFromTypes } = await import('./vnc.js');
    expect(productFromTypes(types)).toBe(want);
  });
});
