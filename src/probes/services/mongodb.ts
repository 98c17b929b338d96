/**
 * @module probes/services/mongodb — MongoDB (port 27017). Spec: MongoDB Wire Protocol, OP_MSG (opcode 2013;
 * mongodb.com/docs/manual/reference/mongodb-wire-protocol) and BSON (bsonspec.org). Sends one OP_MSG
 * `{buildInfo: 1, $db: "admin"}` (read-only; answered without auth by default); the reply's version field gives
 * the version, an `{ok: 0, code: 13}` reply proves MongoDB with auth required.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, u32le } from '../util.js';
import { decodeBson, encodeBson, type BsonDoc } from '../../protocols/bson.js';

export function buildInfoMsg(requestId = 1): Buffer {
  const doc = encodeBson({ buildInfo: 1, $db: 'admin' });
  const b = Buffer.alloc(16 + 4 + 1 + doc.length);
  b.writeInt32LE(b.length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(2013, 12);
  b.writeUInt32LE(0, 16);   // flagBits
  b.writeUInt8(0, 20);      // section kind 0: body
  doc.copy(b, 21);
  return b;
}

export function parseMongo(data: Buffer): ServiceMatch | null {
  const len = u32le(data, 0);
  if (len < 21 || len > 16_777_216 || data.length < 21) { return null; }
  const op = u32le(data, 12);
  let doc: BsonDoc | null = null;
  if (op === 2013 && data[20] === 0) { doc = decodeBson(data.subarray(21), 0, true); } else if (op === 1) { doc = decodeBson(data.subarray(36), 0, true); } else { return null; }
  if (doc === null || !('ok' in doc)) { return null; }
  const ok = doc.ok === 1 || doc.ok === true;
  const str = (k: string): string | undefined => (typeof doc?.[k] === 'string' ? clean(doc[k], 64) : undefined);
  const version = str('version');
  if (!ok) {
    const code = typeof doc.code === 'number' ? doc.code : undefined;
    return compact({ name: 'mongodb', product: 'MongoDB', confidence: 0.95, facts: compact({ 'mongodb.auth': code === 13 ? 'required' : undefined, 'mongodb.error': str('errmsg') }) });
  }
  return compact({ name: 'mongodb', product: 'MongoDB', version, confidence: version !== undefined ? 1 : 0.9, facts: { 'mongodb.auth': 'none' } });
}

export const mongodbRule: ProbeRule = {
  name: 'mongodb',
  service: 'mongodb',
  ports: [27017, 27018, 27019],
  payload: buildInfoMsg(),
  until: (d) => d.length >= 4 && d.length >= u32le(d, 0),
  maxBytes: 65_536,
  match: parseMongo,
  cpe: { MongoDB: 'mongodb:mongodb' },
};
