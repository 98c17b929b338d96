/**
 * @module probes/services/imap — IMAP (port 143; 993 is IMAP over TLS). Spec: RFC 9051 §7.1 (greeting
 * "* OK [CAPABILITY …] text"), §6.1.1 (CAPABILITY), RFC 2595 (STARTTLS). The server greets first; when the
 * greeting carries no capability list the session sends `a1 CAPABILITY`, then `a2 LOGOUT` (read-only).
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, firstLine, lines } from '../util.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/Dovecot/i, 'Dovecot imapd'],
  [/Cyrus IMAP(?:4)? v?(\d[\w.-]*)/i, 'Cyrus imapd'],
  [/Courier-IMAP/i, 'Courier imapd'],
  [/Microsoft Exchange/i, 'Microsoft Exchange imapd'],
  [/UW IMAP4rev1 (\d[\w.]*)/i, 'UW imapd'],
];

function capabilitiesIn(s: string): string[] | null {
  const m = /\[CAPABILITY ([^\]]*)\]/i.exec(s) ?? /^\* CAPABILITY (.*)$/im.exec(s);
  return m === null ? null : (m[1] as string).split(/\s+/).filter((c) => c !== '').map((c) => clean(c, 64)).slice(0, 128);
}

export function parseImap(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 2048);
  if (!/^\* (?:OK|PREAUTH|BYE)(?: |$)/i.test(line)) { return null; }
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const m = re.exec(line);
    if (m !== null) { product = name; version = m[1]; break; }
  }
  const caps = capabilitiesIn(line);
  const strong = product !== undefined || caps !== null || /IMAP/i.test(line);
  return compact({
    name: 'imap', product, version, confidence: strong ? 1 : 0.7,
    facts: compact({ 'imap.banner': clean(line, 512), 'imap.capabilities': caps ?? undefined, 'imap.starttls': caps !== null ? caps.includes('STARTTLS') : undefined }),
  });
}

export const imapRule: ProbeRule = {
  name: 'imap',
  service: 'imap',
  ports: [143],
  banner: true,
  match: parseImap,
  async session(conn, m, ctx) {
    if (m.facts?.['imap.capabilities'] !== undefined) { conn.write('a2 LOGOUT\r\n'); return m; }
    const r = await conn.exchange('a1 CAPABILITY\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 8192, until: (d) => /(?:^|\n)a1 /.test(d.toString('latin1')) && d[d.length - 1] === 0x0a });
    conn.write('a2 LOGOUT\r\n');
    const caps = capabilitiesIn(lines(r.data, 8192).join('\n'));
    if (caps === null) { return m; }
    return { ...m, confidence: 1, facts: { ...m.facts, 'imap.capabilities': caps, 'imap.starttls': caps.includes('STARTTLS') } };
  },
};
