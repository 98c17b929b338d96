/**
 * @module checks/ftp — `ftp-cleartext` and `ftp-anonymous-login` (port 21, RFC 959; FTPS RFC 4217).
 * cleartext: reads the 220 greeting and sends FEAT; a server that advertises no `AUTH TLS`/`AUTH SSL` cannot
 * protect logins. anonymous: USER anonymous / PASS with a lab-only address (RFC 1635); a 230 proves anonymous
 * access. Both end with QUIT; no file is listed, read or written.
 */
import type { PortResult } from '../core/types.js';
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, replyCode, replyLines, replyOpts, withConn } from './session.js';
import { implicitTls } from './facts.js';
import { REF, sansPort } from './refs.js';

/** Extra wait for the reply to PASS: a refused login is answered only after the server's penalty delay. */
const FAILED_LOGIN_DELAY_MS = 6000;

const notTls = (p: PortResult): boolean => !implicitTls(p);

export const ftpCleartext: Check = {
  id: 'ftp-cleartext',
  title: 'FTP without TLS',
  severity: 'medium',
  services: ['ftp'],
  applies: notTls,
  proves: 'The FTP server offers no AUTH TLS (FEAT lists none): user names, passwords and files cross the network in clear.',
  probe: 'Read the 220 greeting, send FEAT, read the feature list, QUIT.',
  remediation: 'Enable FTPS (vsftpd: ssl_enable=YES, force_local_logins_ssl=YES, force_local_data_ssl=YES) or replace FTP with SFTP.',
  references: [REF.rfc4217, REF.cwe319, REF.vsftpdConf, sansPort(21)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, replyOpts(ctx));
      if (replyCode(hello.data) !== 220) { return notRun(`no 220 greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
      const feat = await conn.exchange('FEAT\r\n', replyOpts(ctx));
      await conn.exchange('QUIT\r\n', replyOpts(ctx));
      const code = replyCode(feat.data);
      if (code === null) { return notRun('no answer to FEAT', conn.exchanges); }
      const auth = replyLines(feat.data).map((l) => l.trim().toUpperCase()).filter((l) => /^AUTH\b/.test(l));
      if (code === 211 && auth.some((l) => /\b(TLS|SSL)\b/.test(l))) {
        return secure(`FEAT advertises ${auth.join(', ')}.`, conn.exchanges);
      }
      return vulnerable(code === 211 ? 'FEAT lists no AUTH TLS: the control channel, logins included, can only run in clear.'
        : `The server does not support FEAT (reply ${code}), so it offers no AUTH TLS.`, conn.exchanges);
    });
  },
};

export const ftpAnonymousLogin: Check = {
  id: 'ftp-anonymous-login',
  title: 'FTP anonymous login allowed',
  severity: 'high',
  services: ['ftp'],
  applies: notTls,
  proves: 'The server accepted USER anonymous with an e-mail address as password (230 reply): anyone can log in.',
  probe: 'USER anonymous, PASS gatehouse@example.net, then QUIT (nothing is listed or transferred).',
  remediation: 'Disable anonymous FTP (vsftpd: anonymous_enable=NO) unless it is a deliberate public read-only archive, kept off any writable path.',
  references: [REF.rfc1635, REF.cwe284, REF.vsftpdConf, sansPort(21)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, replyOpts(ctx));
      if (replyCode(hello.data) !== 220) { return notRun(`no 220 greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
      const user = await conn.exchange('USER anonymous\r\n', replyOpts(ctx));
      const uc = replyCode(user.data);
      let final = uc;
      let last = user.data;
      if (uc === 331) {
        // servers delay a failed login (vsftpd: delay_failed_login), so the answer to PASS gets extra time
        const pass = await conn.exchange('PASS gatehouse@example.net\r\n', { ...replyOpts(ctx), timeoutMs: ctx.readTimeoutMs + FAILED_LOGIN_DELAY_MS });
        final = replyCode(pass.data);
        last = pass.data;
      }
      await conn.exchange('QUIT\r\n', replyOpts(ctx));
      if (final === 230) {
        return vulnerable(`Anonymous login accepted: "${firstLine(last)}".`, conn.exchanges);
      }
      if (final !== null && final >= 400) { return secure(`Anonymous login refused: "${firstLine(last)}".`, conn.exchanges); }
      return notRun(`unexpected reply to the anonymous login: "${firstLine(last)}"`, conn.exchanges);
    });
  },
};
