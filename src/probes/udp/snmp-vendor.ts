/**
 * @module probes/udp/snmp-vendor — who an SNMP agent is, from what it already said: the private enterprise number
 * (IANA "Private Enterprise Numbers") inside its sysObjectID.0 (1.3.6.1.4.1.<enterprise>…) or inside its SNMPv3
 * engine ID (RFC 3411 §5: the first 4 bytes are 0x80000000 | enterprise, asked by the unauthenticated discovery
 * request, so even an agent refusing every community names its vendor), and the version Cisco IOS writes into
 * sysDescr.0. An enterprise not in the table names no product. Pure.
 */

/** Enterprise number → the agent product nmap-style (vendor agent; net-snmp is the Linux/BSD agent). */
const ENTERPRISES: Readonly<Record<number, string>> = {
  8072: 'net-snmp', 2021: 'net-snmp (UCD-SNMP)', 311: 'Microsoft Windows SNMP service', 9: 'Cisco SNMP service',
  2636: 'Juniper SNMP agent', 2011: 'Huawei SNMP agent', 30065: 'Arista SNMP agent', 12356: 'Fortinet SNMP agent',
  25461: 'Palo Alto Networks SNMP agent', 14988: 'MikroTik RouterOS SNMP agent', 41112: 'Ubiquiti SNMP agent',
  6876: 'VMware ESXi SNMP agent', 318: 'APC SNMP agent', 3375: 'F5 BIG-IP SNMP agent', 2620: 'Check Point SNMP agent',
  8741: 'SonicWall SNMP agent', 1916: 'Extreme Networks SNMP agent', 11: 'HP SNMP agent',
};

const PREFIX = '1.3.6.1.4.1.';

export function enterpriseFromOid(oid: string): number | null {
  if (!oid.startsWith(PREFIX)) { return null; }
  const n = Number(oid.slice(PREFIX.length).split('.')[0]);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 ? n : null;
}

/** RFC 3411 engine IDs with the high bit set carry the enterprise in their first 4 bytes. */
export function enterpriseFromEngineId(hex: string): number | null {
  if (!/^[0-9a-f]{10,64}$/i.test(hex)) { return null; }
  const first = Number.parseInt(hex.slice(0, 8), 16);
  return first >= 0x80000000 ? first - 0x80000000 : null;
}

export interface SnmpAgent { product?: string; version?: string; enterprise?: number }

/** The agent from sysObjectID / engine ID / sysDescr (whichever the agent revealed). */
export function snmpAgent(o: { sysObjectId?: string; engineId?: string; sysDescr?: string }): SnmpAgent {
  const enterprise = (o.sysObjectId !== undefined ? enterpriseFromOid(o.sysObjectId) : null) ?? (o.engineId !== undefined ? enterpriseFromEngineId(o.engineId) : null);
  const out: SnmpAgent = {};
  if (enterprise !== null) { out.enterprise = enterprise; }
  const product = enterprise !== null ? ENTERPRISES[enterprise] : undefined;
  if (product !== undefined) { out.product = product; }
  const ios = o.sysDescr !== undefined ? /Cisco IOS(?: XE)? Software.*?Version ([\w.()-]{1,40})/s.exec(o.sysDescr.slice(0, 1024)) : null;
  if (ios !== null && (enterprise === null || enterprise === 9)) { out.product = 'Cisco SNMP service'; out.version = ios[1]; }
  return out;
}
