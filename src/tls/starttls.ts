/**
 * @module tls/starttls — the plaintext preambles that turn a connection into one ready for a ClientHello:
 * SMTP (RFC 3207: EHLO, STARTTLS → 220), IMAP (RFC 3501 §6.2.1: STARTTLS → OK), POP3 (RFC 2595: STLS → +OK),
 * FTP (RFC 4217: AUTH TLS → 234), PostgreSQL (SSLRequest → 'S'), MySQL (initial handshake with CLIENT_SSL, then an
 * SSL request packet), LDAP (RFC 4511 §4.14: StartTLS extended request → resultCode 0), XMPP (RFC 6120 §5:
 * <starttls/> → <proceed/>). Every read is bounded (8 KiB, the caller's deadline); a refusal throws
 * GH_ERR_STARTTLS with the server's words as evidence.
 */
import type { Conn } from '../net/dialer.js';
import { escapeText } from '../core/escape.js';
import { GatehouseError } from '../errors/index.js';
import { berComplete, berInt, tlv } from '../protocols/ber.js';

export const STARTTLS_KINDS = ['smtp', 'imap', 'pop3', 'ftp', 'postgres', 'mysql', 'ldap', 'xmpp'] as const;
export type StarttlsKind = typeof STARTTLS_KINDS[number];

const MAX = 8192;

function refuse(kind: string, why: string, got: Buffer): never {
  throw new GatehouseError('GH_ERR_STARTTLS', `${kind} STARTTLS refused: ${why}: ${escapeText(got, 200)}`);
}

/** Reads until `done(text)` holds; returns the text (latin1). */
async function until(conn: Conn, send: string | Buffer | null, done: (t: string) => boolean, timeoutMs: number): Promise<Buffer> {
  const r = await conn.exchange(send, { maxBytes: MAX, timeoutMs, until: (d) => done(d.toString('latin1')) });
  return r.data;
}

/** An SMTP/FTP reply is complete at a line `NNN <text>` (a final line, not `NNN-`). */
const replyDone = (t: string): boolean => /(^|\n)\d{3}( [^\n]*)?\r?\n/.test(t);
const replyCode = (b: Buffer): string => { const m = /(?:^|\n)(\d{3})(?: [^\n]*)?\r?\n$/.exec(b.toString('latin1')); return m?.[1] ?? ''; };

async function smtp(conn: Conn, host: string, t: number): Promise<void> {
  const banner = await until(conn, null, replyDone, t);
  if (replyCode(banner) !== '220') { refuse('smtp', 'no 220 greeting', banner); }
  const ehlo = await until(conn, `EHLO ${host}\r\n`, replyDone, t);
  if (replyCode(ehlo) !== '250') { refuse('smtp', 'EHLO rejected', ehlo); }
  if (!/STARTTLS/i.test(ehlo.toString('latin1'))) { refuse('smtp', 'STARTTLS not advertised', ehlo); }
  const go = await until(conn, 'STARTTLS\r\n', replyDone, t);
  if (replyCode(go) !== '220') { refuse('smtp', 'STARTTLS answered', go); }
}

async function imap(conn: Conn, t: number): Promise<void> {
  const line = (s: string): boolean => /\r?\n/.test(s);
  const banner = await until(conn, null, line, t);
  if (!/^\* (OK|PREAUTH)/i.test(banner.toString('latin1'))) { refuse('imap', 'no OK greeting', banner); }
  const go = await until(conn, 'gh1 STARTTLS\r\n', (s) => /(^|\n)gh1 [^\n]*\n/.test(s), t);
  if (!/(^|\n)gh1 OK/i.test(go.toString('latin1'))) { refuse('imap', 'STARTTLS answered', go); }
}

async function pop3(conn: Conn, t: number): Promise<void> {
  const line = (s: string): boolean => /\r?\n/.test(s);
  const banner = await until(conn, null, line, t);
  if (!banner.toString('latin1').startsWith('+OK')) { refuse('pop3', 'no +OK greeting', banner); }
  const go = await until(conn, 'STLS\r\n', line, t);
  if (!go.toString('latin1').startsWith('+OK')) { refuse('pop3', 'STLS answered', go); }
}

async function ftp(conn: Conn, t: number): Promise<void> {
  const banner = await until(conn, null, replyDone, t);
  if (replyCode(banner) !== '220') { refuse('ftp', 'no 220 greeting', banner); }
  const go = await until(conn, 'AUTH TLS\r\n', replyDone, t);
  if (replyCode(go) !== '234') { refuse('ftp', 'AUTH TLS answered', go); }
}

async function postgres(conn: Conn, t: number): Promise<void> {
  const req = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);   // length 8, code 80877103
  const r = await conn.exchange(req, { maxBytes: 1, timeoutMs: t, until: (d) => d.length >= 1 });
  if (r.data[0] !== 0x53) { refuse('postgres', 'SSLRequest answered', r.data); }   // 'S' = go ahead, 'N' = no TLS
}

async function mysql(conn: Conn, t: number): Promise<void> {
  const packetDone = (d: Buffer): boolean => d.length >= 4 && d.length >= 4 + d.readUIntLE(0, 3);
  const hs = (await conn.exchange(null, { maxBytes: MAX, timeoutMs: t, until: packetDone })).data;
  if (!packetDone(hs) || hs[4] !== 10) { refuse('mysql', 'no protocol-10 handshake', hs); }
  const nul = hs.indexOf(0, 5);
  const capsAt = nul + 1 + 4 + 8 + 1;                               // after version\0, thread id, auth-data-1, filler
  if (nul < 0 || hs.length < capsAt + 2) { refuse('mysql', 'short handshake', hs); }
  const caps = hs.readUInt16LE(capsAt);
  if ((caps & 0x0800) === 0) { refuse('mysql', 'server does not offer CLIENT_SSL', hs); }
  const body = Buffer.alloc(32);
  body.writeUInt32LE(0x0800 | 0x0200 | 0x8000 | 0x0001 | 0x80000, 0); // SSL, PROTOCOL_41, SECURE_CONNECTION, LONG_PASSWORD, PLUGIN_AUTH
  body.writeUInt32LE(1 << 24, 4);
  body[8] = 0x21;                                                    // utf8_general_ci
  const head = Buffer.from([32, 0, 0, 1]);
  conn.write(Buffer.concat([head, body]));
}

async function ldap(conn: Conn, t: number): Promise<void> {
  const oid = Buffer.from('1.3.6.1.4.1.1466.20037', 'ascii');
  const req = tlv(0x30, Buffer.concat([berInt(1), tlv(0x77, tlv(0x80, oid))]));   // messageID 1, [APPLICATION 23] { requestName [0] }
  const r = await conn.exchange(req, { maxBytes: MAX, timeoutMs: t, until: berComplete });
  // ExtendedResponse [APPLICATION 24] = 0x78, then resultCode ENUMERATED (0x0a 0x01 code).
  const at = r.data.indexOf(0x78);
  const code = at >= 0 ? r.data.indexOf(Buffer.from([0x0a, 0x01]), at) : -1;
  if (code < 0 || r.data[code + 2] !== 0) { refuse('ldap', 'StartTLS extended response', r.data); }
}

async function xmpp(conn: Conn, host: string, t: number): Promise<void> {
  const open = `<?xml version='1.0'?><stream:stream to='${host.replace(/[<>'"&]/g, '')}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
  const feats = await until(conn, open, (s) => /<\/stream:features>|<stream:error/.test(s), t);
  if (!/<starttls/.test(feats.toString('latin1'))) { refuse('xmpp', 'starttls not offered', feats); }
  const go = await until(conn, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", (s) => /<proceed|<failure/.test(s), t);
  if (!/<proceed/.test(go.toString('latin1'))) { refuse('xmpp', 'starttls answered', go); }
}

/** Runs the preamble of `kind`; on return the next bytes on `conn` belong to TLS. */
export async function starttls(kind: StarttlsKind, conn: Conn, host: string, timeoutMs = 5000): Promise<void> {
  switch (kind) {
    case 'smtp': return smtp(conn, host, timeoutMs);
    case 'imap': return imap(conn, timeoutMs);
    case 'pop3': return pop3(conn, timeoutMs);
    case 'ftp': return ftp(conn, timeoutMs);
    case 'postgres': return postgres(conn, timeoutMs);
    case 'mysql': return mysql(conn, timeoutMs);
    case 'ldap': return ldap(conn, timeoutMs);
    case 'xmpp': return xmpp(conn, host, timeoutMs);
  }
}

/** The STARTTLS dialect a scanned service name implies, if any. */
export function starttlsFor(service: string, port: number): StarttlsKind | null {
  const s = service.toLowerCase();
  if (s === 'smtp' || s === 'submission' || (s === 'unknown' && (port === 25 || port === 587))) { return 'smtp'; }
  if (s === 'imap' || s === 'imap4') { return 'imap'; }
  if (s === 'pop3') { return 'pop3'; }
  if (s === 'ftp') { return 'ftp'; }
  if (s === 'postgresql' || s === 'postgres') { return 'postgres'; }
  if (s === 'mysql') { return 'mysql'; }
  if (s === 'ldap') { return 'ldap'; }
  if (s === 'xmpp-client' || s === 'xmpp') { return 'xmpp'; }
  return null;
}
