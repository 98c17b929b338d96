#!/usr/bin/env node
// EMULATOR (lab only, issue 5): tiny stand-ins for UDP services Debian cannot run in the lab (SSDP, CharGen, QOTD,
// NetBIOS-NS, mDNS, portmap, CLDAP, IPMI/RMCP, Ubiquiti discovery, CoAP, WS-Discovery, SIP, IKE, OpenVPN).
// Each answers the request shape a real daemon answers, with a reply of realistic size; they are not the daemons.
// Port 9999 is bound and never answers (an open|filtered truth). Usage: node emulator.mjs ADDRESS
import dgram from 'node:dgram';

const addr = process.argv[2] ?? '127.0.0.1';
const be16 = (n) => Buffer.from([(n >> 8) & 255, n & 255]);
const be32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };

const handlers = {
  // SSDP: any M-SEARCH gets a unicast 200 OK.
  1900: (m) => m.toString('latin1').startsWith('M-SEARCH') ? Buffer.from('HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://10.79.1.10:49152/rootDesc.xml\r\nSERVER: Linux/5.10 UPnP/1.0 GatehouseLabEmulator/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:0b6d3e2a-1111-4a4b-9c9c-000000000001::upnp:rootdevice\r\n\r\n') : null,
  // CharGen (RFC 864): a datagram of rotating printable lines, up to 512 bytes.
  19: () => { let s = ''; for (let i = 0; s.length < 512; i++) { let l = ''; for (let j = 0; j < 72; j++) { l += String.fromCharCode(33 + ((i + j) % 94)); } s += l + '\r\n'; } return Buffer.from(s.slice(0, 512)); },
  // QOTD (RFC 865)
  17: () => Buffer.from('"The gate is only as strong as the guard who remembers to close it." - lab proverb\r\n'),
  // NetBIOS-NS node status (RFC 1002 4.2.18): echo the transaction id, two names, a MAC.
  137: (m) => {
    if (m.length < 12) { return null; }
    const names = [['GATEHOUSE-LAB', 0x00, 0x0400], ['WORKGROUP', 0x00, 0x8400]];
    const parts = [m.subarray(0, 2), Buffer.from([0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0]), m.subarray(12, 12 + 34), be16(0x21), be16(1), be32(0)];
    const body = [Buffer.from([names.length])];
    for (const [n, suffix, flags] of names) { const b = Buffer.alloc(18, 0x20); b.write(n, 'latin1'); b[15] = suffix; b.writeUInt16BE(flags, 16); body.push(b); }
    body.push(Buffer.from([0x02, 0x42, 0x0a, 0x4f, 0x01, 0x0a]), Buffer.alloc(40));
    const data = Buffer.concat(body);
    return Buffer.concat([...parts, be16(data.length), data]);
  },
  // mDNS: answer a DNS-SD service enumeration with three PTR records.
  5353: (m) => {
    if (m.length < 12) { return null; }
    const name = (labels) => Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
    const q = name(['_services', '_dns-sd', '_udp', 'local']);
    const rr = (svc) => { const rd = name([svc, '_tcp', 'local']); return Buffer.concat([q, be16(12), be16(1), be32(4500), be16(rd.length), rd]); };
    return Buffer.concat([m.subarray(0, 2), Buffer.from([0x84, 0x00, 0, 0, 0, 3, 0, 0, 0, 0]), rr('_http'), rr('_ssh'), rr('_smb')]);
  },
  // Portmap (RFC 1833) DUMP reply: echo xid, accepted, three mappings.
  111: (m) => {
    if (m.length < 24) { return null; }
    const maps = [[100000, 2, 6, 111], [100000, 2, 17, 111], [100005, 3, 17, 20048]];
    const body = [m.subarray(0, 4), be32(1), be32(0), be32(0), be32(0), be32(0)];
    for (const [p, v, proto, port] of maps) { body.push(be32(1), be32(p), be32(v), be32(proto), be32(port)); }
    body.push(be32(0));
    return Buffer.concat(body);
  },
  // CLDAP: a searchResEntry for the rootDSE (a canned netlogon-like blob) and searchResDone, same message id.
  389: (m) => {
    const id = m.length > 4 && m[2] === 0x02 ? m.subarray(2, 4 + m[3]) : Buffer.from([2, 1, 1]);
    const attr = (k, v) => { const kv = Buffer.from(k); const vv = Buffer.from(v); const set = Buffer.concat([Buffer.from([0x04, vv.length]), vv]); const seq = Buffer.concat([Buffer.from([0x04, kv.length]), kv, Buffer.from([0x31, set.length]), set]); return Buffer.concat([Buffer.from([0x30, seq.length]), seq]); };
    const attrs = Buffer.concat([attr('netlogon', 'GH-LAB-DC'.padEnd(120, '.')), attr('dnsHostName', 'dc1.gh-lab.test'), attr('defaultNamingContext', 'DC=gh-lab,DC=test')]);
    const entryBody = Buffer.concat([Buffer.from([0x04, 0x00]), Buffer.from([0x30, 0x81, attrs.length]), attrs]);
    const entry = Buffer.concat([Buffer.from([0x64, 0x81, entryBody.length]), entryBody]);
    const msg1 = Buffer.concat([id, entry]);
    const done = Buffer.from([0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);
    const msg2 = Buffer.concat([id, done]);
    return Buffer.concat([Buffer.from([0x30, 0x81, msg1.length]), msg1, Buffer.from([0x30, msg2.length]), msg2]);
  },
  // IPMI over RMCP: answer Get Channel Authentication Capabilities (IPMI 1.5 session-less).
  623: (m) => {
    if (m.length < 4 || m[0] !== 0x06) { return null; }
    const msg = Buffer.from([0x81, 0x1c, 0x63, 0x20, 0x00, 0x38, 0x00, 0x01, 0x97, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00]);
    let ck = 0; for (let i = 3; i < msg.length; i++) { ck = (ck + msg[i]) & 255; }
    return Buffer.concat([Buffer.from([0x06, 0x00, 0xff, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, msg.length + 1]), msg, Buffer.from([(-ck) & 255])]);
  },
  // Ubiquiti discovery v1: TLVs (MAC+IP, hostname, firmware).
  10001: (m) => {
    if (m.length < 4 || m[0] !== 0x01) { return null; }
    const tlv = (t, v) => Buffer.concat([Buffer.from([t]), be16(v.length), v]);
    const body = Buffer.concat([tlv(0x02, Buffer.from([0x02, 0x42, 0x0a, 0x4f, 0x01, 0x0a, 10, 79, 1, 10])), tlv(0x0b, Buffer.from('gh-lab-ap')), tlv(0x03, Buffer.from('XW.ar934x.v6.3.6.33330.210818.1814')), tlv(0x0c, Buffer.from('NBE-5AC-Gen2'))]);
    return Buffer.concat([Buffer.from([0x01, 0x00]), be16(body.length), body]);
  },
  // CoAP: 2.05 Content for GET /.well-known/core, same message id and token.
  5683: (m) => {
    if (m.length < 4 || (m[0] >> 6) !== 1) { return null; }
    const tkl = m[0] & 15; const token = m.subarray(4, 4 + tkl);
    return Buffer.concat([Buffer.from([0x60 | tkl, 0x45, m[2], m[3]]), token, Buffer.from([0xc1, 0x28, 0xff]), Buffer.from('</sensors/temp>;rt="temperature";if="sensor",</config>;ct=40,</firmware>;rt="fw"')]);
  },
  // WS-Discovery: a ProbeMatches envelope.
  3702: (m) => m.toString('latin1').includes('Probe') ? Buffer.from(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery"><soap:Header><wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></soap:Header><soap:Body><wsd:ProbeMatches><wsd:ProbeMatch><wsa:EndpointReference><wsa:Address>urn:uuid:1f2e3d4c-0000-4000-8000-00000000000a</wsa:Address></wsa:EndpointReference><wsd:Types>dn:NetworkVideoTransmitter</wsd:Types><wsd:XAddrs>http://10.79.1.10/onvif/device_service</wsd:XAddrs><wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:ProbeMatch></wsd:ProbeMatches></soap:Body></soap:Envelope>`) : null,
  // SIP: 200 OK to OPTIONS, echoing Via/From/To/Call-ID/CSeq.
  5060: (m) => {
    const t = m.toString('latin1');
    if (!t.startsWith('OPTIONS ')) { return null; }
    const keep = t.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    return Buffer.from(['SIP/2.0 200 OK', ...keep, 'Server: GatehouseLabEmulator SIP/1.0', 'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE', 'Content-Length: 0', '', ''].join('\r\n'));
  },
  // IKEv1/v2: a NOTIFY (NO_PROPOSAL_CHOSEN) with our initiator cookie echoed.
  500: (m) => {
    if (m.length < 28) { return null; }
    const hdr = Buffer.concat([m.subarray(0, 8), Buffer.from([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]), Buffer.from([0x0b, 0x10, 0x05, 0x00]), be32(0), be32(40)]);
    return Buffer.concat([hdr, Buffer.from([0, 0, 0, 12, 0, 0, 0, 1, 1, 0, 0, 14])]);
  },
  // OpenVPN: P_CONTROL_HARD_RESET_SERVER_V2 acknowledging the client's session id.
  1194: (m) => {
    if (m.length < 14 || (m[0] >> 3) !== 7) { return null; }
    return Buffer.concat([Buffer.from([0x40]), Buffer.from([0x9a, 0x8b, 0x7c, 0x6d, 0x5e, 0x4f, 0x30, 0x21]), Buffer.from([0x01, 0, 0, 0, 0]), m.subarray(1, 9), be32(0)]);
  },
  // NTP as an old reference ntpd (4.2.6) answers: mode 4 to mode 3, READVAR to mode 6, 6 monlist entries to mode 7.
  123: (m) => {
    if (m.length < 8) { return null; }
    const mode = m[0] & 7;
    if (mode === 3 && m.length >= 48) { const b = Buffer.alloc(48); b[0] = 0x24; b[1] = 3; b.write('GHLB', 12, 'latin1'); m.copy(b, 24, 40, 48); return b; }
    if (mode === 6 && m[1] === 2) { const t = Buffer.from('version="ntpd 4.2.6p5@1.2349-o Fri Apr 13 2012 (1)", processor="x86_64", system="Linux/3.2.0", leap=00, stratum=3, precision=-23'); return Buffer.concat([Buffer.from([0x16, 0x82, m[2], m[3], 0x06, 0x18, 0, 0, 0, 0]), be16(t.length), t]); }
    if (mode === 7 && m[3] === 0x2a) {
      const item = Buffer.alloc(72); item.writeUInt32BE(0x0a4f0001, 16); item.writeUInt32BE(0x0a4f0102, 20); item[33] = 3; item[34] = 4;
      return Buffer.concat([Buffer.from([0x97, 0x00, 0x03, 0x2a, 0x00, 0x06, 0x00, 0x48]), Buffer.concat(Array.from({ length: 6 }, () => item))]);
    }
    return null;
  },
  9999: () => null,
};

let bound = 0;
const ports = Object.keys(handlers).map(Number);
for (const port of ports) {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const reply = handlers[port](msg.subarray(0, 2048));
    if (reply) { s.send(reply, rinfo.port, rinfo.address); }
  });
  s.on('error', (e) => { console.error(`emulator ${port}: ${e.message}`); process.exit(1); });
  s.bind(port, addr, () => { if (++bound === ports.length) { console.log('ready'); } });
}
