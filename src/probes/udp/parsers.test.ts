/** Table-driven tests of every UDP payload builder and reply parser, plus a fast-check fuzz of each parser. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import dnsPacket from 'dns-packet';
import { buildRecursionQuery, buildVersionBind, parseDnsReply, productFromVersion, versionBindText } from './dns.js';
import { buildMdnsQuery, mdnsServices } from './mdns.js';
import { buildMode3, buildMode6ReadVar, buildMonlist, mode6Version, ntpProduct, parseMode4, parseMode6, parseMode7 } from './ntp.js';
import { buildGetRequest, buildV3Discovery, parseSnmp, SYS_DESCR } from './snmp.js';
import { buildMSearch, parseSsdp } from './ssdp.js';
import { buildStats, parseFrame, parseStats } from './memcached.js';
import { buildNodeStatus, parseNodeStatus } from './netbios.js';
import { buildRrq, parseTftp } from './tftp.js';
import { buildMainMode, parseIke, IKE_COOKIE } from './ike.js';
import { buildHardReset, parseOpenVpn } from './openvpn.js';
import { buildOptions, parseSip } from './sip.js';
import { buildWellKnownCore, parseCoap } from './coap.js';
import { buildProbe, parseWsd } from './wsd.js';
import { looksLikeChargen } from './chargen.js';
import { parseQuote } from './qotd.js';
import { buildDump, parseDump, PORTMAP_XID } from './portmap.js';
import { buildRootDseSearch, parseCldap } from './cldap.js';
import { buildGetChannelAuth, parseChannelAuth } from './ipmi.js';
import { buildUbntDiscovery, parseUbnt } from './ubiquiti.js';
import { berInt, berOctets, berOid, readTlv, tlv } from '../../protocols/ber.js';
import { UDP_PROBES, udpProbeFor } from './index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

describe('payload builders', () => {
  const cases: { name: string; got: Buffer; want: Buffer | ((b: Buffer) => boolean) }[] = [
    { name: 'NTP mode 3 is 48 bytes, VN4 mode 3', got: buildMode3(), want: (b) => b.length === 48 && b[0] === 0x23 },
    { name: 'NTP mode 6 READVAR header', got: buildMode6ReadVar(7), want: hex('1602 0007 0000 0000 0000 0000') },
    { name: 'NTP mode 7 MON_GETLIST_1', got: buildMonlist(), want: (b) => b.length === 48 && b.subarray(0, 4).equals(hex('1700032a')) },
    { name: 'memcached frame header + stats', got: buildStats(0x0102), want: Buffer.concat([hex('0102 0000 0001 0000'), Buffer.from('stats\r\n')]) },
    { name: 'NetBIOS NBSTAT for *', got: buildNodeStatus(1), want: (b) => b.length === 50 && b.subarray(13, 15).toString() === 'CK' && b.readUInt16BE(46) === 0x21 },
    { name: 'TFTP RRQ octet', got: buildRrq('x'), want: Buffer.from('\x00\x01x\x00octet\x00', 'latin1') },
    { name: 'IKE main mode header', got: buildMainMode(), want: (b) => b.subarray(0, 8).equals(IKE_COOKIE) && b[16] === 1 && b[17] === 0x10 && b[18] === 2 && b.readUInt32BE(24) === b.length },
    { name: 'OpenVPN hard reset client v2', got: buildHardReset(), want: (b) => b.length === 14 && b[0] === 0x38 },
    { name: 'SIP OPTIONS', got: buildOptions(), want: (b) => b.toString().startsWith('OPTIONS sip:') && b.toString().endsWith('\r\n\r\n') },
    { name: 'CoAP GET /.well-known/core', got: buildWellKnownCore(0x1234), want: Buffer.concat([hex('40011234bb'), Buffer.from('.well-known'), hex('04'), Buffer.from('core')]) },
    { name: 'SSDP M-SEARCH', got: buildMSearch(), want: (b) => b.toString().startsWith('M-SEARCH * HTTP/1.1\r\n') && b.toString().includes('ST: ssdp:all') },
    { name: 'WS-Discovery Probe', got: buildProbe(), want: (b) => b.toString().includes('<wsd:Probe/>') },
    { name: 'portmap DUMP', got: buildDump(1), want: Buffer.concat([u32(1), u32(0), u32(2), u32(100000), u32(2), u32(4), Buffer.alloc(16)]) },
    { name: 'IPMI get channel auth', got: buildGetChannelAuth(), want: (b) => b.length === 23 && b[0] === 0x06 && b[3] === 0x07 && b[19] === 0x38 },
    { name: 'Ubiquiti v1', got: buildUbntDiscovery(), want: hex('01000000') },
  ];
  it.each(cases)('$name', ({ got, want }) => {
    if (typeof want === 'function') { expect(want(got)).toBe(true); } else { expect(got.toString('hex')).toBe(want.toString('hex')); }
  });

  it('DNS queries decode as what they ask', () => {
    const v = dnsPacket.decode(buildVersionBind(5));
    expect(v.questions?.[0]).toMatchObject({ name: 'version.bind', type: 'TXT', class: 'CH' });
    const r = dnsPacket.decode(buildRecursionQuery('probe.gh-far.test', 6));
    expect(r.questions?.[0]).toMatchObject({ name: 'probe.gh-far.test', type: 'A' });
    expect((r.flags ?? 0) & dnsPacket.RECURSION_DESIRED).toBeTruthy();
    expect(dnsPacket.decode(buildMdnsQuery()).questions?.[0]?.name).toBe('_services._dns-sd._udp.local');
  });

  it('SNMP GetRequests round-trip through the parser', () => {
    const p = parseSnmp(buildGetRequest(1, 'public', 77));
    expect(p).toMatchObject({ version: 1, community: 'public', pduType: 0xa0, requestId: 77 });
    expect(p?.values[0]?.oid).toBe(SYS_DESCR);
    expect(parseSnmp(buildV3Discovery())).toMatchObject({ version: 3, community: null, pduType: 0xa0 });
  });

  it('CLDAP search parses as an LDAP message', () => {
    expect(readTlv(buildRootDseSearch(), 0)?.tag).toBe(0x30);
  });

  it('every module has a discovery payload and requests; the registry maps its ports', () => {
    const ctx = { dnsRecursionName: 'probe.gh-far.test' };
    for (const p of UDP_PROBES) {
      expect(p.discovery(ctx).length).toBeGreaterThan(0);
      expect(p.requests(ctx).length).toBeGreaterThan(0);
      for (const port of p.ports) { expect(udpProbeFor(port)).toBe(p); }
    }
    expect(UDP_PROBES.length).toBe(19);
    expect(udpProbeFor(9)).toBeUndefined();
  });
});

const dnsResponse = (flags: number, answers: dnsPacket.Answer[]): Buffer => dnsPacket.encode({ type: 'response', id: 9, flags, questions: [{ type: 'A', name: 'x' }], answers });
const snmpResponse = (community: string, descr: string): Buffer => tlv(0x30, Buffer.concat([berInt(1), berOctets(community), tlv(0xa2, Buffer.concat([berInt(5), berInt(0), berInt(0), tlv(0x30, tlv(0x30, Buffer.concat([berOid(SYS_DESCR), berOctets(descr)])))]))]));

describe('reply parsers (table)', () => {
  const rows: { name: string; parse: (b: Buffer) => unknown; input: Buffer; want: unknown }[] = [
    { name: 'DNS version.bind TXT', parse: (b) => { const r = parseDnsReply(b); return r && versionBindText(r); }, input: dnsPacket.encode({ type: 'response', id: 1, flags: 0x8400, answers: [{ type: 'TXT', class: 'CH', name: 'version.bind', data: 'unbound 1.17.1' }] }), want: 'unbound 1.17.1' },
    { name: 'DNS rcode from flags', parse: (b) => parseDnsReply(b)?.rcode, input: dnsResponse(0x8185, []), want: 5 },
    { name: 'DNS query is not a reply', parse: parseDnsReply, input: buildVersionBind(), want: null },
    { name: 'DNS short', parse: parseDnsReply, input: hex('0001'), want: null },
    { name: 'mDNS services', parse: (b) => { const r = parseDnsReply(b); return r && mdnsServices(r); }, input: dnsResponse(0x8400, [{ type: 'PTR', name: '_services._dns-sd._udp.local', data: '_http._tcp.local' }]), want: ['_http._tcp.local'] },
    { name: 'NTP mode 4', parse: parseMode4, input: Buffer.concat([hex('2403'), Buffer.alloc(10), hex('0a4f0101'), Buffer.alloc(32)]), want: { version: 4, stratum: 3, refid: '10.79.1.1' } },
    { name: 'NTP mode 4 too short', parse: parseMode4, input: hex('24030000'), want: null },
    { name: 'NTP mode 6 response', parse: (b) => { const r = parseMode6(b); return r && mode6Version(r.text); }, input: Buffer.concat([hex('1682000100000000 0000 0014'), Buffer.from('version="ntpd 4.2.8"')]), want: 'ntpd 4.2.8' },
    { name: 'NTP mode 6 request is not a response', parse: parseMode6, input: buildMode6ReadVar(), want: null },
    { name: 'NTP mode 7 monlist reply', parse: parseMode7, input: Buffer.concat([hex('9700032a00060048'), Buffer.alloc(432)]), want: { items: 6, itemSize: 72, error: 0, implementation: 3, request: 0x2a } },
    { name: 'NTP mode 7 error', parse: (b) => parseMode7(b)?.error, input: hex('9700032a40000000'), want: 4 },
    { name: 'SNMP response with sysDescr', parse: (b) => parseSnmp(b)?.values[0]?.value, input: snmpResponse('public', 'Linux lab'), want: 'Linux lab' },
    { name: 'SNMP garbage', parse: parseSnmp, input: hex('300302010a'), want: null },
    { name: 'SSDP 200 OK', parse: (b) => parseSsdp(b)?.headers.server, input: Buffer.from('HTTP/1.1 200 OK\r\nSERVER: x/1\r\nST: upnp:rootdevice\r\n\r\n'), want: 'x/1' },
    { name: 'SSDP not HTTP', parse: parseSsdp, input: Buffer.from('NOTIFY * HTTP/1.1\r\n'), want: null },
    { name: 'memcached stats', parse: (b) => parseStats([b])?.version, input: Buffer.concat([hex('0001000000010000'), Buffer.from('STAT pid 1\r\nSTAT version 1.6.18\r\nEND\r\n')]), want: '1.6.18' },
    { name: 'memcached bad frame', parse: parseFrame, input: hex('0001000500010000'), want: null },
    { name: 'TFTP error', parse: parseTftp, input: Buffer.from('\x00\x05\x00\x01File not found\x00', 'latin1'), want: { opcode: 5, errorCode: 1, message: 'File not found' } },
    { name: 'TFTP unterminated error', parse: parseTftp, input: Buffer.from('\x00\x05\x00\x01abc', 'latin1'), want: null },
    { name: 'IKE notify', parse: parseIke, input: Buffer.concat([IKE_COOKIE, Buffer.alloc(8), hex('0b100500'), u32(0), u32(40), hex('0000000c000000010100000e')]), want: { version: '1.0', exchange: 5, nextPayload: 11, notify: 14 } },
    { name: 'IKE other cookie', parse: parseIke, input: Buffer.alloc(40, 1), want: null },
    { name: 'OpenVPN server reset', parse: (b) => parseOpenVpn(b)?.opcode, input: Buffer.concat([hex('40'), Buffer.alloc(8, 9), hex('00'), u32(0)]), want: 8 },
    { name: 'SIP 200', parse: parseSip, input: Buffer.from('SIP/2.0 200 OK\r\nServer: Asterisk PBX 18\r\n\r\n'), want: { code: 200, reason: 'OK', server: 'Asterisk PBX 18' } },
    { name: 'CoAP 2.05', parse: parseCoap, input: Buffer.concat([hex('60454748ff'), Buffer.from('</a>')]), want: { code: '2.05', messageId: 0x4748, payload: '</a>' } },
    { name: 'CoAP request is not a response', parse: parseCoap, input: buildWellKnownCore(), want: null },
    { name: 'WS-Discovery ProbeMatches', parse: parseWsd, input: Buffer.from('<s:Envelope><s:Body><d:ProbeMatches><d:Types>dn:Cam</d:Types><d:XAddrs>http://x</d:XAddrs></d:ProbeMatches></s:Body></s:Envelope>'), want: { types: 'dn:Cam', xaddrs: 'http://x' } },
    { name: 'chargen pattern', parse: looksLikeChargen, input: Buffer.from('!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh\r\n'), want: true },
    { name: 'chargen: prose is not chargen', parse: looksLikeChargen, input: Buffer.from('hello world, this is not chargen\r\n'), want: false },
    { name: 'QOTD', parse: parseQuote, input: Buffer.from('"A quote." - someone\r\n'), want: '"A quote." - someone' },
    { name: 'QOTD binary', parse: parseQuote, input: hex('0001ff'), want: null },
    { name: 'portmap DUMP reply', parse: parseDump, input: Buffer.concat([u32(PORTMAP_XID), u32(1), u32(0), u32(0), u32(0), u32(0), u32(1), u32(100000), u32(2), u32(17), u32(111), u32(0)]), want: [{ program: 100000, version: 2, protocol: 17, port: 111 }] },
    { name: 'portmap wrong xid', parse: parseDump, input: Buffer.concat([u32(1), u32(1), u32(0), u32(0), u32(0), u32(0), u32(0)]), want: null },
    { name: 'CLDAP entry + done', parse: parseCldap, input: Buffer.concat([tlv(0x30, Buffer.concat([berInt(7), tlv(0x64, Buffer.concat([berOctets(''), tlv(0x30, tlv(0x30, Buffer.concat([berOctets('dnsHostName'), tlv(0x31, berOctets('dc1'))])))]))])), tlv(0x30, Buffer.concat([berInt(7), tlv(0x65, hex('0a0100 0400 0400'))]))]), want: { messageId: 7, entries: 1, attributes: ['dnsHostName'], done: true } },
    { name: 'IPMI channel auth reply', parse: parseChannelAuth, input: hex('0600ff07 00 00000000 00000000 10 811c6320003800019704030000000000 00'), want: { completion: 0, channel: 1, authTypes: 0x17, ipmi20: true, anonymous: true } },
    { name: 'IPMI not RMCP', parse: parseChannelAuth, input: Buffer.alloc(30), want: null },
    { name: 'Ubiquiti TLVs', parse: parseUbnt, input: Buffer.concat([hex('0100000b'), hex('0b0003'), Buffer.from('ap1'), hex('0c0002'), Buffer.from('M5')]), want: { hostname: 'ap1', model: 'M5', tlvs: 2 } },
    { name: 'Ubiquiti length beyond data', parse: parseUbnt, input: hex('010000ff0b'), want: null },
    { name: 'NetBIOS node status', parse: (b) => parseNodeStatus(b)?.names[0]?.name, input: Buffer.concat([hex('47488400000000010000 0000'), buildNodeStatus().subarray(12, 46), hex('0021 0001 00000000 0041 02'), Buffer.from('GATEHOUSE-LAB  \x00\x04\x00', 'latin1'), Buffer.from('WORKGROUP      \x00\x84\x00', 'latin1'), hex('02420a4f010a')]), want: 'GATEHOUSE-LAB' },
  ];
  it.each(rows)('$name', ({ parse, input, want }) => {
    const got = parse(input);
    if (want !== null && typeof want === 'object' && !Array.isArray(want)) { expect(got).toMatchObject(want); } else { expect(got).toEqual(want); }
  });

  it('version strings map to products only when unambiguous', () => {
    expect(productFromVersion('unbound 1.17.1')).toEqual({ product: 'Unbound', version: '1.17.1' });
    expect(productFromVersion('9.18.24-1-Debian')).toEqual({ product: 'ISC BIND', version: '9.18.24-1-Debian' });
    expect(productFromVersion('none of your business')).toEqual({});
    expect(ntpProduct('ntpd ntpsec-1.2.2 2023-01-01')).toEqual({ product: 'NTPsec', version: '1.2.2' });
    expect(ntpProduct('ntpd 4.2.8p15@1.3728-o')).toEqual({ product: 'ntpd', version: '4.2.8p15' });
  });
});

describe('reply parsers (fuzz: never throw, bounded output)', () => {
  const parsers: [string, (b: Buffer) => unknown][] = [
    ['dns', parseDnsReply], ['ntp4', parseMode4], ['ntp6', parseMode6], ['ntp7', parseMode7], ['snmp', parseSnmp], ['ssdp', parseSsdp],
    ['memcached', (b) => parseStats([b])], ['netbios', parseNodeStatus], ['tftp', parseTftp], ['ike', parseIke], ['openvpn', parseOpenVpn],
    ['sip', parseSip], ['coap', parseCoap], ['wsd', parseWsd], ['chargen', looksLikeChargen], ['qotd', parseQuote], ['portmap', parseDump],
    ['cldap', parseCldap], ['ipmi', parseChannelAuth], ['ubnt', parseUbnt],
  ];
  it.each(parsers)('%s', (_name, parse) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const out = parse(Buffer.from(bytes));
      expect(JSON.stringify(out ?? null).length).toBeLessThan(200_000);
    }), { numRuns: 400 });
  });

  it('every module identifies nothing from random replies without throwing', () => {
    const ctx = { dnsRecursionName: 'x.test' };
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 3 }), (replies) => {
      for (const p of UDP_PROBES) {
        const ex = p.requests(ctx).map((r) => ({ label: r.label, sent: r.bytes, replies: replies.map((x) => Buffer.from(x)), refused: false, truncated: false }));
        const id = p.identify(ex);
        if (id !== null) { expect(id.confidence).toBeGreaterThan(0); }
      }
    }), { numRuns: 200 });
  });
});
