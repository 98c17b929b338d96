/**
 * @module checks/pop-imap — `pop3-cleartext` (port 110, RFC 1939 + STLS RFC 2595) and `imap-cleartext` (port
 * 143, RFC 9051 + STARTTLS RFC 2595). Reads the greeting, asks for the capabilities (CAPA / a1 CAPABILITY) and
 * reports the service when it offers no STLS/STARTTLS, i.e. mailbox passwords can only cross the network in clear.
 * Ends with QUIT / a2 LOGOUT; nothing is logged in to.
 */
import type { PortResult } from '../core/types.js';
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, lineOpts, withConn, REPLY_MAX } from './session.js';
import { implicitTls } from './facts.js';
import { REF, sansPort } from './refs.js';

const notTls = (p: PortResult): boolean => !implicitTls(p);

/** CAPA reply complete: "-ERR" line or the terminating "." line. */
export function capaComplete(d: Buffer): boolean {
  const s = d.toString('latin1');
  return /^-ERR[^\n]*\n/.test(s) || /\r?\n\.\r?\n/.test(s) || /^\.\r?\n/.test(s);
}

/** IMAP tagged reply complete for `tag`. */
export function taggedComplete(tag: string): (d: Buffer) => boolean {
  const re = new RegExp(`(^|\\n)${tag} (OK|NO|BAD)[^\\n]*\\n`);
  return (d) => re.test(d.toString('latin1'));
}

/** Capability atoms from an IMAP reply (the untagged CAPABILITY line or [CAPABILITY …] response codes). */
export function imapCapabilities(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^\* CAPABILITY|\[CAPABILITY) ([^\]\r\n]*)/gim)) {
    for (const a of (m[1] ?? '').split(' ')) { if (a) { out.add(a.toUpperCase()); } }
  }
  return [...out];
}

export const pop3Cleartext: Check = {
  id: 'pop3-cleartext',
  title: 'POP3 without STLS',
  severity: 'medium',
  services: ['pop3'],
  applies: notTls,
  proves: 'The POP3 server offers no STLS in its CAPA list: mailbox passwords and mail can only be read over it in clear.',
  probe: 'Read the +OK greeting, send CAPA, QUIT.',
  remediation: 'Enable TLS (Dovecot: ssl = required) and offer POP3S on 995 or STLS, with plaintext logins refused before TLS (disable_plaintext_auth = yes).',
  references: [REF.rfc2595, REF.rfc8314, REF.cwe319, REF.dovecotSsl, sansPort(110)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, lineOpts(ctx));
      if (!hello.data.toString('latin1').startsWith('+OK')) { return notRun(`no +OK greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
      const capa = await conn.exchange('CAPA\r\n', { until: capaComplete, maxBytes: REPLY_MAX, timeoutMs: ctx.readTimeoutMs });
      await conn.exchange('QUIT\r\n', lineOpts(ctx));
      const text = capa.data.toString('latin1');
      if (!text.startsWith('+OK')) { return vulnerable(`CAPA is not supported ("${firstLine(capa.data)}"), so STLS is not offered.`, conn.exchanges); }
      const caps = text.split(/\r?\n/).slice(1).map((l) => l.trim().toUpperCase()).filter((l) => l && l !== '.');
      if (caps.includes('STLS')) { return secure('CAPA advertises STLS.', conn.exchanges); }
      const plain = caps.filter((c) => c === 'USER' || c.startsWith('SASL'));
      return vulnerable(`CAPA lists no STLS${plain.length > 0 ? `; it offers ${plain.join(', ')} in clear` : ''}.`, conn.exchanges, { details: { capabilities: caps.slice(0, 30) } });
    });
  },
};

export const imapCleartext: Check = {
  id: 'imap-cleartext',
  title: 'IMAP without STARTTLS',
  severity: 'medium',
  services: ['imap'],
  applies: notTls,
  proves: 'The IMAP server lists no STARTTLS capability: mailbox passwords and mail can only be read over it in clear.',
  probe: 'Read the * OK greeting, send a1 CAPABILITY, a2 LOGOUT.',
  remediation: 'Enable TLS (Dovecot: ssl = required) and offer IMAPS on 993 or STARTTLS, with plaintext logins refused before TLS (disable_plaintext_auth = yes).',
  references: [REF.rfc2595, REF.rfc8314, REF.cwe319, REF.dovecotSsl, sansPort(143)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, lineOpts(ctx));
      if (!/^\* (OK|PREAUTH)/i.test(hello.data.toString('latin1'))) { return notRun(`no * OK greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
      const cap = await conn.exchange('a1 CAPABILITY\r\n', { until: taggedComplete('a1'), maxBytes: REPLY_MAX, timeoutMs: ctx.readTimeoutMs });
      await conn.exchange('a2 LOGOUT\r\n', { until: taggedComplete('a2'), maxBytes: REPLY_MAX, timeoutMs: ctx.readTimeoutMs });
      const caps = imapCapabilities(cap.data.toString('latin1'));
      if (caps.length === 0) { return notRun('no CAPABILITY list in the reply', conn.exchanges); }
      if (caps.includes('STARTTLS')) { return secure('CAPABILITY lists STARTTLS.', conn.exchanges); }
      const loginOk = !caps.includes('LOGINDISABLED');
      return vulnerable(`CAPABILITY lists no STARTTLS${loginOk ? ' and LOGIN is not disabled' : ''}.`, conn.exchanges, { details: { capabilities: caps.slice(0, 30) } });
    });
  },
};
