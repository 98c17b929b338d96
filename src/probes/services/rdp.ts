/**
 * @module probes/services/rdp — RDP (port 3389). Spec: [MS-RDPBCGR] §2.2.1.1 (X.224 Connection Request with
 * RDP_NEG_REQ) and §2.2.1.2 (Connection Confirm with RDP_NEG_RSP type 2 / RDP_NEG_FAILURE type 3), over TPKT
 * (RFC 1006). Sends a Connection Request asking for TLS | CredSSP; when the server did not select CredSSP, the
 * session sends a CredSSP-only request on a fresh connection. The product is named only when the answers tell
 * (protocols/rdp `rdpProduct`: Windows-only negotiation flags → Microsoft Terminal Services; a fall-back to standard
 * RDP security for a CredSSP-only request → xrdp); otherwise none is guessed.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { confirmComplete, connectionRequest, parseConfirm, PROTOCOL, rdpProduct, type Confirm } from '../../protocols/rdp.js';

export const RDP_REQUEST = connectionRequest(PROTOCOL.SSL | PROTOCOL.HYBRID);

const NAMES: ReadonlyArray<[number, string]> = [[1, 'TLS'], [2, 'CredSSP'], [8, 'CredSSP-EarlyAuth'], [16, 'CredSSP-EarlyAuth']];

function withProduct(m: ServiceMatch, c: Confirm, hybridOnly: Confirm | null): ServiceMatch {
  const product = rdpProduct(c, hybridOnly);
  const { product: _drop, ...rest } = m;
  return product === null ? rest : { ...rest, product };
}

export function parseRdp(data: Buffer): ServiceMatch | null {
  const c = parseConfirm(data);
  if (c === null) { return null; }
  const facts: Record<string, string | string[] | number> = {};
  if (c.kind === 'selected') {
    facts['rdp.protocols'] = c.protocol === 0 ? ['RDP'] : NAMES.filter(([b]) => (c.protocol & b) !== 0).map(([, n]) => n);
    facts['rdp.flags'] = c.flags;
  } else if (c.kind === 'failure') {
    facts['rdp.failure'] = String(c.code);
  }
  return withProduct({ name: 'ms-wbt-server', confidence: c.kind === 'legacy' ? 0.85 : 1, facts }, c, null);
}

export const rdpRule: ProbeRule = {
  name: 'rdp',
  service: 'ms-wbt-server',
  ports: [3389],
  payload: RDP_REQUEST,
  until: confirmComplete,
  maxBytes: 1024,
  match: parseRdp,
  async session(conn, m, ctx) {
    const c0 = m.facts?.['rdp.protocols'];
    if (!Array.isArray(c0) || c0.some((p) => p.startsWith('CredSSP')) || m.product !== undefined) { return m; }
    conn.close();
    let c;
    try { c = await ctx.dial(); } catch { return m; }
    try {
      const r = await c.exchange(connectionRequest(PROTOCOL.HYBRID), { until: confirmComplete, maxBytes: 1024, timeoutMs: ctx.readTimeoutMs });
      conn.exchanges.push(...c.exchanges);
      const hybridOnly = parseConfirm(r.data);
      const flags = typeof m.facts?.['rdp.flags'] === 'number' ? m.facts['rdp.flags'] : 0;
      const firstC: Confirm = { kind: 'selected', protocol: c0.includes('TLS') ? PROTOCOL.SSL : PROTOCOL.RDP, flags, srcRef: 0 };
      const out = withProduct(m, firstC, hybridOnly);
      return hybridOnly === null ? out : { ...out, facts: { ...m.facts, 'rdp.hybridOnly': hybridOnly.kind === 'selected' ? `selected ${hybridOnly.protocol}` : hybridOnly.kind === 'failure' ? `failure ${hybridOnly.code}` : 'legacy' } };
    } finally { c.close(); }
  },
};
