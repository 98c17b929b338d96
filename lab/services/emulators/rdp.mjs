/**
 * @module lab/services/emulators/rdp — an RDP EMULATOR (X.224 connection phase only; Debian's xrdp needs a whole
 * session stack). Port 3389. Reads a TPKT + X.224 Connection Request (MS-RDPBCGR 2.2.1.1), answers a Connection
 * Confirm with RDP_NEG_RSP selecting TLS when the client offered it (else standard RDP security), then, for TLS,
 * completes a TLS handshake with the lab certificate and closes after 10 s. Anything that is not TPKT closes.
 */
import net from 'node:net';
import tls from 'node:tls';
import { listen } from './mongodb.mjs';

const PROTOCOL_SSL = 1;

function connectionConfirm(selected) {
  const neg = Buffer.from([0x02, 0x1f, 0x08, 0x00, selected, 0, 0, 0]);       // RDP_NEG_RSP, flags, length 8
  const x224 = Buffer.concat([Buffer.from([6 + neg.length, 0xd0, 0, 0, 0x12, 0x34, 0]), neg]);
  const tpkt = Buffer.from([3, 0, 0, 4 + x224.length]);
  return Buffer.concat([tpkt, x224]);
}

export function serveRdp(host, port, { cert, key }) {
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    const onData = (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf[0] !== 3 || buf.length > 4096) { sock.destroy(); return; }
      if (buf.length < 4) { return; }
      const len = buf.readUInt16BE(2);
      if (buf.length < len) { return; }
      sock.off('data', onData);
      const x224 = buf.subarray(4, len);
      if (x224[1] !== 0xe0) { sock.destroy(); return; }                       // not a Connection Request
      const negAt = x224.indexOf(Buffer.from([0x01, 0x00, 0x08, 0x00]));       // RDP_NEG_REQ header (flags 0)
      const requested = negAt >= 0 && negAt + 8 <= x224.length ? x224.readUInt32LE(negAt + 4) : 0;
      const selected = requested & PROTOCOL_SSL ? PROTOCOL_SSL : 0;
      sock.write(connectionConfirm(selected));
      if (selected === PROTOCOL_SSL) {
        const t = new tls.TLSSocket(sock, { isServer: true, cert, key });
        t.on('error', () => sock.destroy());
        t.setTimeout(10_000, () => t.destroy());
      } else {
        sock.end();
      }
    };
    sock.on('data', onData);
  });
  return listen(server, host, port);
}
