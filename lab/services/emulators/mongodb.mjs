/**
 * @module lab/services/emulators/mongodb — a MongoDB wire-protocol EMULATOR (not a real mongod: Debian does not
 * package MongoDB). Port 27017; answers OP_MSG (2013) and legacy OP_QUERY (2004, as old drivers and nmap send) with
 * the documents a mongod 6.0 sends for hello/isMaster, buildInfo, ping, listDatabases, serverStatus. With
 * `auth: true` it behaves like mongod --auth: handshake and buildInfo answer, every data command fails with
 * Unauthorized (13). Messages over 1 MiB close the connection.
 */
import net from 'node:net';
import { decode, encode } from './bson.mjs';

export const MONGO_VERSION = '6.0.12';
const MAX_MESSAGE = 1 << 20;
const OPEN_TO_ALL = new Set(['hello', 'ismaster', 'buildinfo', 'ping', 'saslstart', 'getnonce', 'endsessions']);

function reply(command, auth, connectionId) {
  const name = command.toLowerCase();
  const hello = {
    ismaster: true, helloOk: true, maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,
    localTime: new Date(), logicalSessionTimeoutMinutes: 30, connectionId, minWireVersion: 0, maxWireVersion: 17,
    readOnly: false, ok: 1,
  };
  if (auth && !OPEN_TO_ALL.has(name)) {
    return { ok: 0, errmsg: `command ${command} requires authentication`, code: 13, codeName: 'Unauthorized' };
  }
  switch (name) {
    case 'hello': case 'ismaster': return hello;
    case 'buildinfo': return {
      version: MONGO_VERSION, gitVersion: '21e6e8e11a45dfbdb7ca6cf95fa8c5f859e2b118', modules: [], allocator: 'tcmalloc',
      javascriptEngine: 'mozjs', sysInfo: 'deprecated', versionArray: [6, 0, 12, 0], bits: 64, debug: false,
      maxBsonObjectSize: 16777216, ok: 1,
    };
    case 'ping': return { ok: 1 };
    case 'listdatabases': return {
      databases: [{ name: 'admin', sizeOnDisk: 40960, empty: false }, { name: 'customers', sizeOnDisk: 73728, empty: false }],
      totalSize: 114688, totalSizeMb: 0, ok: 1,
    };
    case 'serverstatus': return { host: 'mongodb-lab', version: MONGO_VERSION, process: 'mongod', uptime: 100, ok: 1 };
    case 'saslstart': return { ok: 0, errmsg: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed' };
    default: return { ok: 0, errmsg: `no such command: '${command}'`, code: 59, codeName: 'CommandNotFound' };
  }
}

function header(length, requestId, responseTo, opCode) {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0); h.writeInt32LE(requestId, 4); h.writeInt32LE(responseTo, 8); h.writeInt32LE(opCode, 12);
  return h;
}

/** Answers one complete message; returns the bytes to send (or null to ignore it). */
function handle(msg, auth, connectionId) {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === 2013) {                      // OP_MSG: flagBits, then section kind 0 = body document
    if (msg[20] !== 0) { return null; }
    const [body] = decode(msg, 21);
    const doc = encode(reply(Object.keys(body)[0] ?? '', auth, connectionId));
    const out = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), doc]);
    return Buffer.concat([header(16 + out.length, connectionId, requestId, 2013), out]);
  }
  if (opCode === 2004) {                      // OP_QUERY: flags, fullCollectionName, skip, return, query
    const z = msg.indexOf(0, 20);
    if (z < 0) { return null; }
    const [query] = decode(msg, z + 1 + 8);
    const inner = query.$query && typeof query.$query === 'object' ? query.$query : query;
    const doc = encode(reply(Object.keys(inner)[0] ?? '', auth, connectionId));
    const meta = Buffer.alloc(20);
    meta.writeInt32LE(8, 0); meta.writeBigInt64LE(0n, 4); meta.writeInt32LE(0, 12); meta.writeInt32LE(1, 16);
    return Buffer.concat([header(16 + 20 + doc.length, connectionId, requestId, 1), meta, doc]);
  }
  return null;
}

export function serveMongo(host, port, { auth = false } = {}) {
  let connections = 0;
  const server = net.createServer((sock) => {
    const connectionId = ++connections;
    let buf = Buffer.alloc(0);
    sock.setTimeout(30_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 16) {
        const len = buf.readInt32LE(0);
        if (len < 16 || len > MAX_MESSAGE) { sock.destroy(); return; }
        if (buf.length < len) { return; }
        const msg = buf.subarray(0, len);
        buf = buf.subarray(len);
        try {
          const out = handle(msg, auth, connectionId);
          if (out) { sock.write(out); }
        } catch {
          sock.destroy();   // malformed BSON: a real mongod closes too
          return;
        }
      }
    });
  });
  return listen(server, host, port);
}

export function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(server); });
  });
}
