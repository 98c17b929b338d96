/**
 * @module probes/services/smtp — SMTP (ports 25, 465 over TLS, 587). Spec: RFC 5321 §4.2 (greeting "220 domain
 * text"), §4.1.1.1 (EHLO reply lists extensions), RFC 3207 (STARTTLS). The server greets first; the session sends
 * `EHLO gatehouse.invalid` (read-only) to record the extensions, then `QUIT`. Never MAIL/RCPT here.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, lines } from '../util.js';
import { endsAtFinalReply } from '../../protocols/line-reply.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/ESMTP Postfix/i, 'Postfix smtpd'],
  [/\bExim (\d[\w.]*)/i, 'Exim smtpd'],
  [/\bSendmail (\d[\w.]*)(?:\/[\w.]+)?/i, 'Sendmail'],
  [/Microsoft ESMTP MAIL Service(?:, Version: (\d[\w.]*))?/i, 'Microsoft ESMTP'],
  [/\bOpenSMTPD\b/i, 'OpenSMTPD'],
  [/\bHaraka\/?(\d[\w.]*)?/i, 'Haraka smtpd'],
  [/\bMailEnable\b/i, 'MailEnable smtpd'],
  [/\bqmail\b/i, 'qmail smtpd'],
  [/\bCourier\b/i, 'Courier smtpd'],
];

export function parseSmtp(data: Buffer): ServiceMatch | null {
  const ls = lines(data, 4096);
  const first = ls[0];
  if (first === undefined || !/^(?:220|421|554)[ -]/.test(first)) { return null; }
  const all = ls.join('\n');
  if (/ftp/i.test(all) && !/smtp/i.test(all)) { return null; }
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const m = re.exec(all);
    if (m !== null) { product = name; version = m[1]; break; }
  }
  const smtpWord = /\bE?SMTP\b|\bmail/i.test(all);
  const host = /^220[ -](\S+)/.exec(first)?.[1];
  return compact({
    name: 'smtp', product, version,
    extraInfo: undefined,
    confidence: product !== undefined ? 1 : smtpWord ? 0.9 : 0.5,
    facts: compact({ 'smtp.banner': clean(all, 512), 'smtp.hostname': host !== undefined ? clean(host, 128) : undefined }),
  });
}

/** EHLO reply → extension keywords (first line is the greeting, not an extension). */
export function parseEhlo(data: Buffer): string[] | null {
  const ls = lines(data, 8192);
  if (ls.length === 0 || !ls.every((l) => /^250[ -]/.test(l))) { return null; }
  return ls.slice(1).map((l) => clean(l.slice(4), 120)).slice(0, 64);
}

export const smtpRule: ProbeRule = {
  name: 'smtp',
  service: 'smtp',
  ports: [25, 587, 2525],
  banner: true,
  match: parseSmtp,
  async session(conn, m, ctx) {
    const r = await conn.exchange('EHLO gatehouse.invalid\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 8192, until: endsAtFinalReply });
    conn.write('QUIT\r\n');
    const ext = parseEhlo(r.data);
    if (ext === null) { return m; }
    const starttls = ext.some((e) => /^STARTTLS\b/i.test(e));
    return { ...m, name: 'smtp', confidence: 1, facts: { ...m.facts, 'smtp.ehlo': ext, 'smtp.starttls': starttls } };
  },
  cpe: { 'Exim smtpd': 'exim:exim', Sendmail: 'sendmail:sendmail' },
};
