/**
 * @module probes/services/x11 — X11 (ports 6000–6063). Spec: X Window System Protocol, "Connection Setup"
 * (x.org/releases/X11R7.7/doc/xproto/x11protocol.html §8): client sends byte order 'l', protocol 11.0, empty
 * authorization; server answers 0 Failed (reason), 1 Success (release, vendor), 2 Authenticate. We close right
 * after reading the answer; a Success means anyone may connect (the x11-open check reports it). The vendor string
 * and release number come from the Success block; X.Org's release number encodes its version (`xorgVersion`).
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, u16 } from '../util.js';

export const X11_SETUP = Buffer.from([0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

const le16 = (d: Buffer, o: number): number => (o + 2 <= d.length ? d.readUInt16LE(o) : -1);
const le32 = (d: Buffer, o: number): number => (o + 4 <= d.length ? d.readUInt32LE(o) : -1);

/**
 * X.Org encodes its version in the release number as major·10⁷ + minor·10⁵ + patch·10³ + snap (xserver's
 * configure.ac VENDOR_RELEASE). Since xserver 21 the public version drops the leading "1." (1.21.1.7 = 21.1.7).
 */
export function xorgVersion(release: number): string {
  const major = Math.floor(release / 10_000_000);
  const minor = Math.floor(release / 100_000) % 100;
  const patch = Math.floor(release / 1000) % 100;
  const snap = release % 1000;
  if (major === 1 && minor >= 21) { return `${minor}.${patch}.${snap}`; }
  return snap > 0 ? `${major}.${minor}.${patch}.${snap}` : `${major}.${minor}.${patch}`;
}

export function parseX11(data: Buffer): ServiceMatch | null {
  if (data.length < 8) { return null; }
  const status = data[0] as number;
  const major = le16(data, 2);
  if (status > 2 || (status !== 2 && major !== 11) || u16(data, 0) < 0) { return null; }
  if (status === 0) {
    const n = data[1] as number;
    const reason = clean(data.toString('latin1', 8, 8 + n), 128);
    return { name: 'x11', product: 'X11 server', extraInfo: 'access denied', confidence: 0.95, facts: { 'x11.status': 'failed', 'x11.reason': reason } };
  }
  if (status === 2) { return { name: 'x11', product: 'X11 server', extraInfo: 'authentication required', confidence: 0.8, facts: { 'x11.status': 'authenticate' } }; }
  const release = le32(data, 8);
  const vlen = le16(data, 24);
  const vendor = vlen > 0 && 40 + vlen <= data.length ? clean(data.toString('latin1', 40, 40 + vlen), 64) : undefined;
  const xorg = vendor !== undefined && /X\.Org/i.test(vendor);
  return compact({
    name: 'x11', product: xorg ? 'X.Org X11 server' : 'X11 server', version: xorg && release > 0 ? xorgVersion(release) : undefined, confidence: 1,
    extraInfo: [vendor, release >= 0 ? `release ${release}` : undefined].filter((x) => x !== undefined).join('; ') || undefined,
    facts: compact({ 'x11.status': 'success', 'x11.vendor': vendor, 'x11.release': release >= 0 ? release : undefined }),
  });
}

export const x11Rule: ProbeRule = {
  name: 'x11',
  service: 'x11',
  ports: Array.from({ length: 64 }, (_, i) => 6000 + i),   // 6000 + display number
  payload: X11_SETUP,
  until: (d) => d.length >= 8 && d.length >= 8 + 4 * le16(d, 6),
  maxBytes: 65_536,
  match: parseX11,
  cpe: { 'X.Org X11 server': 'x.org:xorg-server' },
};
