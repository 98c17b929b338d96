/**
 * @module checks/smtp — `smtp-no-starttls` and `smtp-open-relay` (ports 25/587, RFC 5321, STARTTLS RFC 3207).
 * no-starttls: EHLO and look for the STARTTLS keyword. open-relay: EHLO, MAIL FROM a lab-only address
 * (example.net), RCPT TO a foreign lab-only domain (example.org); a 250/251 to RCPT proves the server would relay.
 * The relay check never sends DATA: it ends with RSET and QUIT, so no message is ever accepted for delivery.
 */
import type { Conn } from '../net/dialer.js';
import type { PortResult } from '../core/types.js';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, replyCode, replyLines, replyOpts, withConn } from './session.js';
import { implicitTls } from './facts.js';
import { REF, sansPort } from './refs.js';

const EHLO_NAME = 'gatehouse.example.net';
export const RELAY_FROM = 'gatehouse-relay-check@example.net';
export const RELAY_TO = 'relay-test@example.org';

const notTls = (p: PortResult): boolean => !implicitTls(p);

/** Greeting then EHLO; the EHLO keywords upper-cased, or a not-run outcome. */
async function ehlo(conn: Conn, ctx: CheckContext): Promise<string[] | CheckOutcome> {
  const hello = await conn.exchange(null, replyOpts(ctx));
  if (replyCode(hello.data) !== 220) { return notRun(`no 220 greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
  const r = await conn.exchange(`EHLO ${EHLO_NAME}\r\n`, replyOpts(ctx));
  if (replyCode(r.data) !== 250) { return notRun(`EHLO refused (got "${firstLine(r.data)}")`, conn.exchanges); }
  return replyLines(r.data).slice(1).map((l) => l.trim().toUpperCase());
}

export const smtpNoStarttls: Check = {
  id: 'smtp-no-starttls',
  title: 'SMTP without STARTTLS',
  severity: 'medium',
  services: ['smtp', 'submission'],
  applies: notTls,
  proves: 'The EHLO reply lists no STARTTLS: mail, and any SMTP AUTH credentials, can only be sent to this server in clear.',
  probe: 'Read the 220 greeting, EHLO gatehouse.example.net, QUIT.',
  remediation: 'Enable STARTTLS with a valid certificate (Postfix: smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level=may; =encrypt on submission).',
  references: [REF.rfc3207, REF.rfc8314, REF.cwe319, sansPort(25)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const kw = await ehlo(conn, ctx);
      await conn.exchange('QUIT\r\n', replyOpts(ctx));
      if (!Array.isArray(kw)) { return kw; }
      if (kw.some((k) => k === 'STARTTLS' || k.startsWith('STARTTLS '))) { return secure('EHLO advertises STARTTLS.', conn.exchanges); }
      const auth = kw.find((k) => k.startsWith('AUTH'));
      return vulnerable(`EHLO lists no STARTTLS${auth ? `, yet offers ${auth} in clear` : ''}.`, conn.exchanges,
        { ...(auth ? { severity: 'high' as const } : {}), details: { extensions: kw.slice(0, 30) } });
    });
  },
};

export const smtpOpenRelay: Check = {
  id: 'smtp-open-relay',
  title: 'SMTP open relay',
  severity: 'critical',
  services: ['smtp', 'submission'],
  proves: 'Without authentication the server accepted a recipient in a foreign domain for a sender in another foreign domain: anyone can send mail through it.',
  probe: `EHLO, MAIL FROM:<${RELAY_FROM}>, RCPT TO:<${RELAY_TO}>, then RSET and QUIT (never DATA: no message is sent).`,
  remediation: 'Relay only for authenticated users and your own networks (Postfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination; keep mynetworks to your own hosts).',
  references: [REF.rfc5321, REF.postfixRelay, REF.cwe284, sansPort(25)],
  async run(ctx) {
    if (implicitTls(ctx.port)) { return notRun('the port speaks implicit TLS; the relay check runs on cleartext SMTP only'); }
    return withConn(ctx, async (conn) => {
      const kw = await ehlo(conn, ctx);
      if (!Array.isArray(kw)) { conn.write('QUIT\r\n'); return kw; }
      const from = await conn.exchange(`MAIL FROM:<${RELAY_FROM}>\r\n`, replyOpts(ctx));
      const fc = replyCode(from.data);
      let rc: number | null = null;
      let rcpt: Buffer | null = null;
      if (fc === 250) {
        const r = await conn.exchange(`RCPT TO:<${RELAY_TO}>\r\n`, replyOpts(ctx));
        rc = replyCode(r.data);
        rcpt = r.data;
      }
      await conn.exchange('RSET\r\n', replyOpts(ctx));
      await conn.exchange('QUIT\r\n', replyOpts(ctx));
      if (fc === 530) { return notRun(`the server requires STARTTLS or AUTH before MAIL ("${firstLine(from.data)}"); relaying over TLS is not tested`, conn.exchanges); }
      if (fc !== 250) {
        return fc !== null && fc >= 500 ? secure(`MAIL FROM refused: "${firstLine(from.data)}".`, conn.exchanges)
          : notRun(`MAIL FROM not accepted (got "${firstLine(from.data)}")`, conn.exchanges);
      }
      if (rc === 250 || rc === 251) {
        return vulnerable(`RCPT TO:<${RELAY_TO}> accepted without authentication: "${firstLine(rcpt ?? Buffer.alloc(0))}".`, conn.exchanges);
      }
      if (rc !== null && rc >= 400) { return secure(`Relay refused: "${firstLine(rcpt ?? Buffer.alloc(0))}".`, conn.exchanges); }
      return notRun('no usable answer to RCPT TO', conn.exchanges);
    });
  },
};
