/**
 * @module protocols/smb-client — read-only SMB conversations over one Conn (every exchange recorded as evidence,
 * every read bounded to 64 KiB and the caller's deadline): SMB2 NEGOTIATE; an anonymous or guest (unknown user,
 * empty password) NTLMSSP session; TREE_CONNECT; the share list through \PIPE\srvsvc; SMB1 NEGOTIATE and an
 * anonymous SMB1 SESSION_SETUP (native OS / LAN manager). Nothing is written to any share; sessions are logged off.
 */
import type { Conn } from '../net/dialer.js';
import * as smb from './smb.js';
import { anonymousAuthenticate, emptyPasswordAuthenticate, negotiateMessage, ntlmFromBlob, parseChallenge, spnegoInit, spnegoResponse, type Challenge } from './ntlmssp.js';
import { bindAccepted, bindSrvsvc, netShareEnum, parseShareEnum, type Share } from './srvsvc.js';

const STATUS_PENDING = 0x00000103;

/** One SMB2 conversation: its connection, read deadline and message counter. */
export class Smb2Client {
  private messageId: number;
  sessionId = 0n;
  /** `firstMessageId`: 1 when a NEGOTIATE (message 0) was already sent on this connection. */
  constructor(private readonly conn: Conn, private readonly timeoutMs: number, firstMessageId = 0) { this.messageId = firstMessageId; }

  /** Send one request built for the next message id; the parsed response (interim STATUS_PENDING skipped). */
  async request(build: (ids: smb.Smb2Ids) => Buffer, treeId = 0): Promise<smb.Smb2Response | null> {
    const ids = { messageId: this.messageId++, sessionId: this.sessionId, treeId };
    let r = await this.conn.exchange(build(ids), { until: smb.frameComplete, maxBytes: smb.MAX_MESSAGE + 4, timeoutMs: this.timeoutMs });
    let parsed = smb.parseSmb2(r.data);
    for (let i = 0; i < 3 && parsed !== null && parsed.status === STATUS_PENDING; i++) {
      r = await this.conn.exchange(null, { until: smb.frameComplete, maxBytes: smb.MAX_MESSAGE + 4, timeoutMs: this.timeoutMs });
      parsed = smb.parseSmb2(r.data);
    }
    return parsed;
  }

  async negotiate(): Promise<smb.Negotiate2 | null> {
    const r = await this.request((ids) => smb.negotiate2(ids));
    return r === null ? null : smb.parseNegotiate2(r);
  }

  /**
   * NTLMSSP session: NEGOTIATE, then AUTHENTICATE as anonymous or as `guestUser` with an empty password. Returns
   * the final status, the session flags (IS_GUEST, IS_NULL) and the server's CHALLENGE (names, version field).
   */
  /** SESSION_SETUP carrying only the NTLMSSP NEGOTIATE: the server's CHALLENGE (names, version); no login. */
  async challenge(): Promise<Challenge | null> {
    const r = await this.request((ids) => smb.sessionSetup2(ids, spnegoInit(negotiateMessage())));
    const setup = r !== null ? smb.parseSessionSetup2(r) : null;
    const ntlm = setup !== null ? ntlmFromBlob(setup.securityBlob) : null;
    return ntlm !== null ? parseChallenge(ntlm) : null;
  }

  async login(mode: 'anonymous' | 'guest', guestUser = 'gatehouse-guest-check'): Promise<{ status: number; flags: number; challenge: Challenge | null } | null> {
    const first = await this.request((ids) => smb.sessionSetup2(ids, spnegoInit(negotiateMessage())));
    if (first === null) { return null; }
    this.sessionId = first.sessionId;
    const setup = smb.parseSessionSetup2(first);
    const ntlm = setup !== null ? ntlmFromBlob(setup.securityBlob) : null;
    const challenge = ntlm !== null ? parseChallenge(ntlm) : null;
    if (first.status !== smb.STATUS.MORE_PROCESSING || challenge === null) { return { status: first.status, flags: 0, challenge }; }
    const auth = mode === 'anonymous' ? anonymousAuthenticate(challenge) : emptyPasswordAuthenticate(challenge, guestUser);
    const second = await this.request((ids) => smb.sessionSetup2(ids, spnegoResponse(auth)));
    if (second === null) { return null; }
    return { status: second.status, flags: smb.parseSessionSetup2(second)?.flags ?? 0, challenge };
  }

  /** TREE_CONNECT to \\server\share: the status, and the tree id and share type when it succeeded. */
  async treeConnect(server: string, share: string): Promise<{ status: number; treeId: number; shareType: number } | null> {
    const r = await this.request((ids) => smb.treeConnect2(ids, `\\\\${server}\\${share}`));
    if (r === null) { return null; }
    return { status: r.status, treeId: r.treeId, shareType: smb.parseTreeConnect2(r)?.shareType ?? -1 };
  }

  /** The share list through IPC$ and \PIPE\srvsvc (NetrShareEnum level 1); null when any step is refused. */
  async listShares(server: string): Promise<{ shares: Share[] | null; refusedAt?: string; status?: number }> {
    const ipc = await this.treeConnect(server, 'IPC$');
    if (ipc === null || ipc.status !== 0) { return { shares: null, refusedAt: 'TREE_CONNECT IPC$', ...(ipc ? { status: ipc.status } : {}) }; }
    const created = await this.request((ids) => smb.createPipe2(ids, 'srvsvc'), ipc.treeId);
    const file = created !== null ? smb.parseCreate2(created) : null;
    if (file === null) { return { shares: null, refusedAt: 'CREATE srvsvc', ...(created ? { status: created.status } : {}) }; }
    const bound = await this.request((ids) => smb.pipeTransceive2(ids, file.fileId, bindSrvsvc()), ipc.treeId);
    const ack = bound !== null ? smb.parseIoctl2(bound) : null;
    if (ack === null || !bindAccepted(ack)) { return { shares: null, refusedAt: 'srvsvc BIND' }; }
    const enumR = await this.request((ids) => smb.pipeTransceive2(ids, file.fileId, netShareEnum(server)), ipc.treeId);
    const out = enumR !== null ? smb.parseIoctl2(enumR) : null;
    await this.request((ids) => smb.close2(ids, file.fileId), ipc.treeId);
    const shares = out !== null ? parseShareEnum(out) : null;
    return shares === null ? { shares: null, refusedAt: 'NetrShareEnum', ...(enumR ? { status: enumR.status } : {}) } : { shares };
  }

  async logoff(): Promise<void> {
    if (this.sessionId !== 0n) { await this.request((ids) => smb.logoff2(ids)); }
  }
}

/** SMB1: NEGOTIATE "NT LM 0.12" only; when accepted, an anonymous SESSION_SETUP_ANDX for the native OS / LAN manager. */
export async function smb1Probe(conn: Conn, timeoutMs: number): Promise<{ negotiate: smb.Negotiate1 | null; session: ReturnType<typeof smb.parseSessionSetup1> }> {
  const opts = { until: smb.frameComplete, maxBytes: smb.MAX_MESSAGE + 4, timeoutMs };
  const n = await conn.exchange(smb.negotiate1(), opts);
  const negotiate = smb.parseNegotiate1(n.data);
  if (negotiate === null || negotiate.dialectIndex !== 0 || negotiate.extendedSecurity) { return { negotiate, session: null }; }
  const s = await conn.exchange(smb.sessionSetup1Anonymous(), opts);
  return { negotiate, session: smb.parseSessionSetup1(s.data) };
}
