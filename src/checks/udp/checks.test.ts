/** UDP checks, table-driven over crafted exchanges: the right finding ids, no false ones, factors and severities. */
import { describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { udpFindings, UDP_FINDING_IDS } from './index.js';
import { severityForFactor, maxSeverity } from './amplification.js';
import { EXPOSED } from './exposed.js';
import type { UdpExchange, UdpIdentity } from '../../probes/udp/types.js';
import { buildRecursionQuery, buildVersionBind } from '../../probes/udp/dns.js';
import { buildMonlist, buildMode6ReadVar } from '../../probes/udp/ntp.js';
import { buildGetRequest, SYS_DESCR } from '../../probes/udp/snmp.js';
import { berInt, berOctets, berOid, tlv } from '../../protocols/ber.js';
import { unescapeBytes } from '../../core/escape.js';

const ex = (label: string, sent: Buffer, replies: Buffer[]): UdpExchange => ({ label, sent, replies, refused: false, truncated: false });
const NAME = 'probe.gh-far.test';
const dnsReply = (flags: number, answers: dnsPacket.Answer[]): Buffer => dnsPacket.encode({ type: 'response', id: 1, flags, questions: [{ type: 'A', name: NAME }], answers });
const snmpReply = (community: string): Buffer => tlv(0x30, Buffer.concat([berInt(1), berOctets(community), tlv(0xa2, Buffer.concat([berInt(5), berInt(0), berInt(0), tlv(0x30, tlv(0x30, Buffer.concat([berOid(SYS_DESCR), berOctets('Linux lab '.repeat(8))])))]))]));

interface Row { name: string; probe: string | null; identity?: UdpIdentity; exchanges: UdpExchange[]; want: string[] }

const rows: Row[] = [
  { name: 'open resolver: RA, answer for the name, not authoritative', probe: 'domain', exchanges: [ex('recursion', buildRecursionQuery(NAME), [dnsReply(0x8180, [{ type: 'A', name: NAME, data: '10.79.9.2' }])])], want: ['dns-open-resolver'] },
  { name: 'closed resolver: REFUSED', probe: 'domain', exchanges: [ex('recursion', buildRecursionQuery(NAME), [dnsReply(0x8185, [])])], want: [] },
  { name: 'authoritative answer is not recursion', probe: 'domain', exchanges: [ex('recursion', buildRecursionQuery(NAME), [dnsReply(0x8580, [{ type: 'A', name: NAME, data: '10.79.9.2' }])])], want: [] },
  { name: 'RA but an answer for another name', probe: 'domain', exchanges: [ex('recursion', buildRecursionQuery(NAME), [dnsReply(0x8180, [{ type: 'A', name: 'other.test', data: '10.0.0.1' }])])], want: [] },
  { name: 'version.bind disclosed', probe: 'domain', exchanges: [ex('version.bind', buildVersionBind(), [dnsPacket.encode({ type: 'response', id: 1, flags: 0x8400, answers: [{ type: 'TXT', class: 'CH', name: 'version.bind', data: '9.18.1' }] })])], want: ['dns-version-disclosure'] },
  { name: 'monlist with entries', probe: 'ntp', exchanges: [ex('mode7-monlist', buildMonlist(), [Buffer.concat([Buffer.from('9700032a00060048', 'hex'), Buffer.alloc(432)])])], want: ['ntp-monlist-amplification'] },
  { name: 'mode 7 error reply is no monlist', probe: 'ntp', exchanges: [ex('mode7-monlist', buildMonlist(), [Buffer.from('9700032a40000000', 'hex')])], want: [] },
  { name: 'mode 6 readvar answered', probe: 'ntp', exchanges: [ex('mode6-readvar', buildMode6ReadVar(), [Buffer.concat([Buffer.from('168200010000000000000014', 'hex'), Buffer.from('version="ntpd 4.2.8"')])])], want: ['ntp-mode6-exposed'] },
  { name: 'SNMP public accepted', probe: 'snmp', exchanges: [ex('v2c-public', buildGetRequest(1, 'public', 1), [snmpReply('public')]), ex('v2c-private', buildGetRequest(1, 'private', 2), [])], want: ['snmp-default-community'] },
  { name: 'SNMP silent for defaults', probe: 'snmp', exchanges: [ex('v2c-public', buildGetRequest(1, 'public', 1), []), ex('v1-private', buildGetRequest(0, 'private', 2), [])], want: [] },
  { name: 'chargen identified', probe: 'chargen', identity: { name: 'chargen', confidence: 1, label: 'chargen' }, exchanges: [ex('chargen', Buffer.from([10]), [Buffer.alloc(512, 0x41)])], want: ['chargen-exposed'] },
  { name: 'unknown service with a 20x reply', probe: null, exchanges: [ex('empty', Buffer.alloc(0), [Buffer.alloc(20)])], want: ['udp-amplifier'] },
  { name: 'unknown service echoing (1x)', probe: null, exchanges: [ex('empty', Buffer.from('abcd'), [Buffer.from('abcd')])], want: [] },
  { name: 'closed DNS resolver is never a generic amplifier', probe: 'domain', exchanges: [ex('recursion', Buffer.alloc(10), [Buffer.alloc(100)])], want: [] },
];

describe('udpFindings', () => {
  it.each(rows)('$name', ({ probe, identity, exchanges, want }) => {
    const got = udpFindings({ probe, service: probe ?? 'unknown', identity: identity ?? null, exchanges, dnsRecursionName: NAME });
    expect(got.map((f) => f.id)).toEqual(want);
    for (const f of got) {
      expect(UDP_FINDING_IDS).toContain(f.id);
      expect(f.amplification).toBeGreaterThanOrEqual(0);
      expect(f.references.some((r) => r.includes('cisa.gov'))).toBe(true);
      expect(f.remediation.length).toBeGreaterThan(20);
      const e = f.exchanges?.[0];
      expect(e?.sent).not.toBeNull();
      // evidence bytes are the escaped request, reversibly
      expect(unescapeBytes(e?.sent ?? '').equals(exchanges.find((x) => x.replies.length > 0)?.sent ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('the factor is bytes received / bytes sent and drives severity', () => {
    const [f] = udpFindings({ probe: 'chargen', service: 'chargen', identity: { name: 'chargen', confidence: 1, label: 'c' }, exchanges: [ex('c', Buffer.from([10]), [Buffer.alloc(512, 0x41)])], dnsRecursionName: NAME });
    expect(f?.amplification).toBe(512);
    expect(f?.severity).toBe('critical');
  });

  it('severity bands and maximum', () => {
    expect([1, 2, 5, 20, 100, 51000].map(severityForFactor)).toEqual(['info', 'low', 'medium', 'high', 'critical', 'critical']);
    expect(maxSeverity('high', 'low')).toBe('high');
    expect(maxSeverity('info', 'medium')).toBe('medium');
  });

  it('every published id is produced by some check', () => {
    const exposedIds = EXPOSED.map((r) => r.id);
    const own = ['dns-open-resolver', 'dns-version-disclosure', 'ntp-monlist-amplification', 'ntp-mode6-exposed', 'snmp-default-community', 'udp-amplifier'];
    expect([...own, ...exposedIds].sort()).toEqual([...UDP_FINDING_IDS].sort());
  });
});
