/**
 * @module checks/mqtt — `mqtt-anonymous` (port 1883, MQTT 3.1.1: https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/mqtt-v3.1.1.html).
 * Sends CONNECT with a clean session, a random client id and no user name or password; CONNACK return code 0
 * proves anonymous clients are accepted (they can then subscribe to `#` and publish). Ends with DISCONNECT;
 * nothing is subscribed or published.
 */
import { randomBytes } from 'node:crypto';
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { implicitTls } from './facts.js';
import { REF, sansPort } from './refs.js';

/** An MQTT 3.1.1 CONNECT packet without credentials. */
export function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c]);
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const rest = variable.length + payload.length; // < 128, one length byte
  return Buffer.concat([Buffer.from([0x10, rest]), variable, payload]);
}

export const CONNACK_CODES: Readonly<Record<number, string>> = {
  0: 'connection accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** The return code of a CONNACK (0x20 0x02 flags code), or null. */
export function parseConnack(d: Buffer): number | null {
  if (d.length < 4 || d[0] !== 0x20 || d[1] !== 0x02) { return null; }
  return d[3] as number;
}

export const mqttAnonymous: Check = {
  id: 'mqtt-anonymous',
  title: 'MQTT broker accepts anonymous clients',
  severity: 'high',
  services: ['mqtt'],
  applies: (p) => !implicitTls(p),
  proves: 'The broker answered a CONNECT without user name or password with CONNACK "connection accepted": anyone can subscribe to and publish on its topics.',
  probe: 'MQTT 3.1.1 CONNECT (clean session, random client id, no credentials), then DISCONNECT.',
  remediation: 'Refuse anonymous clients (Mosquitto 2: allow_anonymous false with password_file or an auth plugin), add topic ACLs, and use TLS on 8883.',
  references: [REF.mosquittoAuth, REF.cwe306, sansPort(1883)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(connectPacket(`gatehouse-${randomBytes(4).toString('hex')}`), { until: (d) => d.length >= 4, maxBytes: 64, timeoutMs: ctx.readTimeoutMs });
      const code = parseConnack(r.data);
      if (code === 0) { conn.write(Buffer.from([0xe0, 0x00])); }
      if (code === null) { return notRun(r.data.length === 0 ? 'the broker closed the connection without a CONNACK' : 'the answer is not a CONNACK', conn.exchanges); }
      if (code === 0) { return vulnerable('CONNECT without credentials was answered with CONNACK return code 0 (connection accepted).', conn.exchanges); }
      if (code === 4 || code === 5) { return secure(`Anonymous CONNECT refused: return code ${code} (${CONNACK_CODES[code] ?? ''}).`, conn.exchanges); }
      return notRun(`CONNACK return code ${code} (${CONNACK_CODES[code] ?? 'unknown'}) decides nothing about authentication`, conn.exchanges);
    });
  },
};
