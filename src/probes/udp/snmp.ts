/**
 * @module probes/udp/snmp — SNMP, port 161 (RFC 1157 v1, RFC 3416 v2c, RFC 3414 v3). Sends GetRequest for
 * sysDescr.0 (1.3.6.1.2.1.1.1.0) with the communities `public` and `private` in v1 and v2c, and an SNMPv3
 * engine-discovery request (no credentials): agents answer it with a Report whatever their communities.
 */
import type { UdpExchange, UdpIdentity, UdpProbe, UdpRequest } from './types.js';
import { firstParsed } from './types.js';
import { berInt, berOctets, berOid, intValue, oidValue, readChildren, readTlv, tlv } from '../../protocols/ber.js';
import { snmpAgent, type SnmpAgent } from './snmp-vendor.js';

const agentFields = (a: SnmpAgent): { product?: string; version?: string } => ({ ...(a.product !== undefined ? { product: a.product } : {}), ...(a.version !== undefined ? { version: a.version } : {}) });

export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
export const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
export const DEFAULT_COMMUNITIES = ['public', 'private'] as const;

export function buildGetRequest(version: 0 | 1, community: string, requestId: number, oids: string | readonly string[] = [SYS_DESCR, SYS_OBJECT_ID]): Buffer {
  const varbinds = (typeof oids === 'string' ? [oids] : oids).map((oid) => tlv(0x30, Buffer.concat([berOid(oid), Buffer.from([0x05, 0x00])])));
  const pdu = tlv(0xa0, Buffer.concat([berInt(requestId), berInt(0), berInt(0), tlv(0x30, Buffer.concat(varbinds))]));
  return tlv(0x30, Buffer.concat([berInt(version), berOctets(community), pdu]));
}

/** SNMPv3 GetRequest with an empty engine id and user (RFC 3414 §4 discovery). */
export function buildV3Discovery(msgId = 0x4748): Buffer {
  const header = tlv(0x30, Buffer.concat([berInt(msgId), berInt(65507), berOctets(Buffer.from([0x04])), berInt(3)]));
  const usm = berOctets(tlv(0x30, Buffer.concat([berOctets(''), berInt(0), berInt(0), berOctets(''), berOctets(''), berOctets('')])));
  const pdu = tlv(0xa0, Buffer.concat([berInt(msgId + 1), berInt(0), berInt(0), tlv(0x30, Buffer.alloc(0))]));
  const scoped = tlv(0x30, Buffer.concat([berOctets(''), berOctets(''), pdu]));
  return tlv(0x30, Buffer.concat([berInt(3), header, usm, scoped]));
}

export interface SnmpReply {
  version: number;          // 0 v1, 1 v2c, 3 v3
  community: string | null; // v1/v2c only
  pduType: number;          // 0xa2 response, 0xa8 report
  requestId: number | null;
  errorStatus: number | null;
  values: { oid: string; value: string }[];
  engineId?: string;        // v3: msgAuthoritativeEngineID, hex
}

function varbinds(pdu: Buffer): { requestId: number | null; errorStatus: number | null; values: { oid: string; value: string }[] } | null {
  const parts = readChildren(pdu);
  if (parts === null || parts.length < 4) { return null; }
  const list = readChildren(parts[3]?.value ?? Buffer.alloc(0)) ?? [];
  const values = list.slice(0, 32).flatMap((vb) => {
    const kv = readChildren(vb.value);
    const oid = oidValue(kv?.[0]);
    if (oid === null || kv?.[1] === undefined) { return []; }
    const v = kv[1];
    return [{ oid, value: v.tag === 0x04 ? v.value.toString('latin1').slice(0, 512) : v.tag === 0x02 ? String(intValue(v)) : v.tag === 0x06 ? oidValue(v) ?? 'bad OID' : `tag 0x${v.tag.toString(16)}` }];
  });
  return { requestId: intValue(parts[0]), errorStatus: intValue(parts[1]), values };
}

/** Decodes a v1/v2c response or a v3 (unauthenticated) report; null for anything else. */
export function parseSnmp(buf: Buffer): SnmpReply | null {
  const top = readTlv(buf, 0);
  if (top === null || top.tag !== 0x30) { return null; }
  const parts = readChildren(top.value);
  const version = intValue(parts?.[0]);
  if (parts === null || version === null) { return null; }
  if ((version === 0 || version === 1) && parts.length >= 3 && parts[1]?.tag === 0x04) {
    const pdu = parts[2] as (typeof parts)[number];
    if (pdu.tag < 0xa0 || pdu.tag > 0xa8) { return null; }
    const vb = varbinds(pdu.value);
    return vb ? { version, community: (parts[1]?.value ?? Buffer.alloc(0)).toString('latin1'), pduType: pdu.tag, ...vb } : null;
  }
  if (version === 3 && parts.length >= 4) {
    const usm = readTlv(parts[2]?.value ?? Buffer.alloc(0), 0);
    const usmParts = usm ? readChildren(usm.value) : null;
    const engine = usmParts?.[0]?.tag === 0x04 ? usmParts[0].value.toString('hex') : undefined;
    const scoped = readChildren(parts[3]?.value ?? Buffer.alloc(0));
    const pdu = scoped?.[2];
    const vb = pdu !== undefined && pdu.tag >= 0xa0 && pdu.tag <= 0xa8 ? varbinds(pdu.value) : null;
    return { version: 3, community: null, pduType: pdu?.tag ?? 0, requestId: vb?.requestId ?? null, errorStatus: vb?.errorStatus ?? null, values: vb?.values ?? [], engineId: engine };
  }
  return null;
}

export function snmpRequests(): UdpRequest[] {
  const out: UdpRequest[] = [];
  let rid = 0x1000;
  for (const c of DEFAULT_COMMUNITIES) {
    out.push({ label: `v2c-${c}`, bytes: buildGetRequest(1, c, rid++) }, { label: `v1-${c}`, bytes: buildGetRequest(0, c, rid++) });
  }
  out.push({ label: 'v3-discovery', bytes: buildV3Discovery() });
  return out;
}

export const snmpProbe: UdpProbe = {
  name: 'snmp',
  ports: [161],
  discovery: () => [buildV3Discovery(), buildGetRequest(1, 'public', 0x0fff), buildGetRequest(0, 'private', 0x0ffe)],
  requests: snmpRequests,
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const withDescr = firstParsed(exchanges, (b) => { const r = parseSnmp(b); return r?.values.find((v) => v.oid === SYS_DESCR) ? r : null; });
    const v3 = firstParsed(exchanges, (b) => { const r = parseSnmp(b); return r?.version === 3 && r.engineId ? r : null; });
    const engineId = v3?.value.engineId;
    if (withDescr) {
      const descr = withDescr.value.values.find((v) => v.oid === SYS_DESCR)?.value ?? '';
      const objectId = withDescr.value.values.find((v) => v.oid === SYS_OBJECT_ID)?.value;
      const agent = snmpAgent({ sysDescr: descr, ...(objectId !== undefined ? { sysObjectId: objectId } : {}), ...(engineId !== undefined ? { engineId } : {}) });
      return { name: 'snmp', ...agentFields(agent), extraInfo: `sysDescr: ${descr.slice(0, 200)}`, confidence: 1, label: withDescr.exchange.label };
    }
    const any = firstParsed(exchanges, (b) => parseSnmp(b));
    if (!any) { return null; }
    const agent = engineId !== undefined ? snmpAgent({ engineId }) : {};
    return { name: 'snmp', ...agentFields(agent), extraInfo: any.value.version === 3 ? `SNMPv3${any.value.engineId ? ` engine ${any.value.engineId}` : ''}` : undefined, confidence: 1, label: any.exchange.label };
  },
};
