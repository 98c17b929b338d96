#!/usr/bin/env node
/**
 * EMULATOR — NOT macOS. lab/emulators/macos.mjs answers on the ports a Mac with sharing turned on exposes, with the
 * first messages of each protocol built from Apple's published documentation, so the lab can test OS inference
 * and the `macos` profile where macOS cannot run (see lab/emulators/README.md). Nothing is authenticated or served.
 *
 *   548/tcp   AFP over DSI      "Apple Filing Protocol Programming Guide" / DSI: DSIGetStatus (command 3) →
 *                               reply with an FPGetSrvrInfo block (machine type, AFP versions, UAMs, server name).
 *   5900/tcp  Screen Sharing    RFB (RFC 6143 §7.1.1) with Apple's protocol version "RFB 003.889", then the
 *                               security types Apple's server offers (30 Apple DH, 35) after the client's version.
 *   3283/tcp  Apple Remote Desktop (net-assistant): accepts and waits (the ARD agent speaks only after a request
 *                               this lab never sends).
 *   62078/tcp iphone-sync (lockdownd): accepts and waits.
 *
 * Usage: node lab/emulators/macos.mjs ADDRESS; prints "ready".
 */
import net from 'node:net';

const host = process.argv[2] ?? '127.0.0.1';

const pascal = (s) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'latin1')]);
function serverInfo() {
  const name = pascal('acc-mac');
  const fixed = 10;
  let off = fixed + name.length; if (off % 2) { off++; }
  const machine = pascal('Macmini9,1');
  const versionsOff = off + machine.length;
  const versions = Buffer.concat([Buffer.from([2]), pascal('AFP3.4'), pascal('AFP3.3')]);
  const uamsOff = versionsOff + versions.length;
  const uams = Buffer.concat([Buffer.from([2]), pascal('DHX2'), pascal('Recon1')]);
  const head = Buffer.alloc(fixed);
  head.writeUInt16BE(off, 0); head.writeUInt16BE(versionsOff, 2); head.writeUInt16BE(uamsOff, 4); head.writeUInt16BE(0, 6);
  head.writeUInt16BE(0x0001, 8); // SupportsCopyfile; no extended fields
  const pad = Buffer.alloc(off - fixed - name.length);
  return Buffer.concat([head, name, pad, machine, versions, uams]);
}
function afp(sock) {
  sock.once('data', (d) => {
    if (d.length < 16 || d[0] !== 0 || d[1] !== 3) { sock.destroy(); return; } // only DSIGetStatus
    const body = serverInfo();
    const h = Buffer.alloc(16);
    h[0] = 1; h[1] = 3; d.copy(h, 2, 2, 4); h.writeUInt32BE(0, 4); h.writeUInt32BE(body.length, 8);
    sock.end(Buffer.concat([h, body]));
  });
}
function rfb(sock) {
  sock.write('RFB 003.889\n');
  sock.once('data', () => { sock.write(Buffer.from([2, 30, 35])); });
}
const silent = () => undefined;

const services = [[548, afp], [5900, rfb], [3283, silent], [62078, silent]];
let listening = 0;
for (const [port, handler] of services) {
  const srv = net.createServer((sock) => { sock.on('error', () => sock.destroy()); sock.setTimeout(15_000, () => sock.destroy()); handler(sock); });
  srv.listen({ port, host }, () => { if (++listening === services.length) { console.log(`ready: macOS emulator on ${host}`); } });
}
