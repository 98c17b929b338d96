/**
 * @module probes/services/nntp — NNTP (port 119; 563 over TLS). Spec: RFC 3977 §5.1 (greeting 200 = posting
 * allowed, 201 = no posting), §5.2 (CAPABILITIES, first line "101", "VERSION 2"). The server greets first; the
 * session sends `CAPABILITIES` to confirm, then `QUIT`.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, firstLine, lines } from '../util.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/INN (\d[\w.]*)/i, 'INN nnrpd'],
  [/Leafnode(?: NNTP daemon, version)? ?(\d[\w.]*)?/i, 'Leafnode'],
  [/Diablo/i, 'Diablo'],
];

export function parseNntp(data: Buffer): ServiceMatch | null {
  const line = firstLine(data, 1024);
  const m = /^(20[01]|400|502) (.*)$/.exec(line);
  if (m === null) { return null; }
  const rest = m[2] as string;
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const pm = re.exec(rest);
    if (pm !== null) { product = name; version = pm[1]; break; }
  }
  const strong = product !== undefined || /\b(?:NNTP|NNRP|news)/i.test(rest);
  if (!strong && m[1] !== '200' && m[1] !== '201') { return null; }
  return compact({
    name: 'nntp', product, version, confidence: strong ? 0.9 : 0.5,
    facts: { 'nntp.banner': clean(line), 'nntp.posting': m[1] === '200' },
  });
}

export const nntpRule: ProbeRule = {
  name: 'nntp',
  service: 'nntp',
  ports: [119],
  banner: true,
  match: parseNntp,
  async session(conn, m, ctx) {
    const r = await conn.exchange('CAPABILITIES\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 8192, until: (d) => /(?:^|\n)\.\r?\n$/.test(d.toString('latin1')) || /^[45]\d\d .*\n/.test(d.toString('latin1', 0, 200)) });
    conn.write('QUIT\r\n');
    const ls = lines(r.data);
    if (ls[0]?.startsWith('101') === true && ls.some((l) => /^VERSION \d/.test(l))) {
      const impl = ls.find((l) => /^IMPLEMENTATION /i.test(l))?.slice(15);
      return compact({ ...m, confidence: 1, extraInfo: impl !== undefined ? clean(impl, 80) : m.extraInfo });
    }
    return m;
  },
};
