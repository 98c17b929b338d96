/**
 * @module probes/services/ldap — LDAP (port 389; 636 over TLS). Spec: RFC 4511 §4.5.1 (SearchRequest),
 * §4.5.2 (SearchResultEntry 0x64 / SearchResultDone 0x65), RFC 4512 §5.1 (the root DSE), BER per X.690.
 * Sends one anonymous base-object search of the root DSE for objectClass, namingContexts, supportedLDAPVersion,
 * vendorName, vendorVersion (no bind; read-only). OpenLDAP is recognised by its root DSE class OpenLDAProotDSE.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact } from '../util.js';
import { berRead, tlv, type Ber } from '../../protocols/ber.js';

const ATTRS = ['objectClass', 'namingContexts', 'supportedLDAPVersion', 'vendorName', 'vendorVersion'];

export function rootDseSearch(): Buffer {
  const str = (tag: number, s: string): Buffer => tlv(tag, Buffer.from(s, 'latin1'));
  const req = tlv(0x63, Buffer.concat([
    str(0x04, ''), tlv(0x0a, Buffer.from([0])), tlv(0x0a, Buffer.from([0])), // base "", scope base, never deref
    tlv(0x02, Buffer.from([0])), tlv(0x02, Buffer.from([5])), tlv(0x01, Buffer.from([0])), // sizeLimit 0, timeLimit 5, typesOnly false
    str(0x87, 'objectClass'),                                                        // filter: present
    tlv(0x30, Buffer.concat(ATTRS.map((a) => str(0x04, a)))),
  ]));
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), req]));
}

function attributes(entry: Ber): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const list = entry.children?.[1]?.children ?? [];
  for (const pa of list.slice(0, 64)) {
    const type = pa.children?.[0]?.value.toString('latin1');
    const vals = pa.children?.[1]?.children?.map((v) => clean(v.value.toString('latin1'), 128)).slice(0, 32);
    if (type !== undefined && vals !== undefined) { out[type] = vals; }
  }
  return out;
}

export function parseLdap(data: Buffer): ServiceMatch | null {
  const msg = berRead(data, 0);
  if (msg === null || msg.tag !== 0x30 || msg.children === undefined || msg.children[0]?.tag !== 0x02) { return null; }
  const op = msg.children[1];
  if (op === undefined) { return null; }
  if (op.tag === 0x64) {
    const a = attributes(op);
    const vendor = a.vendorName?.[0];
    // OpenLDAP names no vendor but gives its root DSE the object class OpenLDAProotDSE.
    const openldap = a.objectClass?.includes('OpenLDAProotDSE') === true || /OpenLDAP/i.test(vendor ?? '');
    const product = openldap ? 'OpenLDAP' : vendor;
    return compact({
      name: 'ldap', product, version: a.vendorVersion?.[0], confidence: 1,
      extraInfo: a.supportedLDAPVersion !== undefined ? `LDAP versions ${a.supportedLDAPVersion.join(', ')}` : undefined,
      facts: compact({ 'ldap.namingContexts': a.namingContexts ?? [], 'ldap.anonymousRead': true }),
    });
  }
  if (op.tag === 0x65 || op.tag === 0x78 || op.tag === 0x61) {  // SearchResultDone, ExtendedResponse (notice of disconnection), BindResponse
    const code = op.children?.[0];
    if (code?.tag !== 0x0a) { return null; }
    return { name: 'ldap', confidence: 0.95, facts: { 'ldap.resultCode': code.value[0] ?? -1 } };
  }
  return null;
}

export const ldapRule: ProbeRule = {
  name: 'ldap',
  service: 'ldap',
  ports: [389, 3268],
  payload: rootDseSearch(),
  until: (d) => { const m = berRead(d, 0); return m !== null && (m.children?.[1]?.tag !== 0x64 || berRead(d, m.end) !== null); },
  maxBytes: 32_768,
  match: parseLdap,
  cpe: { OpenLDAP: 'openldap:openldap' },
};
