/**
 * @module probes/services/amqp — AMQP 0-9-1 (port 5672; 5671 over TLS). Spec: AMQP 0-9-1 §4.2.2 (protocol
 * header "AMQP\0\0\x09\x01"), §4.2.3 (frames: type, channel, size, payload, 0xCE), Connection.Start (class 10,
 * method 10: version-major, version-minor, server-properties field table, mechanisms, locales). Sends only the
 * header and closes after Connection.Start. A server speaking another version answers with its own header.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, u16, u32 } from '../util.js';

export const AMQP_HEADER = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');

/** Read a field table's long-string and short-string values (other types skipped by their size). */
export function readFieldTable(d: Buffer, off: number, end: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let i = off;
  let n = 0;
  while (i < end && n < 64) {
    const klen = d[i];
    if (klen === undefined || i + 1 + klen + 1 > end) { break; }
    const key = d.toString('latin1', i + 1, i + 1 + klen);
    i += 1 + klen;
    const t = String.fromCharCode(d[i] as number);
    i += 1;
    const fixed: Record<string, number> = { t: 1, b: 1, B: 1, s: 2, u: 2, I: 4, i: 4, l: 8, L: 8, f: 4, d: 8, D: 5, T: 8, V: 0 };
    if (t === 'S' || t === 'F' || t === 'A' || t === 'x') {
      const len = u32(d, i);
      if (len < 0 || i + 4 + len > end) { break; }
      if (t === 'S') { out[key] = clean(d.toString('latin1', i + 4, i + 4 + Math.min(len, 256)), 128); }
      i += 4 + len;
    } else if (t === 's') {
      const len = d[i] ?? 0;
      out[key] = clean(d.toString('latin1', i + 1, Math.min(end, i + 1 + len)), 128);
      i += 1 + len;
    } else if (fixed[t] !== undefined) { i += fixed[t]; } else { break; }
    n += 1;
  }
  return out;
}

export function parseAmqp(data: Buffer): ServiceMatch | null {
  if (data.length >= 8 && data.toString('latin1', 0, 4) === 'AMQP') {
    const v = `${data[5] as number}-${data[6] as number}-${data[7] as number}`;
    return { name: 'amqp', confidence: 0.9, extraInfo: `server offers AMQP ${v}`, facts: { 'amqp.protocol': v } };
  }
  if (data.length < 12 || data[0] !== 1 || u16(data, 1) !== 0) { return null; }
  const size = u32(data, 3);
  if (size < 4 || size > 131_072) { return null; }
  if (u16(data, 7) !== 10 || u16(data, 9) !== 10) { return null; }
  const end = Math.min(data.length, 7 + size);
  const tableLen = u32(data, 13);
  const props = tableLen > 0 && 17 + tableLen <= end ? readFieldTable(data, 17, 17 + tableLen) : {};
  const after = 17 + Math.max(0, tableLen);
  const mechLen = u32(data, after);
  const mechanisms = mechLen > 0 && after + 4 + mechLen <= end ? data.toString('latin1', after + 4, after + 4 + mechLen).split(' ').map((s) => clean(s, 32)).slice(0, 16) : [];
  return compact({
    name: 'amqp', product: props.product, version: props.version, confidence: 1,
    extraInfo: `AMQP ${data[11] as number}-${data[12] as number}${props.platform !== undefined ? `; ${props.platform}` : ''}`,
    facts: compact({ 'amqp.product': props.product, 'amqp.mechanisms': mechanisms, 'amqp.cluster': props.cluster_name }),
  });
}

export const amqpRule: ProbeRule = {
  name: 'amqp',
  service: 'amqp',
  ports: [5672],
  payload: AMQP_HEADER,
  until: (d) => (d.length >= 8 && d.toString('latin1', 0, 4) === 'AMQP') || (d.length >= 7 && d.length >= 8 + u32(d, 3)),
  maxBytes: 16_384,
  match: parseAmqp,
  cpe: { RabbitMQ: 'pivotal_software:rabbitmq' },
};
