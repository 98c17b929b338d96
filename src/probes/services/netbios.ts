/**
 * @module probes/services/netbios — NetBIOS session service (port 139, the SMB-over-NetBIOS transport). Spec:
 * RFC 1002 §4.3.2 (SESSION REQUEST 0x81 with called and calling names, first-level encoded per RFC 1001 §14.1),
 * §4.3.3–4.3.4 (0x82 POSITIVE / 0x83 NEGATIVE SESSION RESPONSE + error code). Sends one session request for the
 * generic name "*SMBSERVER"; no SMB is spoken afterwards.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';

/** RFC 1001 first-level encoding of a 16-byte NetBIOS name (space padded, suffix byte last). */
export function encodeName(name: string, suffix: number): Buffer {
  const raw = Buffer.alloc(16, 0x20);
  Buffer.from(name.slice(0, 15), 'ascii').copy(raw);
  raw[15] = suffix;
  const out = Buffer.alloc(34);
  out[0] = 32;
  for (let i = 0; i < 16; i++) { out[1 + i * 2] = 0x41 + ((raw[i] as number) >> 4); out[2 + i * 2] = 0x41 + ((raw[i] as number) & 0x0f); }
  out[33] = 0;
  return out;
}

export function sessionRequest(): Buffer {
  const body = Buffer.concat([encodeName('*SMBSERVER', 0x20), encodeName('GATEHOUSE', 0x00)]);
  return Buffer.concat([Buffer.from([0x81, 0, body.length >> 8, body.length & 0xff]), body]);
}

const ERRORS: Readonly<Record<number, string>> = { 0x80: 'not listening on called name', 0x81: 'not listening for calling name', 0x82: 'called name not present', 0x83: 'insufficient resources', 0x8f: 'unspecified error' };

export function parseNetbios(data: Buffer): ServiceMatch | null {
  if (data.length < 4 || data[1] !== 0) { return null; }
  if (data[0] === 0x82 && data[2] === 0 && data[3] === 0) { return { name: 'netbios-ssn', confidence: 1, extraInfo: 'session accepted', facts: { 'netbios.session': 'positive' } }; }
  if (data[0] === 0x83 && data[2] === 0 && data[3] === 1 && data.length >= 5) {
    const why = ERRORS[data[4] as number];
    return why === undefined ? null : { name: 'netbios-ssn', confidence: 1, extraInfo: why, facts: { 'netbios.session': 'negative' } };
  }
  return null;
}

export const netbiosRule: ProbeRule = {
  name: 'netbios',
  service: 'netbios-ssn',
  ports: [139],
  payload: sessionRequest(),
  until: (d) => d.length >= 4 && d.length >= 4 + (((d[2] as number) << 8) | (d[3] as number)),
  maxBytes: 256,
  match: parseNetbios,
};
