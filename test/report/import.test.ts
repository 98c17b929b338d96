/** Import parsers (untrusted bytes): the XML reader, nmap -oX mapping, masscan JSON, scan JSON — tables and fuzzing. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { decodeEntities, parseXml } from '../../src/import/xml.js';
import { nmapToDocument } from '../../src/import/nmap.js';
import { masscanToDocument } from '../../src/import/masscan.js';
import { detectFormat, parseScanText } from '../../src/import/index.js';
import { isGatehouseError } from '../../src/errors/index.js';
import { fixture } from './render.js';
import { serviceName } from '../../src/knowledge/services.js';
import { groupOf, parseGroups } from '../../src/score/groups.js';

const importError = expect.objectContaining({ code: 'GH_ERR_IMPORT' });

describe('xml reader', () => {
  const ok: { input: string; want: unknown }[] = [
    { input: '<a/>', want: { name: 'a', attrs: {}, children: [], text: '' } },
    { input: '<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<!-- c --><a x="1" y=\'2\'><b z="&lt;&amp;&#65;&#x42;"/></a>', want: { name: 'a', attrs: { x: '1', y: '2' }, children: [{ name: 'b', attrs: { z: '<&AB' }, children: [], text: '' }], text: '' } },
    { input: '<a><cpe>cpe:/a:x:y:1</cpe></a>', want: { name: 'a', attrs: {}, children: [{ name: 'cpe', attrs: {}, children: [], text: 'cpe:/a:x:y:1' }], text: '' } },
    { input: '<a><![CDATA[<raw>]]></a>', want: { name: 'a', attrs: {}, children: [], text: '<raw>' } },
    { input: '<a   >\n</a   >', want: { name: 'a', attrs: {}, children: [], text: '' } },
  ];
  for (const t of ok) { it(`parses ${JSON.stringify(t.input).slice(0, 40)}`, () => { expect(JSON.parse(JSON.stringify(parseXml(t.input)))).toEqual(t.want); }); }

  const bad = ['', 'text', '<a>', '<a></b>', '<a/><b/>', '<a x=1/>', '<a x="1"', '<!-- open', '<a><![CDATA[x</a>', '</a>', '<a>x</a>y', '<1a/>'];
  for (const input of bad) { it(`rejects ${JSON.stringify(input)}`, () => { expect(() => parseXml(input)).toThrow(importError); }); }

  it('bounds depth and element count', () => {
    expect(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(importError);
    expect(() => parseXml(`<r>${'<e/>'.repeat(50)}</r>`, { maxBytes: 1e6, maxElements: 10, maxDepth: 8 })).toThrow(importError);
    expect(() => parseXml('<a/>', { maxBytes: 2, maxElements: 10, maxDepth: 8 })).toThrow(importError);
  });

  it('decodes entities and leaves unknown ones', () => {
    expect(decodeEntities('&quot;&apos;&foo;&#0;&#xD800;&#1114112;')).toBe('"\'&foo;\u0000&#xD800;&#1114112;');
  });

  it('never fails other than with GH_ERR_IMPORT on arbitrary input', () => {
    const xmlish = fc.array(fc.constantFrom('<', '>', '/', 'a', 'b', '="', '"', ' ', '<!--', '-->', '<?', '?>', '&amp;', '&#x41;', '<![CDATA[', ']]>', 'x'), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), xmlish), (s) => {
      try { parseXml(s); } catch (err) { expect(isGatehouseError(err) && err.code === 'GH_ERR_IMPORT').toBe(true); }
    }), { numRuns: 2000 });
  });
});

describe('nmap -oX import', () => {
  // fixtures/nmap-sV.xml was written by nmap 7.93 (Debian) against three loopback listeners (an OpenSSH 7.4 banner,
  // an HTTP server answering "Server: Apache/2.2.34 (Unix)", a vsftpd 3.0.3 banner):
  //   nmap -sT -sV -p <ssh>,<http>,<ftp> 127.0.0.1 -oX nmap-sV.xml        (test/report/nmap-live.test.ts re-runs it)
  const xml = readFileSync(fixture('nmap-sV.xml'), 'utf8');

  it('maps hosts, ports and -sV service fields', () => {
    const doc = nmapToDocument(xml);
    expect(doc.scan).toMatchObject({ started: '2026-11-25T11:52:35.000Z', finished: '2026-11-25T11:52:48.000Z', targets: ['127.0.0.1'] });
    const h = doc.hosts[0]!;
    expect(h).toMatchObject({ address: '127.0.0.1', hostnames: ['localhost'], state: 'up', counts: { open: 3 } });
    expect(h.ports.map((p) => [p.port, p.state, p.reason, p.service.name, p.service.product, p.service.version, p.service.method, p.service.confidence, p.service.cpe])).toEqual([
      [35745, 'open', 'syn-ack', 'ssh', 'OpenSSH', '7.4', 'probed', 1, 'cpe:/a:openbsd:openssh:7.4'],
      [39711, 'open', 'syn-ack', 'http', 'Apache httpd', '2.2.34', 'probed', 1, 'cpe:/a:apache:http_server:2.2.34'],
      [42043, 'open', 'syn-ack', 'ftp', 'vsftpd', '3.0.3', 'probed', 1, 'cpe:/a:vsftpd:vsftpd:3.0.3'],
    ]);
  });

  it('runs software-eol and marks live checks as not run', () => {
    const loaded = parseScanText(xml, 'nmap-sV.xml');
    expect(loaded.format).toBe('nmap');
    const http = loaded.doc.hosts[0]!.ports.find((p) => p.port === 39711)!;
    expect(http.findings?.map((f) => [f.id, f.details?.branch])).toEqual([['software-eol', '2.2']]);
    expect(http.checksNotRun?.map((c) => c.id)).toContain('http-no-tls');
    expect(loaded.notRun).toEqual(expect.arrayContaining(['ftp-anonymous-login', 'ssh-password-auth', 'http-no-tls']));
    expect(loaded.notRun).not.toContain('software-eol');
  });

  const cases: { name: string; xml: string; want: unknown }[] = [
    { name: 'down host, extraports, table method', xml: '<nmaprun start="0"><host><status state="down" reason="no-response"/><address addr="10.0.0.9" addrtype="ipv4"/></host>' +
      '<host><status state="up" reason="syn-ack"/><address addr="aa:bb" addrtype="mac"/><address addr="::1" addrtype="ipv6"/><ports><extraports state="closed" count="997"/>' +
      '<port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/><service name="telnet" method="table" conf="3"/></port>' +
      '<port protocol="sctp" portid="1"><state state="open"/></port><port protocol="udp" portid="53"><state state="open|filtered" reason="no-response"/></port></ports></host></nmaprun>',
    want: [['10.0.0.9', 'down', []], ['::1', 'up', [[23, 'tcp', 'open', 'table', 0.3], [53, 'udp', 'open|filtered', undefined, undefined]]]] },
    { name: 'host without an IP address is skipped', xml: '<nmaprun><host><address addr="aa:bb" addrtype="mac"/></host></nmaprun>', want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = nmapToDocument(c.xml);
      expect(doc.hosts.map((h) => [h.address, h.state, h.ports.map((p) => [p.port, p.protocol, p.state, p.service.method, p.service.confidence].slice(0, p.service.method ? 5 : 3).concat(p.service.method ? [] : [undefined, undefined]))])).toEqual(c.want);
    });
  }

  it('counts extraports', () => {
    const doc = nmapToDocument('<nmaprun><host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/><ports><extraports state="closed" count="997"/><extraports state="filtered" count="x"/></ports></host></nmaprun>');
    expect(doc.hosts[0]!.counts).toEqual({ open: 0, closed: 997, filtered: 0, 'open|filtered': 0 });
  });

  it('rejects XML that is not nmap output', () => {
    expect(() => nmapToDocument('<html/>')).toThrow(importError);
  });
});

describe('masscan -oJ import', () => {
  const text = `[
{   "ip": "10.0.0.2",   "timestamp": "1700000000", "ports": [ {"port": 6379, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
,
{   "ip": "10.0.0.1",   "timestamp": "1700000005", "ports": [ {"port": 22, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
,
{   "ip": "10.0.0.2",   "timestamp": "1700000003", "ports": [ {"port": 80, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
,
]
`;
  it('merges records per address, names services from IANA, marks every check as not run', () => {
    const loaded = parseScanText(text, 'm.json');
    expect(loaded.format).toBe('masscan');
    expect(loaded.doc.hosts.map((h) => [h.address, h.ports.map((p) => [p.port, p.service.name, p.service.method])])).toEqual([
      ['10.0.0.1', [[22, serviceName(22, 'tcp'), 'table']]], ['10.0.0.2', [[80, serviceName(80, 'tcp'), 'table'], [6379, serviceName(6379, 'tcp'), 'table']]],
    ]);
    expect(loaded.doc.scan).toMatchObject({ started: '2023-11-14T22:13:20.000Z', finished: '2023-11-14T22:13:25.000Z' });
    expect(loaded.notRun).toContain('redis-no-auth');
  });
  const bad = ['{}', 'nope', '[{"ip":"192.0.2.1"}]', '[{"ip":"192.0.2.1","ports":[{"port":0,"proto":"tcp"}]}]', '[{"ip":"192.0.2.1","ports":[{"port":1,"proto":"sctp"}]}]'];
  for (const b of bad) { it(`rejects ${b}`, () => { expect(() => masscanToDocument(b)).toThrow(importError); }); }
  it('never fails other than with GH_ERR_IMPORT on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json(), (j) => {
      try { masscanToDocument(j); } catch (err) { expect(isGatehouseError(err) && err.code === 'GH_ERR_IMPORT').toBe(true); }
    }), { numRuns: 500 });
  });
});

describe('scan JSON input', () => {
  it('detects the format from the content', () => {
    expect(detectFormat('  <?xml')).toBe('nmap');
    expect(detectFormat('[{"ip":1}]')).toBe('masscan');
    expect(detectFormat('{"version":1}')).toBe('gatehouse');
  });
  const bad = ['{', '{"version":2,"scan":{},"hosts":[]}', '{"version":1,"scan":{"started":"x","finished":null,"targets":[],"ports":""},"hosts":[{"address":"a"}]}',
    '{"version":1,"scan":{"started":"x","finished":null,"targets":[],"ports":""},"hosts":[{"address":"a","hostnames":[],"state":"up","reason":"","counts":{"open":0,"closed":0,"filtered":0,"open|filtered":0},"ports":[{"port":1,"protocol":"tcp","state":"open","reason":"","service":{"name":"x"},"findings":[{"id":"x","severity":"severe","title":"","evidence":"","remediation":"","references":[]}]}]}]}'];
  for (const b of bad) { it(`rejects ${b.slice(0, 50)}`, () => { expect(() => parseScanText(b, 'f.json')).toThrow(importError); }); }
  it('never fails other than with GH_ERR_IMPORT on arbitrary JSON text', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 100 }).map((x) => `{${x}`)), (text) => {
      try { parseScanText(text.trimStart().startsWith('<') || text.trimStart().startsWith('[') ? `{"x":${JSON.stringify(text)}}` : text, 'f.json'); } catch (err) {
        expect(isGatehouseError(err) && err.code === 'GH_ERR_IMPORT').toBe(true);
      }
    }), { numRuns: 500 });
  });
});

describe('groups file', () => {
  it('never fails other than with GH_ERR_GROUPS on arbitrary documents', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      try { parseGroups(v); } catch (err) { expect(isGatehouseError(err) && err.code === 'GH_ERR_GROUPS').toBe(true); }
    }), { numRuns: 500 });
  });
  const table: { entries: string[]; address: string; names?: string[]; want: string }[] = [
    { entries: ['10.0.0.0/8'], address: '10.1.2.3', want: 'g' },
    { entries: ['10.0.0.0/8'], address: '11.1.2.3', want: 'ungrouped' },
    { entries: ['2001:db8::/32'], address: '2001:db8::1', want: 'g' },
    { entries: ['10.0.0.0/8'], address: '::ffff:10.0.0.1', want: 'g' },
    { entries: ['2001:db8::1'], address: '2001:0db8:0:0:0:0:0:1', want: 'g' },
    { entries: ['WWW.Example.com'], address: '192.0.2.1', names: ['www.example.com'], want: 'g' },
    { entries: ['www.example.com'], address: 'not-an-ip', want: 'ungrouped' },
  ];
  for (const t of table) {
    it(`${t.entries.join(',')} ∋ ${t.address}? ${t.want}`, () => {
      expect(groupOf(parseGroups({ g: t.entries }), t.address, t.names ?? [])).toBe(t.want);
    });
  }
});
