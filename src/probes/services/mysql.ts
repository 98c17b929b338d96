/**
 * @module probes/services/mysql — MySQL / MariaDB (port 3306). Spec: MySQL Client/Server Protocol, "Protocol::
 * HandshakeV10" and "ERR_Packet" (dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html):
 * a packet is length (3 bytes LE) + sequence id + payload; the server speaks first with a v10 handshake
 * (0x0a, NUL-terminated version, thread id, …) or an ERR packet (0xff, code LE, message) when the host is refused.
 * Nothing is sent. Reveals the server version (MariaDB reports "5.5.5-<version>-MariaDB…").
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, cstring } from '../util.js';

export function parseMysql(data: Buffer): ServiceMatch | null {
  if (data.length < 5) { return null; }
  const len = (data[0] as number) | ((data[1] as number) << 8) | ((data[2] as number) << 16);
  if (len < 3 || len > 4096 || data[3] !== 0) { return null; }
  const body = data.subarray(4, 4 + len);
  if (body[0] === 0xff) {
    if (body.length < 4) { return null; }
    const code = (body[1] as number) | ((body[2] as number) << 8);
    const msg = body.toString('latin1', body[3] === 0x23 ? 9 : 3);
    if (code < 1000 || code > 5000 || !/[a-z]/i.test(msg)) { return null; }
    return compact({
      name: 'mysql', product: /MariaDB/i.test(msg) ? 'MariaDB' : /MySQL/i.test(msg) ? 'MySQL' : undefined,
      extraInfo: 'unauthorized', confidence: 0.9,
      facts: { 'mysql.error': clean(`${code} ${msg}`), 'mysql.errorCode': code },
    });
  }
  if (body[0] !== 0x0a && body[0] !== 0x09) { return null; }
  const v = cstring(body, 1, 128);
  if (v === null || !/^\d+\.\d+/.test(v.s) || v.next + 4 > body.length) { return null; }
  const raw = v.s;
  const maria = /^(?:5\.5\.5-)?(\d+\.\d+\.\d+)-MariaDB/i.exec(raw);
  const version = maria?.[1] ?? /^\d+\.\d+\.\d+/.exec(raw)?.[0] ?? raw;
  const facts: Record<string, string | number> = { 'mysql.protocol': body[0], 'mysql.version': clean(raw, 128) };
  // after version: thread id (4), auth data 1 (8), filler (1), capability flags low (2) — SSL flag is 0x0800
  const capOff = v.next + 4 + 8 + 1;
  if (capOff + 2 <= body.length) { facts['mysql.ssl'] = (((body[capOff + 1] as number) << 8) & 0x0800) !== 0 ? 'yes' : 'no'; }
  return compact({
    name: 'mysql', product: maria !== null ? 'MariaDB' : 'MySQL', version: clean(version, 64),
    extraInfo: raw !== version ? clean(raw, 128) : undefined, confidence: 1, facts,
  });
}

export const mysqlRule: ProbeRule = {
  name: 'mysql',
  service: 'mysql',
  ports: [3306, 3307, 33060],
  banner: true,
  match: parseMysql,
  cpe: { MySQL: 'mysql:mysql', MariaDB: 'mariadb:mariadb' },
};
