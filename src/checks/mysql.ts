/**
 * @module checks/mysql — `mysql-exposed` (port 3306, MySQL/MariaDB client/server protocol:
 * https://dev.mysql.com/doc/dev/mysql-server/latest/PAGE_PROTOCOL.html). Reads the server's initial handshake,
 * then answers it as user `root` with an EMPTY password (empty credentials only, never a guess). An OK packet
 * proves root logs in without a password (critical); an access-denied error proves the server accepts logins
 * from here (medium); an error instead of a handshake ("host is not allowed") still proves it reachable (low).
 * Ends with COM_QUIT; no query is run.
 */
import type { Check } from './types.js';
import { notRun, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';

export interface MysqlPacket { readonly seq: number; readonly payload: Buffer }

/** Whole packets (3-byte length, 1-byte sequence) at the start of `d`. */
export function parsePackets(d: Buffer): MysqlPacket[] {
  const out: MysqlPacket[] = [];
  let i = 0;
  while (i + 4 <= d.length) {
    const len = d.readUIntLE(i, 3);
    if (i + 4 + len > d.length) { break; }
    out.push({ seq: d[i + 3] as number, payload: d.subarray(i + 4, i + 4 + len) });
    i += 4 + len;
  }
  return out;
}

export type Handshake = { kind: 'handshake'; protocol: number; serverVersion: string; plugin: string } | { kind: 'error'; code: number; message: string };

export function parseHandshake(p: Buffer): Handshake | null {
  if (p.length >= 3 && p[0] === 0xff) { return { kind: 'error', code: p.readUInt16LE(1), message: p.subarray(3).toString('utf8').replace(/^#\w{5}/, '') }; }
  if (p.length < 2 || p[0] !== 0x0a) { return null; }
  const vEnd = p.indexOf(0, 1);
  if (vEnd < 0) { return null; }
  const serverVersion = p.subarray(1, vEnd).toString('latin1');
  // conn id 4, auth data 8, filler 1, caps 2, charset 1, status 2, caps 2, auth len 1, reserved 10, auth data 2
  let i = vEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2;
  if (i >= p.length) { return { kind: 'handshake', protocol: 10, serverVersion, plugin: '' }; }
  const authLen = p[i] as number;
  i += 1 + 10 + Math.max(13, authLen - 8);
  const pEnd = p.indexOf(0, i);
  const plugin = i < p.length ? p.subarray(i, pEnd < 0 ? p.length : pEnd).toString('latin1') : '';
  return { kind: 'handshake', protocol: 10, serverVersion, plugin };
}

function packet(seq: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUIntLE(payload.length, 0, 3);
  h[3] = seq & 0xff;
  return Buffer.concat([h, payload]);
}

/** HandshakeResponse41 for `user` with an empty auth response. */
export function emptyPasswordLogin(user: string, seq: number): Buffer {
  const caps = 0x1 | 0x200 | 0x2000 | 0x8000 | 0x80000; // LONG_PASSWORD PROTOCOL_41 TRANSACTIONS SECURE_CONNECTION PLUGIN_AUTH
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps, 0);
  head.writeUInt32LE(1 << 24, 4);
  head[8] = 0x21;
  const body = Buffer.concat([head, Buffer.from(`${user}\0`, 'utf8'), Buffer.from([0]), Buffer.from('mysql_native_password\0', 'latin1')]);
  return packet(seq, body);
}

const complete = (d: Buffer): boolean => parsePackets(d).length > 0;

export const mysqlExposed: Check = {
  id: 'mysql-exposed',
  title: 'MySQL/MariaDB reachable',
  severity: 'medium',
  services: ['mysql', 'mariadb'],
  proves: 'The database sent its handshake: critical when root logged in with an empty password, medium when logins are possible from here, low when it refuses this host.',
  probe: 'Read the initial handshake, answer as root with an empty password (mysql_native_password), follow one auth switch with an empty response, then COM_QUIT.',
  remediation: 'Bind to a private interface (bind-address), firewall 3306, give every account a strong password or socket auth, remove anonymous and remote root accounts, and require TLS (require_secure_transport).',
  references: [REF.mysqlSecurity, REF.cwe306, REF.cwe668, sansPort(3306)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const opts = { until: complete, maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs };
      const hello = await conn.exchange(null, opts);
      const first = parsePackets(hello.data)[0];
      const hs = first ? parseHandshake(first.payload) : null;
      if (hs === null || first === undefined) { return notRun('no MySQL handshake packet', conn.exchanges); }
      if (hs.kind === 'error') {
        return vulnerable(`The server answered with error ${hs.code} instead of a handshake ("${hs.message.slice(0, 120)}").`, conn.exchanges,
          { severity: 'low', details: { errorCode: hs.code } });
      }
      let reply = parsePackets((await conn.exchange(emptyPasswordLogin('root', first.seq + 1), opts)).data)[0];
      if (reply && reply.payload[0] === 0xfe && reply.payload.length > 1) {
        reply = parsePackets((await conn.exchange(packet(reply.seq + 1, Buffer.alloc(0)), opts)).data)[0];
      }
      const base = `The server sent a protocol ${hs.protocol} handshake (version ${hs.serverVersion.slice(0, 60)})`;
      const details = { serverVersion: hs.serverVersion.slice(0, 60), authPlugin: hs.plugin };
      if (reply && reply.payload[0] === 0x00) {
        conn.write(packet(0, Buffer.from([0x01])));
        return vulnerable(`${base} and logged in user root with an empty password.`, conn.exchanges, { severity: 'critical', details: { ...details, rootEmptyPassword: true } });
      }
      if (reply && reply.payload[0] === 0xff && reply.payload.length >= 3) {
        const msg = reply.payload.subarray(3).toString('utf8').replace(/^#\w{5}/, '').slice(0, 120);
        return vulnerable(`${base}; root with an empty password was refused ("${msg}").`, conn.exchanges, { severity: 'medium', details: { ...details, rootEmptyPassword: false } });
      }
      return vulnerable(`${base}; the empty-password login got no decisive answer.`, conn.exchanges, { severity: 'medium', details });
    });
  },
};
