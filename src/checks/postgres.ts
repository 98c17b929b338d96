/**
 * @module checks/postgres — `postgres-exposed` (port 5432, frontend/backend protocol 3.0:
 * https://www.postgresql.org/docs/current/protocol-flow.html). Sends a StartupMessage for user `postgres`,
 * database `postgres`, with no password, and reads the answer: AuthenticationOk proves anyone can log in as the
 * superuser (critical); a password request proves the server accepts logins from here (medium); an error such as
 * "no pg_hba.conf entry" still proves the server is reachable (low). Ends with Terminate; no query is run.
 */
import type { Check, CheckOutcome } from './types.js';
import { notRun, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';

export function startupMessage(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0gatehouse-check\0\0`, 'utf8');
  const b = Buffer.alloc(8 + params.length);
  b.writeInt32BE(b.length, 0);
  b.writeInt32BE(196608, 4);
  params.copy(b, 8);
  return b;
}

export interface PgMessage { readonly type: string; readonly body: Buffer }

/** Whole backend messages at the start of `d` (a partial tail is left out). */
export function parseBackendMessages(d: Buffer): PgMessage[] {
  const out: PgMessage[] = [];
  let i = 0;
  while (i + 5 <= d.length) {
    const len = d.readInt32BE(i + 1);
    if (len < 4 || len > 1 << 20 || i + 1 + len > d.length) { break; }
    out.push({ type: String.fromCharCode(d[i] as number), body: d.subarray(i + 5, i + 1 + len) });
    i += 1 + len;
  }
  return out;
}

/** ErrorResponse fields: S severity, C SQLSTATE, M message. */
export function parseErrorFields(body: Buffer): Record<string, string> {
  const f: Record<string, string> = {};
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const code = String.fromCharCode(body[i] as number);
    const end = body.indexOf(0, i + 1);
    if (end < 0) { break; }
    f[code] = body.subarray(i + 1, end).toString('utf8');
    i = end + 1;
  }
  return f;
}

const AUTH_NAMES: Readonly<Record<number, string>> = { 0: 'ok', 2: 'kerberos', 3: 'cleartext password', 5: 'md5 password', 7: 'GSSAPI', 9: 'SSPI', 10: 'SASL (SCRAM)' };

function startupDone(d: Buffer): boolean {
  const msgs = parseBackendMessages(d);
  return msgs.some((m) => m.type === 'Z' || m.type === 'E' || (m.type === 'R' && m.body.length >= 4 && m.body.readInt32BE(0) !== 0));
}

export function classifyStartup(d: Buffer): { kind: 'trust'; serverVersion: string | null } | { kind: 'password'; method: string } | { kind: 'error'; sqlstate: string; message: string } | null {
  const msgs = parseBackendMessages(d);
  const err = msgs.find((m) => m.type === 'E');
  if (err) { const f = parseErrorFields(err.body); return { kind: 'error', sqlstate: f.C ?? '', message: f.M ?? '' }; }
  const auth = msgs.find((m) => m.type === 'R' && m.body.length >= 4);
  if (!auth) { return null; }
  const code = auth.body.readInt32BE(0);
  if (code !== 0) { return { kind: 'password', method: AUTH_NAMES[code] ?? `method ${code}` }; }
  let serverVersion: string | null = null;
  for (const m of msgs) {
    if (m.type !== 'S') { continue; }
    const [k, v] = m.body.toString('utf8').split('\0');
    if (k === 'server_version' && v !== undefined) { serverVersion = v; }
  }
  return { kind: 'trust', serverVersion };
}

export const postgresExposed: Check = {
  id: 'postgres-exposed',
  title: 'PostgreSQL reachable',
  severity: 'medium',
  services: ['postgresql', 'postgres'],
  proves: 'PostgreSQL answered a startup for user postgres: critical when it logged in without any password (trust), medium when it asks for a password, low when it refuses this address.',
  probe: 'StartupMessage (protocol 3.0, user postgres, database postgres, no password), read until ReadyForQuery or the auth request, then Terminate.',
  remediation: 'Listen only on private interfaces (listen_addresses), firewall 5432, never use `trust` in pg_hba.conf for network connections (use scram-sha-256) and require TLS (hostssl).',
  references: [REF.pgHba, REF.cwe306, REF.cwe668, sansPort(5432)],
  async run(ctx): Promise<CheckOutcome> {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(startupMessage('postgres', 'postgres'), { until: startupDone, maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      const c = classifyStartup(r.data);
      if (c === null) { return notRun('no authentication answer to the startup message', conn.exchanges); }
      if (c.kind === 'trust') {
        conn.write(Buffer.from([0x58, 0, 0, 0, 4]));
        return vulnerable(`The server logged in user postgres without a password (AuthenticationOk)${c.serverVersion ? `, server_version ${c.serverVersion}` : ''}.`, conn.exchanges,
          { severity: 'critical', details: { auth: 'trust', user: 'postgres', serverVersion: c.serverVersion } });
      }
      if (c.kind === 'password') {
        return vulnerable(`The server accepts logins from this address and asked for a ${c.method}.`, conn.exchanges, { severity: 'medium', details: { auth: c.method } });
      }
      return vulnerable(`The server answered the startup but refused it (${c.sqlstate}: ${c.message.slice(0, 120)}).`, conn.exchanges,
        { severity: 'low', details: { auth: 'refused', sqlstate: c.sqlstate } });
    });
  },
};
