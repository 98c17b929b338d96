#!/usr/bin/env node
/**
 * EMULATOR — NOT WINDOWS. lab/emulators/windows.mjs answers the first messages of four Windows services with
 * responses built from Microsoft's published specifications, so the lab can test OS inference and the `windows`
 * profile where Windows cannot run (see lab/emulators/README.md). Nothing here authenticates anyone or serves data.
 *
 *   135/tcp  MSRPC endpoint mapper  C706 §12.6 / [MS-RPCE] §2.2.2: BIND → BIND_ACK (epmapper v3 over NDR accepted);
 *                                   REQUEST ept_lookup (opnum 2) → RESPONSE with no entries, EPT_S_NOT_REGISTERED.
 *   445/tcp  SMB2                   [MS-SMB2] §2.2.4 NEGOTIATE response (signing enabled, not required);
 *                                   §2.2.6 SESSION_SETUP → STATUS_MORE_PROCESSING_REQUIRED with an SPNEGO-wrapped
 *                                   NTLMSSP CHALLENGE ([MS-NLMP] §2.2.1.2) whose Version is the emulated build;
 *                                   any AUTHENTICATE → STATUS_LOGON_FAILURE. SMB1 is disabled (connection closed).
 *   3389/tcp RDP                    [MS-RDPBCGR] §2.2.1.2 X.224 Connection Confirm, RDP_NEG_RSP selecting
 *                                   PROTOCOL_HYBRID (CredSSP/NLA) with the flags Windows 10 sends (0x1f).
 *   5985/tcp WinRM (HTTP.sys)       HTTP/1.1 401 on /wsman with `Server: Microsoft-HTTPAPI/2.0` and
 *                                   `WWW-Authenticate: Negotiate`; 404 (HTTP.sys page) elsewhere.
 *
 * Usage: node lab/emulators/windows.mjs ADDRESS [--build 19041|17763] [--name DESKTOP-ACC]; prints "ready".
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const args = process.argv.slice(2);
const host = args[0] ?? '127.0.0.1';
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const BUILD = Number(opt('--build', '19041'));
const NAME = opt('--name', BUILD === 17763 ? 'WIN-SRV2019' : 'DESKTOP-ACC');
const DOMAIN = 'WORKGROUP';

// ---- DCE/RPC (135) -----------------------------------------------------------------------------------------------
const NDR = Buffer.from('045d888aeb1cc9119fe808002b104860', 'hex'); // 8a885d04-1ceb-11c9-9fe8-08002b104860, wire order
function rpcHeader(ptype, bodyLen, callId) {
  const h = Buffer.alloc(16);
  h[0] = 5; h[2] = ptype; h[3] = 0x03; h.writeUInt32LE(0x10, 4); h.writeUInt16LE(16 + bodyLen, 8); h.writeUInt32LE(callId, 12);
  return h;
}
function bindAck(callId) {
  const sec = Buffer.from('135\0', 'latin1');
  const pad = (4 - ((26 + sec.length) % 4)) % 4;
  const body = Buffer.concat([Buffer.from([0xb8, 0x10, 0xb8, 0x10]), Buffer.from([0x34, 0x12, 0, 0]), Buffer.from([sec.length, 0]), sec, Buffer.alloc(pad),
    Buffer.from([1, 0, 0, 0]), Buffer.from([0, 0, 0, 0]), NDR, Buffer.from([2, 0, 0, 0])]);
  return Buffer.concat([rpcHeader(12, body.length, callId), body]);
}
function eptLookupResponse(callId) {
  const stub = Buffer.concat([Buffer.alloc(20), Buffer.alloc(4), Buffer.alloc(12), Buffer.from('d6a0c916', 'hex')]); // handle, 0 entries, empty array, EPT_S_NOT_REGISTERED
  const body = Buffer.concat([Buffer.from([stub.length, 0, 0, 0]), Buffer.from([0, 0, 0, 0]), stub]); // alloc_hint, p_cont_id, cancel_count, reserved
  return Buffer.concat([rpcHeader(2, body.length, callId), body]);
}
function msrpc(sock) {
  let buf = Buffer.alloc(0);
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 16 && buf.length >= buf.readUInt16LE(8)) {
      const len = buf.readUInt16LE(8); const pdu = buf.subarray(0, len); buf = buf.subarray(len);
      if (pdu[0] !== 5 || len < 16) { sock.destroy(); return; }
      const callId = pdu.readUInt32LE(12);
      if (pdu[2] === 11) { sock.write(bindAck(callId)); } else if (pdu[2] === 0) { sock.write(eptLookupResponse(callId)); } else { sock.destroy(); return; }
    }
  });
}

// ---- SMB2 + NTLMSSP (445) ----------------------------------------------------------------------------------------
const GUID = randomBytes(16);
const utf16 = (s) => Buffer.from(s, 'utf16le');
function avPair(id, value) { const h = Buffer.alloc(4); h.writeUInt16LE(id, 0); h.writeUInt16LE(value.length, 2); return Buffer.concat([h, value]); }
function ntlmChallenge() {
  const target = utf16(NAME);
  const ts = Buffer.alloc(8); ts.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  const info = Buffer.concat([avPair(2, utf16(DOMAIN)), avPair(1, utf16(NAME)), avPair(4, utf16(NAME)), avPair(3, utf16(NAME)), avPair(7, ts), avPair(0, Buffer.alloc(0))]);
  const m = Buffer.alloc(56);
  Buffer.from('NTLMSSP\0', 'latin1').copy(m, 0); m.writeUInt32LE(2, 8);
  m.writeUInt16LE(target.length, 12); m.writeUInt16LE(target.length, 14); m.writeUInt32LE(56, 16);
  m.writeUInt32LE((0xe2898215) >>> 0, 20);       // UNICODE|REQUEST_TARGET|SIGN|NTLM|ALWAYS_SIGN|TARGET_TYPE_DOMAIN|ESS|TARGET_INFO|VERSION|128|KEY_EXCH|56
  randomBytes(8).copy(m, 24);
  m.writeUInt16LE(info.length, 40); m.writeUInt16LE(info.length, 42); m.writeUInt32LE(56 + target.length, 44);
  m[48] = 10; m[49] = 0; m.writeUInt16LE(BUILD, 50); m[55] = 15; // Version: 10.0.BUILD, NTLMSSP_REVISION_W2K3
  return Buffer.concat([m, target, info]);
}
function der(tag, v) { const n = v.length; const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]); return Buffer.concat([Buffer.from([tag]), len, v]); }
const NTLM_OID = Buffer.from('060a2b06010401823702020a', 'hex');
const spnegoChallenge = (tok) => der(0xa1, der(0x30, Buffer.concat([der(0xa0, Buffer.from([0x0a, 1, 1])), der(0xa1, NTLM_OID), der(0xa2, der(0x04, tok))])));
const negTokenInitHint = () => der(0x60, Buffer.concat([Buffer.from('06062b0601050502', 'hex'), der(0xa0, der(0x30, der(0xa0, der(0x30, NTLM_OID))))]));

function smb2Header(req, status, sessionId) {
  const h = Buffer.alloc(64);
  Buffer.from([0xfe, 0x53, 0x4d, 0x42]).copy(h, 0); h.writeUInt16LE(64, 4); h.writeUInt32LE(status >>> 0, 8);
  h.writeUInt16LE(req.readUInt16LE(12), 12); h.writeUInt16LE(1, 14); h.writeUInt32LE(0x1, 16);
  req.copy(h, 24, 24, 32); h.writeUInt32LE(0xfeff, 32); h.writeBigUInt64LE(sessionId, 40);
  return h;
}
const frame = (b) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length, 0); return Buffer.concat([n, b]); };
function negotiateResponse(req) {
  const count = req.readUInt16LE(66);
  const offered = []; for (let i = 0; i < count && 100 + 2 * i + 2 <= req.length; i++) { offered.push(req.readUInt16LE(100 + 2 * i)); }
  const dialect = Math.max(...offered.filter((d) => d <= 0x0302), 0x0202);
  const blob = negTokenInitHint();
  const b = Buffer.alloc(64);
  b.writeUInt16LE(65, 0); b.writeUInt16LE(0x01, 2); b.writeUInt16LE(dialect, 4); GUID.copy(b, 8);
  b.writeUInt32LE(0x2f, 24); b.writeUInt32LE(8388608, 28); b.writeUInt32LE(8388608, 32); b.writeUInt32LE(8388608, 36);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n, 40);
  b.writeUInt16LE(128, 56); b.writeUInt16LE(blob.length, 58);
  return frame(Buffer.concat([smb2Header(req, 0, 0n), b, blob]));
}
function sessionSetupResponse(req, sessionId) {
  const off = req.readUInt16LE(64 + 12); const len = req.readUInt16LE(64 + 14);
  const blob = req.subarray(off, off + len);
  const i = blob.indexOf(Buffer.from('NTLMSSP\0', 'latin1'));
  const type = i >= 0 && i + 12 <= blob.length ? blob.readUInt32LE(i + 8) : 0;
  if (type !== 1) { return frame(Buffer.concat([smb2Header(req, 0xc000006d, sessionId), Buffer.from([9, 0, 0, 0, 0, 0, 0, 0, 0])])); } // LOGON_FAILURE
  const tok = spnegoChallenge(ntlmChallenge());
  const b = Buffer.alloc(8); b.writeUInt16LE(9, 0); b.writeUInt16LE(72, 4); b.writeUInt16LE(tok.length, 6);
  return frame(Buffer.concat([smb2Header(req, 0xc0000016, sessionId), b, tok]));
}
let nextSession = 0x10000001n;
function smb(sock) {
  let buf = Buffer.alloc(0);
  const session = nextSession++;
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4 && buf.length >= 4 + (buf.readUInt32BE(0) & 0xffffff)) {
      const len = buf.readUInt32BE(0) & 0xffffff; const req = buf.subarray(4, 4 + len); buf = buf.subarray(4 + len);
      if (req.length < 64 || req.readUInt32BE(0) !== 0xfe534d42) { sock.destroy(); return; } // SMB1 (0xFF 'SMB') and anything else: closed, as with SMB1 disabled
      const cmd = req.readUInt16LE(12);
      if (cmd === 0) { sock.write(negotiateResponse(req)); } else if (cmd === 1) { sock.write(sessionSetupResponse(req, session)); } else { sock.destroy(); return; }
    }
  });
}

// ---- RDP (3389) --------------------------------------------------------------------------------------------------
function rdp(sock) {
  sock.once('data', (d) => {
    if (d.length < 11 || d[0] !== 3) { sock.destroy(); return; }
    const len = d.readUInt16BE(2);
    const requested = len >= 19 && d[len - 8] === 1 ? d.readUInt32LE(len - 4) : 0;
    const out = Buffer.from([3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    if ((requested & 0x2) !== 0) { out[11] = 2; out[12] = 0x1f; out.writeUInt16LE(8, 13); out.writeUInt32LE(2, 15); } // RDP_NEG_RSP: HYBRID
    else { out[11] = 3; out[12] = 0; out.writeUInt16LE(8, 13); out.writeUInt32LE(5, 15); } // RDP_NEG_FAILURE: HYBRID_REQUIRED_BY_SERVER
    sock.write(out);
  });
}

// ---- WinRM over HTTP (5985) --------------------------------------------------------------------------------------
const NOT_FOUND = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Not Found</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content-Type="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Not Found</h2>\r\n<hr><p>HTTP Error 404. The requested resource is not found.</p>\r\n</BODY></HTML>\r\n';
function winrm(sock) {
  let buf = '';
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) { if (buf.length > 16384) { sock.destroy(); } return; }
    const path = (/^\w+ (\S+) HTTP\/1\.[01]/.exec(buf)?.[1] ?? '/').toLowerCase();
    const date = new Date().toUTCString();
    const head = path.startsWith('/wsman')
      ? `HTTP/1.1 401 \r\nServer: Microsoft-HTTPAPI/2.0\r\nWWW-Authenticate: Negotiate\r\nDate: ${date}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`
      : `HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=us-ascii\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: ${date}\r\nConnection: close\r\nContent-Length: ${NOT_FOUND.length}\r\n\r\n${NOT_FOUND}`;
    sock.end(head, 'latin1');
  });
}

const services = [[135, msrpc], [445, smb], [3389, rdp], [5985, winrm]];
let listening = 0;
for (const [port, handler] of services) {
  const srv = net.createServer((sock) => { sock.on('error', () => sock.destroy()); sock.setTimeout(15_000, () => sock.destroy()); handler(sock); });
  srv.listen({ port, host }, () => { if (++listening === services.length) { console.log(`ready: Windows emulator (build ${BUILD}) on ${host}`); } });
}
