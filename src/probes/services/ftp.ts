/**
 * @module probes/services/ftp — FTP (port 21). Spec: RFC 959 §4.2 (replies "220 text", "220-" continuation),
 * RFC 2389 (FEAT). The server greets first; a session sends `FEAT` (read-only, allowed before login) to list
 * extensions (AUTH TLS = explicit FTPS offered) and to confirm a bare "220" banner is FTP, then `QUIT`.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, lines } from '../util.js';
import { endsAtFinalReply } from '../../protocols/line-reply.js';

const PRODUCTS: ReadonlyArray<[RegExp, string]> = [
  [/\(vsFTPd (\d[\w.]*)\)/i, 'vsftpd'],
  [/ProFTPD (\d[\w.]*)/i, 'ProFTPD'],
  [/Pure-FTPd/i, 'Pure-FTPd'],
  [/FileZilla Server(?: version)? ?(\d[\w.]*)?/i, 'FileZilla ftpd'],
  [/Microsoft FTP Service/i, 'Microsoft ftpd'],
  [/ \(?(?:GNU )?inetutils-ftpd\)? (\d[\w.]*)/i, 'GNU Inetutils FTPd'],
  [/Serv-U FTP Server v?(\d[\w.]*)/i, 'Serv-U ftpd'],
  [/wu-(\d[\w.]*)/i, 'WU-FTPD'],
];

export function parseFtp(data: Buffer): ServiceMatch | null {
  const ls = lines(data, 4096);
  const first = ls[0];
  if (first === undefined || !/^(?:220|120|421)[ -]/.test(first)) { return null; }
  const all = ls.join('\n');
  if (/\b(?:E?SMTP|mail|postfix|exim|sendmail)\b/i.test(all) && !/ftp/i.test(all)) { return null; }
  let product: string | undefined;
  let version: string | undefined;
  for (const [re, name] of PRODUCTS) {
    const m = re.exec(all);
    if (m !== null) { product = name; version = m[1]; break; }
  }
  const ftpWord = /ftp/i.test(all);
  return compact({
    name: 'ftp', product, version,
    confidence: product !== undefined ? 1 : ftpWord ? 0.9 : 0.5,
    facts: { 'ftp.banner': clean(all, 512) },
  });
}

export const ftpRule: ProbeRule = {
  name: 'ftp',
  service: 'ftp',
  ports: [21, 2121],
  banner: true,
  match: parseFtp,
  async session(conn, m, ctx) {
    const r = await conn.exchange('FEAT\r\n', { timeoutMs: ctx.readTimeoutMs, maxBytes: 8192, until: endsAtFinalReply });
    const ls = lines(r.data, 8192);
    const code = /^(\d{3})/.exec(ls[0] ?? '')?.[1];
    conn.write('QUIT\r\n');
    if (code === undefined || /^\d{3}[ -][245]\.\d{1,3}\.\d{1,3}/.test(ls[0] ?? '')) { return m; } // enhanced codes: SMTP
    const features = code === '211' ? ls.slice(1, -1).map((l) => clean(l, 80)).slice(0, 64) : [];
    return { ...m, confidence: Math.max(m.confidence, 0.9), facts: { ...m.facts, 'ftp.features': features } };
  },
  cpe: { vsftpd: 'vsftpd:vsftpd', ProFTPD: 'proftpd:proftpd', 'FileZilla ftpd': 'filezilla-project:filezilla_server' },
};
