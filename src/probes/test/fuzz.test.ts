// Fuzz (fast-check) of every parser of untrusted bytes: random and mutated real-format inputs never throw, and the
// output stays bounded (a hostile service cannot make a match or its facts large).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { registry } from '../registry.js';
import { parseHttpResponse, httpComplete, jsonBody } from '../../protocols/http.js';
import { apiFromRoot, apiFromVersion, apiFromBuildinfo } from '../http-apis.js';
import { berRead } from '../../protocols/ber.js';
import { decodeBson } from '../../protocols/bson.js';
import { parseEhlo } from '../services/smtp.js';
import { parseRedisInfo } from '../services/redis.js';
import { parseSecurityTypes } from '../services/vnc.js';
import { readFieldTable } from '../services/amqp.js';
import { mqttPublishes } from '../services/mqtt.js';
import { xorgVersion } from '../services/x11.js';
import { endsAtFinalReply } from '../../protocols/line-reply.js';
import { tlsRequiredHint } from '../tls-required.js';
import { handshakeComplete, parseHandshake, parseNames } from '../../protocols/erlang.js';
import { parseConfirm, rdpProduct } from '../../protocols/rdp.js';
import * as fx from './fixtures.js';

const seeds: Buffer[] = [
  Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'), Buffer.from('220 (vsFTPd 3.0.3)\r\n'), Buffer.from('+OK Dovecot ready.\r\n'),
  Buffer.from('* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n'), Buffer.from('RFB 003.008\n'), Buffer.from('@RSYNCD: 31.0\n'),
  Buffer.from('INFO {"server_id":"x","version":"2"}\r\n'), Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 2\r\n\r\n{}'),
  Buffer.from('SIP/2.0 200 OK\r\nServer: x/1\r\n\r\n'), Buffer.from('RTSP/1.0 200 OK\r\n\r\n'), Buffer.from('$20\r\nredis_version:7.0.1\r\n\r\n'),
  fx.mysqlHandshake('5.5.5-10.11.6-MariaDB'), fx.mysqlError(1130, 'Host not allowed'), fx.pgError('28000', 'nope'),
  Buffer.concat([fx.pgAuth(0), fx.pgParam('server_version', '16')]), fx.mongoReply(fx.bson([['version', '7.0'], ['ok', 1]])),
  fx.amqpStart({ product: 'RabbitMQ', version: '3' }), fx.smb2NegotiateResponse(0x0311, 3), fx.rdpConfirm(1), fx.x11Success('X.Org', 1),
  fx.x11Failed('no'), fx.dnsTxtAnswer(0x6768, 'unbound 1.17'), fx.ldapRootDse({ namingContexts: ['dc=x'] }), fx.ldapDone(0),
  Buffer.from('0003736f6b00264e0000000d07df7fbdbeb4a9dc6b0f318d00136c61626e6f64654031302e37372e312e313130', 'hex'), Buffer.from('00001111name a at port 1\n', 'latin1'),
  Buffer.from([0x20, 2, 0, 0]), Buffer.from([5, 0]), Buffer.from([0x83, 0, 0, 1, 0x82]),
  Buffer.from('\x90\x03\x00\x01\x001\x2d\x00\x13$SYS/broker/versionmosquitto version 2.0.11', 'latin1'), Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfb, 0x01]), Buffer.from([0x15, 3, 3, 0, 2, 2, 40]),
];

/** Random bytes, or a seed truncated / with bytes overwritten / with random bytes appended. */
const input = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.uint8Array({ maxLength: 64 }))
    .map(([seed, cut, flips, tail]) => {
      const b = Buffer.from(seed.subarray(0, seed.length === 0 ? 0 : 1 + (cut % seed.length)));
      for (const [at, v] of flips) { if (b.length > 0) { b[at % b.length] = v; } }
      return Buffer.concat([b, Buffer.from(tail)]);
    }),
);

const MAX_JSON = 16_384;
const bounded = (v: unknown): boolean => JSON.stringify(v ?? null).length <= MAX_JSON;
const RUNS = { numRuns: 400 };

describe('fuzz: rule matchers never throw and stay bounded', () => {
  it.each(registry.map((r) => [r.name, r] as const))('%s', (_name, rule) => {
    fc.assert(fc.property(input, (data) => {
      const m = rule.match(data);
      if (m === null) { return true; }
      expect(typeof m.name).toBe('string');
      expect(m.confidence).toBeGreaterThanOrEqual(0);
      expect(m.confidence).toBeLessThanOrEqual(1);
      for (const f of [m.product, m.version, m.extraInfo]) { expect((f ?? '').length).toBeLessThanOrEqual(300); }
      expect(bounded(m)).toBe(true);
      if (rule.until !== undefined) { rule.until(data); }
      return true;
    }), RUNS);
  });
});

describe('fuzz: helper parsers never throw and stay bounded', () => {
  const helpers: Array<[string, (d: Buffer) => unknown]> = [
    ['parseHttpResponse', (d) => parseHttpResponse(d, ['HTTP', 'RTSP', 'SIP'])],
    ['httpComplete', httpComplete],
    ['apiFromRoot/Version/Buildinfo', (d) => { const r = parseHttpResponse(d); return r === null ? null : [apiFromRoot(r), apiFromVersion(r), apiFromBuildinfo(r), jsonBody(r) !== null]; }],
    ['berRead', (d) => { const b = berRead(d, 0); return b === null ? null : { tag: b.tag, n: b.children?.length ?? 0 }; }],
    ['decodeBson (tolerant)', (d) => decodeBson(d, 0, true)],
    ['parseEhlo', parseEhlo],
    ['parseRedisInfo', parseRedisInfo],
    ['parseSecurityTypes', (d) => [parseSecurityTypes(d, '3.8'), parseSecurityTypes(d, '3.3')]],
    ['readFieldTable', (d) => readFieldTable(d, 0, d.length)],
    ['endsAtFinalReply', endsAtFinalReply],
    ['tlsRequiredHint', tlsRequiredHint],
    ['parseNames/parseHandshake/handshakeComplete', (d) => [parseNames(d), parseHandshake(d), handshakeComplete(d)]],
    ['parseConfirm/rdpProduct', (d) => { const c = parseConfirm(d); return c === null ? null : rdpProduct(c, parseConfirm(d.subarray(1))); }],
    ['mqttPublishes', mqttPublishes],
    ['xorgVersion', (d) => xorgVersion(d.length >= 4 ? d.readUInt32LE(0) : 0)],
  ];
  it.each(helpers)('%s', (_name, fn) => {
    fc.assert(fc.property(input, (data) => bounded(fn(data))), RUNS);
  });
});
