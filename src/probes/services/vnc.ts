/**
 * @module probes/services/vnc — VNC / RFB (ports 5900+). Spec: RFC 6143 §7.1.1 (server sends "RFB xxx.yyy\n"),
 * §7.1.2 (security types: count + list; 1 = None, 2 = VNC Authentication; count 0 = failure + reason). The
 * session echoes the server's version back and reads the security types — read-only, no type is selected.
 * The product is named only where the handshake tells: the version strings only one vendor sends (3.889 Apple
 * Remote Desktop, 4.x/5.0 RealVNC, 103.6 Microsoft Virtual Server, 0.0 UltraVNC Repeater) and the vendor-registered
 * security types (IANA "RFB Security Types": 5/6 RA2 = RealVNC, 17 Ultra = UltraVNC, 30–35 Apple). libvncserver
 * servers (x11vnc), TigerVNC and TightVNC send plain 3.8 with standard types: they stay "VNC".
 */
import type { Facts, ProbeRule, ServiceMatch } from '../types.js';
import { clean, u32 } from '../util.js';

const BY_VERSION: Readonly<Record<string, string>> = {
  '3.889': 'Apple Remote Desktop', '3.888': 'Apple Remote Desktop', '4.0': 'RealVNC', '4.1': 'RealVNC', '5.0': 'RealVNC',
  '103.6': 'Microsoft Virtual Server remote control', '0.0': 'UltraVNC Repeater',
};

/** The product the security types name (vendor-registered types), or undefined. */
export function productFromTypes(types: readonly string[]): string | undefined {
  if (types.some((t) => Number(t) >= 30 && Number(t) <= 35)) { return 'Apple Remote Desktop'; }
  if (types.includes('5') || types.includes('6')) { return 'RealVNC'; }
  if (types.includes('17')) { return 'UltraVNC'; }
  return undefined;
}

export function parseVnc(data: Buffer): ServiceMatch | null {
  const m = /^RFB (\d{3})\.(\d{3})\n/.exec(data.toString('latin1', 0, 12));
  if (m === null) { return null; }
  const proto = `${Number(m[1])}.${Number(m[2])}`;
  return { name: 'vnc', product: BY_VERSION[proto] ?? 'VNC', extraInfo: `protocol ${proto}`, confidence: 1, facts: { 'vnc.protocol': proto } };
}

/** Security-types message (RFB ≥ 3.7: count byte + types; 3.3: u32 type). */
export function parseSecurityTypes(data: Buffer, proto: string): string[] | null {
  if (proto === '3.3') { const t = u32(data, 0); return t < 0 ? null : [String(t)]; }
  const n = data[0];
  if (n === undefined) { return null; }
  if (n === 0) { return []; }
  if (data.length < 1 + n) { return null; }
  return [...data.subarray(1, 1 + n)].map(String);
}

export const vncRule: ProbeRule = {
  name: 'vnc',
  service: 'vnc',
  ports: [5800, ...Array.from({ length: 64 }, (_, i) => 5900 + i)],   // 5900 + display number
  banner: true,
  match: parseVnc,
  async session(conn, m, ctx) {
    const proto = String(m.facts?.['vnc.protocol'] ?? '3.8');
    const reply = proto === '3.3' || proto === '3.5' ? 'RFB 003.003\n' : proto === '3.7' ? 'RFB 003.007\n' : 'RFB 003.008\n';
    const r = await conn.exchange(reply, { timeoutMs: ctx.readTimeoutMs, maxBytes: 1024, until: (d) => proto === '3.3' ? d.length >= 4 : d.length >= 1 + (d[0] ?? 0) });
    const types = parseSecurityTypes(r.data, proto);
    if (types === null) { return m; }
    const facts: Facts = { ...m.facts, 'vnc.securityTypes': types };
    if (types.length === 0) { facts['vnc.error'] = clean(r.data.toString('latin1', 5, 260)); }
    const product = m.product === 'VNC' ? productFromTypes(types) : undefined;
    return { ...m, ...(product !== undefined ? { product } : {}), facts };
  },
};
