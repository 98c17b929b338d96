/**
 * @module probes/services/mqtt — MQTT (port 1883; 8883 over TLS). Spec: MQTT 3.1.1 (OASIS), §3.1 CONNECT,
 * §3.2 CONNACK (0x20 0x02, session-present, return code: 0 accepted, 4 bad credentials, 5 not authorized).
 * Sends CONNECT (clean session, no credentials, client id "gatehouse-<random>"); after the CONNACK sends
 * DISCONNECT (0xE0 0x00). Nothing is subscribed or published. Reveals whether anonymous clients are accepted.
 */
import { randomBytes } from 'node:crypto';
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean } from '../util.js';

export function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  const vh = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x1e]); // "MQTT", level 4, clean, keepalive 30
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const rest = vh.length + payload.length;
  return Buffer.concat([Buffer.from([0x10, rest]), vh, payload]);
}

const CODES: Readonly<Record<number, string>> = { 0: 'accepted', 1: 'unacceptable protocol version', 2: 'identifier rejected', 3: 'server unavailable', 4: 'bad user name or password', 5: 'not authorized' };

export function parseMqtt(data: Buffer): ServiceMatch | null {
  if (data.length < 4 || data[0] !== 0x20 || data[1] !== 0x02 || ((data[2] as number) & 0xfe) !== 0) { return null; }
  const rc = data[3] as number;
  const what = CODES[rc];
  if (what === undefined) { return null; }
  return { name: 'mqtt', confidence: 1, extraInfo: `CONNACK: ${what}`, facts: { 'mqtt.connack': rc, 'mqtt.anonymous': rc === 0 } };
}

const TOPIC = '$SYS/broker/version';
/** SUBSCRIBE (packet id 1) to the broker's version topic, QoS 0. */
export const SUBSCRIBE_VERSION = Buffer.concat([Buffer.from([0x82, 2 + 2 + TOPIC.length + 1, 0x00, 0x01, 0x00, TOPIC.length]), Buffer.from(TOPIC), Buffer.from([0])]);

/** PUBLISH packets (QoS 0) in a byte stream: topic and payload (bounded); other packets skipped. */
export function mqttPublishes(d: Buffer): Array<{ topic: string; payload: string }> {
  const out: Array<{ topic: string; payload: string }> = [];
  let i = 0;
  while (i + 2 <= d.length && out.length < 16) {
    const type = (d[i] as number) >> 4;
    let len = 0;
    let mul = 1;
    let j = i + 1;
    for (; j < d.length && j < i + 5; j++) { const b = d[j] as number; len += (b & 0x7f) * mul; mul *= 128; if ((b & 0x80) === 0) { break; } }
    const start = j + 1;
    if (j >= d.length || start + len > d.length) { break; }
    if (type === 3 && len >= 2) {
      const tl = ((d[start] as number) << 8) | (d[start + 1] as number);
      const qos = ((d[i] as number) >> 1) & 3;
      const pstart = start + 2 + tl + (qos > 0 ? 2 : 0);
      if (pstart <= start + len) { out.push({ topic: d.toString('utf8', start + 2, start + 2 + Math.min(tl, 256)), payload: clean(d.toString('latin1', pstart, Math.min(start + len, pstart + 256)), 128) }); }
    }
    i = start + len;
  }
  return out;
}

export const mqttRule: ProbeRule = {
  name: 'mqtt',
  service: 'mqtt',
  ports: [1883],
  payload: () => connectPacket(`gatehouse-${randomBytes(4).toString('hex')}`),
  until: (d) => d.length >= 4,
  maxBytes: 64,
  match: parseMqtt,
  async session(conn, m, ctx) {
    // Accepted anonymously: read the broker's retained $SYS/broker/version (Mosquitto publishes it); read-only.
    if (m.facts?.['mqtt.anonymous'] === true) {
      const r = await conn.exchange(SUBSCRIBE_VERSION, { timeoutMs: Math.min(ctx.readTimeoutMs, 1500), maxBytes: 4096, until: (d) => mqttPublishes(d).length > 0 });
      const v = mqttPublishes(r.data).find((p) => p.topic === '$SYS/broker/version')?.payload;
      const mm = v !== undefined ? /^mosquitto version (\d[\w.]*)/i.exec(v) : null;
      if (mm !== null) { m = { ...m, product: 'Mosquitto', version: mm[1] }; }
    }
    conn.write(Buffer.from([0xe0, 0x00]));
    return m;
  },
  cpe: { Mosquitto: 'eclipse:mosquitto' },
};
