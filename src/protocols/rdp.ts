/**
 * @module protocols/rdp — the RDP connection-initiation codec ([MS-RDPBCGR] §2.2.1.1 X.224 Connection Request with
 * RDP_NEG_REQ, §2.2.1.2 Connection Confirm with RDP_NEG_RSP / RDP_NEG_FAILURE, over TPKT, RFC 1006) and what the
 * answers tell about the server: which protocol it selects when offered TLS and CredSSP, its negotiation flags
 * (RESTRICTED_ADMIN_MODE_SUPPORTED 0x08 and REDIRECTED_AUTHENTICATION_MODE_SUPPORTED 0x10 are Windows features), and
 * whether it answers a CredSSP-only request by falling back to standard RDP security, which xrdp does and Windows
 * never does (it selects CredSSP or refuses). Pure; parsers never throw.
 */

export const PROTOCOL = { RDP: 0, SSL: 1, HYBRID: 2, RDSTLS: 4, HYBRID_EX: 8 } as const;
export const WINDOWS_ONLY_FLAGS = 0x08 | 0x10;

/** TPKT + X.224 Connection Request + RDP_NEG_REQ asking for `requested` (bit set of PROTOCOL). */
export function connectionRequest(requested: number): Buffer {
  const b = Buffer.from([0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0, 0, 0, 0]);
  b.writeUInt32LE(requested >>> 0, 15);
  return b;
}

export type Confirm =
  | { kind: 'selected'; protocol: number; flags: number; srcRef: number }
  | { kind: 'failure'; code: number; srcRef: number }
  | { kind: 'legacy'; srcRef: number };

export function confirmComplete(d: Buffer): boolean {
  return d.length >= 4 && d.length >= d.readUInt16BE(2);
}

export function parseConfirm(d: Buffer): Confirm | null {
  if (d.length < 11 || d[0] !== 0x03 || d[1] !== 0x00) { return null; }
  const len = d.readUInt16BE(2);
  if (len < 11 || len > 512 || d.length < 11 || ((d[5] as number) & 0xf0) !== 0xd0) { return null; }
  const srcRef = d.readUInt16BE(8);
  if (len < 19 || d.length < 19) { return { kind: 'legacy', srcRef }; }
  if (d[11] === 0x02) { return { kind: 'selected', protocol: d.readUInt32LE(15), flags: d[12] as number, srcRef }; }
  if (d[11] === 0x03) { return { kind: 'failure', code: d.readUInt32LE(15), srcRef }; }
  return { kind: 'legacy', srcRef };
}

/**
 * The product, when the answers name it: `first` answers TLS|CredSSP, `hybridOnly` (optional) a CredSSP-only
 * request. Windows-only negotiation flags → Microsoft Terminal Services; CredSSP offered but standard RDP selected
 * for a CredSSP-only request → xrdp; anything else → null (the protocol does not say).
 */
export function rdpProduct(first: Confirm, hybridOnly: Confirm | null): string | null {
  if (first.kind === 'selected' && (first.flags & WINDOWS_ONLY_FLAGS) !== 0) { return 'Microsoft Terminal Services'; }
  const fellBack = hybridOnly !== null && hybridOnly.kind === 'selected' && hybridOnly.protocol === PROTOCOL.RDP;
  if (first.kind === 'selected' && (first.protocol & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) === 0 && fellBack) { return 'xrdp'; }
  return null;
}
