/**
 * @module probes/services/socks — SOCKS5 (port 1080). Spec: RFC 1928 §3 (greeting: VER 5, NMETHODS, METHODS;
 * reply VER 5, METHOD: 0 none, 1 GSSAPI, 2 username/password, 0xFF none acceptable). Sends a greeting offering
 * "no authentication" and username/password; no CONNECT is ever sent.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';

export const SOCKS5_GREETING = Buffer.from([0x05, 0x02, 0x00, 0x02]);
const METHODS: Readonly<Record<number, string>> = { 0: 'no authentication', 1: 'GSSAPI', 2: 'username/password', 0xff: 'no acceptable method' };

export function parseSocks(data: Buffer): ServiceMatch | null {
  if (data.length !== 2 || data[0] !== 0x05) { return null; }
  const m = METHODS[data[1] as number];
  if (m === undefined) { return null; }
  return { name: 'socks5', confidence: 0.9, extraInfo: m, facts: { 'socks.version': 5, 'socks.method': m, 'socks.noAuth': data[1] === 0 } };
}

export const socksRule: ProbeRule = {
  name: 'socks',
  service: 'socks5',
  ports: [1080, 9050],
  payload: SOCKS5_GREETING,
  until: (d) => d.length >= 2,
  maxBytes: 64,
  match: parseSocks,
};
