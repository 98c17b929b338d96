/**
 * @module probes/services/postgres — PostgreSQL (port 5432). Spec: PostgreSQL "Frontend/Backend Protocol",
 * §55.2 Message Flow and §55.7 Message Formats (postgresql.org/docs/current/protocol.html): a StartupMessage
 * (length, protocol 3.0, user=gatehouse, database=gatehouse) is answered by ErrorResponse ('E', fields S/V/C/M)
 * or an Authentication request ('R', 0 ok, 3 cleartext, 5 md5, 10 SASL). No password is ever sent. With trust
 * auth the server follows with ParameterStatus ('S') server_version; we then send Terminate ('X').
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, u32 } from '../util.js';

export function startupMessage(): Buffer {
  const params = Buffer.from('user\0gatehouse\0database\0gatehouse\0application_name\0gatehouse\0\0', 'latin1');
  const b = Buffer.alloc(8 + params.length);
  b.writeUInt32BE(b.length, 0);
  b.writeUInt32BE(0x00030000, 4);
  params.copy(b, 8);
  return b;
}

const AUTH: Readonly<Record<number, string>> = { 0: 'ok', 2: 'kerberos', 3: 'cleartext', 5: 'md5', 7: 'gss', 9: 'sspi', 10: 'sasl' };

/** Walk backend messages: type byte + u32 length (incl. itself). */
export function parsePostgres(data: Buffer): ServiceMatch | null {
  const facts: Record<string, string> = {};
  let version: string | undefined;
  let off = 0;
  let seen = 0;
  while (off + 5 <= data.length && seen < 64) {
    const type = String.fromCharCode(data[off] as number);
    const len = u32(data, off + 1);
    if (len < 4 || len > 65_536) { break; }
    const body = data.subarray(off + 5, Math.min(data.length, off + 1 + len));
    if (type === 'E') {
      const fields: Record<string, string> = {};
      for (const f of body.toString('latin1').split('\0')) { if (f.length > 1) { fields[f[0] as string] = f.slice(1); } }
      if (fields.S === undefined || fields.M === undefined || fields.C === undefined || !/^[0-9A-Z]{5}$/.test(fields.C)) { return null; }
      facts['postgres.auth'] ??= 'error';
      facts['postgres.error'] = clean(`${fields.C} ${fields.M}`);
    } else if (type === 'R' && body.length >= 4) {
      const code = u32(body, 0);
      const a = AUTH[code];
      if (a === undefined) { return seen === 0 ? null : compact({ name: 'postgresql', product: 'PostgreSQL DB', confidence: 0.8 }); }
      facts['postgres.auth'] = a;
    } else if (type === 'S' && seen > 0) {
      const [k, v] = body.toString('latin1').split('\0');
      if (k === 'server_version' && v !== undefined) { version = clean(v, 64); }
    } else if (seen === 0) {
      return null;
    }
    seen += 1;
    off += 1 + len;
  }
  if (seen === 0) { return null; }
  return compact({ name: 'postgresql', product: 'PostgreSQL DB', version, confidence: 1, facts });
}

export const postgresRule: ProbeRule = {
  name: 'postgres',
  service: 'postgresql',
  ports: [5432, 5433],
  payload: startupMessage(),
  until: (d) => d.length >= 5 && (d[0] === 0x45 ? d.length >= 1 + u32(d, 1) : d[0] === 0x52 && d.length >= 9 && u32(d, 5) !== 0 ? d.length >= 1 + u32(d, 1) : d.includes(Buffer.from('Z\0\0\0\x05', 'latin1'))),
  maxBytes: 8192,
  match: parsePostgres,
  async session(conn, m) {
    conn.write(Buffer.from([0x58, 0, 0, 0, 4]));         // Terminate
    return m;
  },
  cpe: { 'PostgreSQL DB': 'postgresql:postgresql' },
};
