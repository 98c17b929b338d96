/**
 * @module probes/services/pop3 — POP3 (port 110; 995 is POP3 over TLS). Spec: RFC 1939 §4 (greeting "+OK"),
 * RFC 2449 (CAPA), RFC 2595 (STLS). The server greets first; the session sends `CAPA` (read-only) and `QUIT`.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, firstLine, lines } from '../util.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/Dovecot/i, 'Dovecot pop3d'],
  [/Cyrus POP3 v?(\d[\w.-]*)/i, 'Cyrus pop3d'],
  [/Courier-?IMAP|Courier POP3/i, 'Courier pop3d'],
  [/Qpopper.*?version (\d[\w.]*)/i, 'Qpopper'],
  [/Microsoft Exchange/i, 'Microsoft Exchange pop3d'],
];

export function parsePop3(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 1024);
  if (!/^\+OK(?: |$)/.test(line)) { return null; }
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const m = re.exec(line);
    if (m !== null) { product = name; version = m[1]; break; }
  }
  // "+OK" alone is a weak sign; a timestamp banner (APOP, "<…@…>") or POP3/ready wording is strong.
  const strong = product !== undefined || /POP3?|<[^>]+@[^>]+>|ready/i.test(line);
  return compact({ name: 'pop3', product, version, confidence: strong ? 0.9 : 0.6, facts: { 'pop3.banner': clean(line) } });
}

const capaDone = (d: Buffer): boolean => /^-ERR.*\r?\n/.test(d.toString('latin1', 0, 64)) || /(?:^|\n)\.\r?\n$/.test(d.toString('latin1'));

export const pop3Rule: ProbeRule = {
  name: 'pop3',
  service: 'pop3',
  ports: [110],
  banner: true,
  match: parsePop3,
  async session(conn, m, ctx) {
    const r = await conn.exchange('CAPA\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 8192, until: capaDone });
    conn.write('QUIT\r\n');
    const ls = lines(r.data, 8192);
    if (ls[0]?.startsWith('+OK') !== true) { return m; }
    const capa = ls.slice(1).filter((l) => l !== '.').map((l) => clean(l, 80)).slice(0, 64);
    return { ...m, confidence: 1, facts: { ...m.facts, 'pop3.capa': capa, 'pop3.stls': capa.some((c) => /^STLS\b/i.test(c)) } };
  },
};
