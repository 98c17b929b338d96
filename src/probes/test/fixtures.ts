/**
 * @module probes/test/fixtures — protocol answers built from the specs cited in each rule file (not captured from
 * third parties), for the table-driven parser tests and as seeds of the fuzz tests.
 */
import dnsPacket from 'dns-packet';

const le16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16LE(n, 0); return b; };
const be32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n, 0); return b; };

/** MySQL HandshakeV10 packet carrying `version`. */
export function mysqlHandshake(version: string, caps = 0xf7fe): Buffer {
  const body = Buffer.concat([
    Buffer.from([0x0a]), Buffer.from(`${version}\0`, 'latin1'), Buffer.from([1, 0, 0, 0]), Buffer.from('abcdefgh'), Buffer.from([0]),
    le16(caps & 0xffff), Buffer.from([0x21]), le16(2), le16(0x81ff), Buffer.from([21]), Buffer.alloc(10), Buffer.from('ijklmnopqrst\0'),
    Buffer.from('mysql_native_password\0'),
  ]);
  return Buffer.concat([Buffer.from([body.length & 0xff, body.length >> 8, 0, 0]), body]);
}

export function mysqlError(code: number, msg: string): Buffer {
  const body = Buffer.concat([Buffer.from([0xff]), le16(code), Buffer.from(msg, 'latin1')]);
  return Buffer.concat([Buffer.from([body.length & 0xff, body.length >> 8, 0, 0]), body]);
}

function pgMsg(type: string, body: Buffer): Buffer { return Buffer.concat([Buffer.from(type), be32(body.length + 4), body]); }
export const pgError = (code: string, msg: string): Buffer => pgMsg('E', Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${msg}\0Fauth.c\0L1\0Rx\0\0`, 'latin1'));
export const pgAuth = (code: number): Buffer => pgMsg('R', be32(code));
export const pgParam = (k: string, v: string): Buffer => pgMsg('S', Buffer.from(`${k}\0${v}\0`, 'latin1'));

/** A BSON document of the given fields (int32, double, string, bool). */
export function bson(fields: Array<[string, number | string | boolean] | [string, number, 'int' | 'double']>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v, kind] of fields.map((f) => [f[0], f[1], f[2]] as const)) {
    const key = Buffer.from(`${k}\0`);
    if (typeof v === 'string') { const s = Buffer.from(`${v}\0`); const n = Buffer.alloc(4); n.writeInt32LE(s.length); parts.push(Buffer.from([2]), key, n, s); } else if (typeof v === 'boolean') { parts.push(Buffer.from([8]), key, Buffer.from([v ? 1 : 0])); } else if (kind === 'int') { const n = Buffer.alloc(4); n.writeInt32LE(v); parts.push(Buffer.from([0x10]), key, n); } else { const n = Buffer.alloc(8); n.writeDoubleLE(v); parts.push(Buffer.from([1]), key, n); }
  }
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(4); len.writeInt32LE(body.length + 5);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

export function mongoReply(doc: Buffer): Buffer {
  const h = Buffer.alloc(21);
  h.writeInt32LE(21 + doc.length, 0); h.writeInt32LE(7, 4); h.writeInt32LE(1, 8); h.writeInt32LE(2013, 12); h.writeUInt32LE(0, 16); h.writeUInt8(0, 20);
  return Buffer.concat([h, doc]);
}

/** AMQP 0-9-1 Connection.Start frame with server-properties. */
export function amqpStart(props: Record<string, string>): Buffer {
  const tbl = Buffer.concat(Object.entries(props).map(([k, v]) => Buffer.concat([Buffer.from([k.length]), Buffer.from(k), Buffer.from('S'), be32(v.length), Buffer.from(v)])));
  const mech = Buffer.from('PLAIN AMQPLAIN');
  const payload = Buffer.concat([Buffer.from([0, 10, 0, 10, 0, 9]), be32(tbl.length), tbl, be32(mech.length), mech, be32(5), Buffer.from('en_US')]);
  return Buffer.concat([Buffer.from([1, 0, 0]), be32(payload.length), payload, Buffer.from([0xce])]);
}

export function smb2NegotiateResponse(dialect: number, securityMode: number): Buffer {
  const hdr = Buffer.alloc(64); hdr.write('\xfeSMB', 0, 'latin1'); hdr.writeUInt16LE(64, 4); hdr.writeUInt16LE(0, 12); hdr.writeUInt32LE(1, 16);
  const body = Buffer.alloc(64); body.writeUInt16LE(65, 0); body.writeUInt16LE(securityMode, 2); body.writeUInt16LE(dialect, 4);
  const msg = Buffer.concat([hdr, body]);
  return Buffer.concat([be32(msg.length), msg]);
}

export const rdpConfirm = (selected: number): Buffer => Buffer.from([0x03, 0, 0, 0x13, 0x0e, 0xd0, 0, 0, 0x12, 0x34, 0, 0x02, 0x1f, 0x08, 0, selected, 0, 0, 0]);

export function x11Success(vendor: string, release: number): Buffer {
  const v = Buffer.from(vendor);
  const pad = (4 - (v.length % 4)) % 4;
  const extra = Buffer.alloc(32 + v.length + pad);
  extra.writeUInt32LE(release, 0); extra.writeUInt16LE(v.length, 16); v.copy(extra, 32);
  const h = Buffer.alloc(8); h[0] = 1; h.writeUInt16LE(11, 2); h.writeUInt16LE(0, 4); h.writeUInt16LE(extra.length / 4, 6);
  return Buffer.concat([h, extra]);
}
export function x11Failed(reason: string): Buffer {
  const r = Buffer.from(reason); const pad = (4 - (r.length % 4)) % 4;
  const h = Buffer.alloc(8); h[0] = 0; h[1] = r.length; h.writeUInt16LE(11, 2); h.writeUInt16LE((r.length + pad) / 4, 6);
  return Buffer.concat([h, r, Buffer.alloc(pad)]);
}

export function dnsTxtAnswer(id: number, txt: string | null, rcode: 'NOERROR' | 'REFUSED' = 'NOERROR'): Buffer {
  return dnsPacket.streamEncode({
    type: 'response', id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (rcode === 'REFUSED' ? 5 : 0),
    questions: [{ type: 'TXT', name: 'version.bind', class: 'CH' }],
    answers: txt === null ? [] : [{ type: 'TXT', name: 'version.bind', class: 'CH', ttl: 0, data: txt }],
  });
}

/** An LDAP SearchResultEntry for the root DSE (BER built by hand). */
export function ldapRootDse(attrs: Record<string, string[]>): Buffer {
  const tlv = (tag: number, v: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), v.length < 128 ? Buffer.from([v.length]) : Buffer.from([0x82, v.length >> 8, v.length & 0xff]), v]);
  const os = (s: string): Buffer => tlv(0x04, Buffer.from(s));
  const list = tlv(0x30, Buffer.concat(Object.entries(attrs).map(([k, vs]) => tlv(0x30, Buffer.concat([os(k), tlv(0x31, Buffer.concat(vs.map(os)))])))));
  const entry = tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x64, Buffer.concat([os(''), list]))]));
  const done = tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x65, Buffer.concat([tlv(0x0a, Buffer.from([0])), os(''), os('')]))]));
  return Buffer.concat([entry, done]);
}
export function ldapDone(code: number): Buffer {
  const tlv = (tag: number, v: Buffer): Buffer => Buffer.concat([Buffer.from([tag, v.length]), v]);
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x65, Buffer.concat([tlv(0x0a, Buffer.from([code])), tlv(0x04, Buffer.alloc(0)), tlv(0x04, Buffer.from('anonymous access denied'))]))]));
}
