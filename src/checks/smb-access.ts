/**
 * @module checks/smb-access — SMB configuration checks on port 445 (or 139 after a NetBIOS session), over the
 * read-only conversations of protocols/smb-client ([MS-SMB2], [MS-NLMP], [MS-SRVS], [MS-CIFS]):
 *   `smb-signing-not-required` — the SMB2 NEGOTIATE response's SecurityMode lacks SIGNING_REQUIRED (relay attacks);
 *   `smb-v1-enabled` — an SMB1 NEGOTIATE offering only "NT LM 0.12" is accepted (EternalBlue-class exposure);
 *   `smb-guest-access` — an anonymous, else guest (unknown user, empty password) NTLMSSP session lists the shares
 *   through \PIPE\srvsvc or opens one (TREE_CONNECT). Nothing is read from or written to any share.
 */
import type { Exchange } from '../core/types.js';
import type { Conn } from '../net/dialer.js';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';
import { sessionRequest } from './smb.js';
import { DIALECT_NAMES, SESSION_IS_GUEST, SESSION_IS_NULL } from '../protocols/smb.js';
import { Smb2Client, smb1Probe } from '../protocols/smb-client.js';
import type { Share } from '../protocols/srvsvc.js';

const SMB_NAMES = ['microsoft-ds', 'smb'];
const MS_SIGNING = 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/overview-server-message-block-signing';
const MS_SMB1 = 'https://learn.microsoft.com/en-us/windows-server/storage/file-server/troubleshoot/detect-enable-and-disable-smbv1-v2-v3';
const SAMBA_CONF = 'https://www.samba.org/samba/docs/current/man-html/smb.conf.5.html';

/** On 139, the NetBIOS session request must be accepted first. */
async function transport(conn: Conn, ctx: CheckContext): Promise<boolean> {
  if (ctx.port.port !== 139 && ctx.port.service.name !== 'netbios-ssn') { return true; }
  const r = await conn.exchange(sessionRequest(), { until: (d) => d.length >= 4, maxBytes: 64, timeoutMs: ctx.readTimeoutMs });
  return r.data[0] === 0x82;
}

export const smbSigningNotRequired: Check = {
  id: 'smb-signing-not-required',
  title: 'SMB signing is not required',
  severity: 'medium',
  services: SMB_NAMES,
  proves: 'The SMB2 NEGOTIATE response does not set SIGNING_REQUIRED: sessions may run unsigned, so an attacker on the path can relay NTLM authentications to this server (ntlmrelayx) or tamper with traffic.',
  probe: 'SMB2 NEGOTIATE (dialects 2.0.2–3.0.2); the SecurityMode of the response is read; no session is set up.',
  remediation: 'Require signing: Windows "Microsoft network server: Digitally sign communications (always)" (RequireSecuritySignature = 1); Samba `server signing = mandatory`.',
  references: [MS_SIGNING, SAMBA_CONF, REF.cwe287, sansPort(445)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      if (!(await transport(conn, ctx))) { return notRun('the NetBIOS session request was not accepted', conn.exchanges); }
      const n = await new Smb2Client(conn, ctx.readTimeoutMs).negotiate();
      if (n === null) { return notRun('no SMB2 NEGOTIATE response', conn.exchanges); }
      const dialect = DIALECT_NAMES[n.dialect] ?? `0x${n.dialect.toString(16)}`;
      if (n.signingRequired) { return secure(`SMB2 NEGOTIATE (dialect ${dialect}): SecurityMode 0x${n.securityMode.toString(16)} requires signing.`, conn.exchanges); }
      return vulnerable(`SMB2 NEGOTIATE (dialect ${dialect}) answered SecurityMode 0x${n.securityMode.toString(16)}: signing ${n.securityMode & 1 ? 'enabled but' : ''} not required.`, conn.exchanges,
        { details: { dialect, securityMode: n.securityMode } });
    });
  },
};

export const smbV1Enabled: Check = {
  id: 'smb-v1-enabled',
  title: 'SMBv1 is enabled',
  severity: 'high',
  services: SMB_NAMES,
  proves: 'The server accepted an SMB1 NEGOTIATE for the "NT LM 0.12" dialect: the deprecated SMBv1 protocol (EternalBlue/WannaCry, no pre-authentication integrity) is on.',
  probe: 'SMB1 NEGOTIATE offering only "NT LM 0.12"; when accepted, an anonymous SESSION_SETUP_ANDX whose answer names the native OS and LAN manager; then close.',
  remediation: 'Disable SMBv1: Windows `Set-SmbServerConfiguration -EnableSMB1Protocol $false` (and remove the SMB1 feature); Samba `server min protocol = SMB2_10` (the default since 4.11).',
  references: [MS_SMB1, SAMBA_CONF, 'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2017-0144', sansPort(445)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      if (!(await transport(conn, ctx))) { return notRun('the NetBIOS session request was not accepted', conn.exchanges); }
      const one = await smb1Probe(conn, ctx.readTimeoutMs);
      const last = conn.exchanges[conn.exchanges.length - 1];
      if (one.negotiate === null) {
        // Windows with SMB1 removed resets or closes; a server that answers SMB2 to SMB1 has no SMB1 either.
        if (last !== undefined && (last.received === null || last.received.includes('\\xfeSMB'))) { return secure('The SMB1 NEGOTIATE was not answered with an SMB1 response (connection closed or SMB2 answer).', conn.exchanges); }
        return notRun('the answer to the SMB1 NEGOTIATE is not SMB', conn.exchanges);
      }
      if (one.negotiate.dialectIndex !== 0) { return secure('The SMB1 NEGOTIATE was refused: no dialect selected (0xFFFF).', conn.exchanges); }
      const native = one.session !== null && one.session.nativeLanMan !== '' ? ` (native OS "${one.session.nativeOs}", LAN manager "${one.session.nativeLanMan}")` : '';
      return vulnerable(`The server accepted SMB1 dialect "NT LM 0.12"${native}.`, conn.exchanges, { details: { nativeOs: one.session?.nativeOs ?? '', nativeLanMan: one.session?.nativeLanMan ?? '' } });
    });
  },
};

interface Attempt { mode: 'anonymous' | 'guest'; status?: number; flags?: number; shares?: Share[]; opened?: string; refused?: string }

async function tryAccess(ctx: CheckContext, mode: Attempt['mode'], trail: Exchange[]): Promise<Attempt> {
  const out: Attempt = { mode };
  const o = await withConn(ctx, async (conn) => {
    try {
      if (!(await transport(conn, ctx))) { return notRun('the NetBIOS session request was not accepted'); }
      const c = new Smb2Client(conn, ctx.readTimeoutMs);
      if ((await c.negotiate()) === null) { return notRun('no SMB2 NEGOTIATE response'); }
      const l = await c.login(mode);
      if (l === null) { return notRun('no SESSION_SETUP response'); }
      out.status = l.status;
      out.flags = l.flags;
      if (l.status !== 0) { return notRun('login refused'); }
      const server = ctx.hostname ?? ctx.address;
      const listed = await c.listShares(server);
      if (listed.shares !== null) { out.shares = listed.shares; } else { out.refused = listed.refusedAt ?? 'share list'; }
      const disks = (listed.shares ?? []).filter((s) => (s.type & 0xffff) === 0 && (s.type & 0x80000000) === 0).slice(0, 4);
      for (const s of disks) {
        const t = await c.treeConnect(server, s.name);
        if (t !== null && t.status === 0) { out.opened = s.name; break; }
      }
      await c.logoff();
      return notRun('done');
    } finally { trail.push(...conn.exchanges); }
  });
  if (o.status === 'not-run' && o.reason.startsWith('could not connect')) { out.refused = o.reason; }
  return out;
}

const who = (a: Attempt): string => a.mode === 'anonymous' ? `An anonymous session${(a.flags ?? 0) & SESSION_IS_NULL ? ' (IS_NULL)' : ''}` : `A guest session (unknown user, empty password${(a.flags ?? 0) & SESSION_IS_GUEST ? '; SessionFlags IS_GUEST' : ''})`;

export const smbGuestAccess: Check = {
  id: 'smb-guest-access',
  title: 'SMB shares reachable without a password',
  severity: 'high',
  services: SMB_NAMES,
  proves: 'An anonymous or guest SMB session (no password) listed the server\'s shares through \\PIPE\\srvsvc or opened a disk share: anyone who reaches the port can enumerate and read what it holds.',
  probe: 'SMB2 NEGOTIATE and an NTLMSSP SESSION_SETUP as anonymous, else as an unknown user with an empty password (guest mapping); TREE_CONNECT IPC$, NetrShareEnum level 1 over \\PIPE\\srvsvc, TREE_CONNECT to up to 4 listed disk shares; LOGOFF. Nothing is read from or written to a share.',
  remediation: 'Turn off guest access: Windows "Accounts: Guest account status" disabled and AllowInsecureGuestAuth 0, RestrictNullSessAccess 1; Samba `map to guest = never`, `restrict anonymous = 2`, no `guest ok = yes` share.',
  references: [SAMBA_CONF, 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/guest-access-in-smb2-is-disabled-by-default', REF.cwe284, sansPort(445)],
  async run(ctx): Promise<CheckOutcome> {
    const trail: Exchange[] = [];
    const tried: Attempt[] = [];
    for (const mode of ['anonymous', 'guest'] as const) {
      const a = await tryAccess(ctx, mode, trail);
      tried.push(a);
      if (a.opened !== undefined || (a.shares !== undefined && a.shares.length > 0)) {
        const names = (a.shares ?? []).map((s) => s.name).slice(0, 16);
        const listed = names.length > 0 ? `listed the shares ${names.join(', ')}` : 'could not list the shares';
        return vulnerable(`${who(a)} ${listed}${a.opened !== undefined ? ` and opened \\\\${ctx.hostname ?? ctx.address}\\${a.opened} (TREE_CONNECT succeeded)` : ''}.`, trail.slice(-12),
          { severity: a.opened !== undefined ? 'high' : 'medium', details: { session: a.mode, shares: names, opened: a.opened ?? null } });
      }
      if (a.refused?.startsWith('could not connect') === true) { return notRun(a.refused, trail); }
    }
    if (tried.some((a) => a.status === undefined)) { return notRun('the SMB session setup did not complete', trail); }
    const summary = tried.map((a) => `${a.mode}: ${a.status === 0 ? `session accepted, ${a.refused ?? 'no share'} refused` : `status 0x${(a.status ?? 0).toString(16)}`}`).join('; ');
    return secure(`No share could be listed or opened without a password (${summary}).`, trail.slice(-12));
  },
};
