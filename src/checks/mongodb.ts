/**
 * @module checks/mongodb — `mongodb-no-auth` (port 27017, OP_MSG wire protocol, MongoDB 3.6+:
 * https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/). Sends `hello` then `listDatabases`
 * (nameOnly) to the admin database without authenticating; `ok: 1` with a database list proves anyone can read
 * (and write) the data; code 13 Unauthorized means authentication is enforced. Read-only commands only.
 */
import type { Conn } from '../net/dialer.js';
import type { Check, CheckContext } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { decodeBson, encodeBson, type BsonDoc } from '../protocols/bson.js';
import { REF, sansPort } from './refs.js';

const OP_MSG = 2013;

export function opMsg(requestId: number, doc: Parameters<typeof encodeBson>[0]): Buffer {
  const body = encodeBson(doc);
  const h = Buffer.alloc(21); // header (16) + flagBits (4) + section kind 0 (1)
  h.writeInt32LE(21 + body.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([h, body]);
}

/** The body document of an OP_MSG reply (section kind 0), or null. */
export function parseOpMsgReply(d: Buffer): BsonDoc | null {
  if (d.length < 21) { return null; }
  const len = d.readInt32LE(0);
  if (len < 21 || len > d.length || d.readInt32LE(12) !== OP_MSG || d[20] !== 0) { return null; }
  return decodeBson(d.subarray(21, len));
}

const msgComplete = (d: Buffer): boolean => d.length >= 4 && d.length >= d.readInt32LE(0);

async function command(conn: Conn, ctx: CheckContext, id: number, doc: Parameters<typeof encodeBson>[0]): Promise<BsonDoc | null> {
  const r = await conn.exchange(opMsg(id, doc), { until: msgComplete, maxBytes: 1 << 20, timeoutMs: ctx.readTimeoutMs });
  return parseOpMsgReply(r.data);
}

export const mongodbNoAuth: Check = {
  id: 'mongodb-no-auth',
  title: 'MongoDB without authentication',
  severity: 'critical',
  services: ['mongodb', 'mongod'],
  proves: 'listDatabases succeeded without authentication: anyone reaching the port can read, change and delete every database.',
  probe: 'OP_MSG hello, then listDatabases {nameOnly: true} on admin, without credentials.',
  remediation: 'Enable access control (security.authorization: enabled) with SCRAM users, bind to private interfaces (net.bindIp), firewall 27017 and enable TLS.',
  references: [REF.mongoChecklist, REF.cwe306, sansPort(27017)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await command(conn, ctx, 1, { hello: 1, $db: 'admin' });
      if (hello === null) { return notRun('no OP_MSG reply to hello (not MongoDB 3.6+?)', conn.exchanges); }
      const list = await command(conn, ctx, 2, { listDatabases: 1, nameOnly: true, $db: 'admin' });
      if (list === null) { return notRun('no OP_MSG reply to listDatabases', conn.exchanges); }
      if (list.ok === 1 && Array.isArray(list.databases)) {
        const names = list.databases.map((d) => (typeof d === 'object' && d !== null && !Array.isArray(d) && typeof d.name === 'string' ? d.name : '?'));
        return vulnerable(`listDatabases without authentication returned ${names.length} database(s): ${names.slice(0, 10).join(', ')}.`, conn.exchanges,
          { details: { databases: names.slice(0, 50), maxWireVersion: typeof hello.maxWireVersion === 'number' ? hello.maxWireVersion : null } });
      }
      if (list.code === 13 || list.codeName === 'Unauthorized') { return secure('listDatabases refused: Unauthorized (code 13).', conn.exchanges); }
      return notRun(`listDatabases answered ok: ${typeof list.ok === 'number' || typeof list.ok === 'boolean' ? String(list.ok) : typeof list.ok} without a decision (${typeof list.errmsg === 'string' ? list.errmsg.slice(0, 80) : 'no errmsg'})`, conn.exchanges);
    });
  },
};
