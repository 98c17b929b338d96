/**
 * @module probes/udp/cldap — Connectionless LDAP, port 389 (RFC 1798; RFC 4511 messages over UDP, as Active
 * Directory answers them): a base-scope search of the root DSE for `(objectClass=*)`. A searchResEntry proves the
 * service; its size against our request is the reflection factor.
 */
import type { UdpExchange, UdpIdentity, UdpProbe } from './types.js';
import { firstParsed } from './types.js';
import { berInt, berOctets, readChildren, readTlv, intValue, tlv } from '../../protocols/ber.js';

export function buildRootDseSearch(messageId = 0x47): Buffer {
  const req = tlv(0x63, Buffer.concat([
    berOctets(''),                       // baseObject: root DSE
    tlv(0x0a, Buffer.from([0])),         // scope: base
    tlv(0x0a, Buffer.from([0])),         // derefAliases: never
    berInt(0), berInt(0),                // size and time limit
    tlv(0x01, Buffer.from([0])),         // typesOnly false
    berOctets('objectClass', 0x87),      // filter: present
    tlv(0x30, Buffer.alloc(0)),          // attributes: all user attributes
  ]));
  return tlv(0x30, Buffer.concat([berInt(messageId), req]));
}

export interface CldapReply { messageId: number; entries: number; attributes: string[]; done: boolean }

/** Reads the LDAPMessages of one datagram: counts searchResEntry, collects attribute names, notes searchResDone. */
export function parseCldap(b: Buffer): CldapReply | null {
  let off = 0;
  let messageId: number | null = null;
  let entries = 0;
  let done = false;
  const attributes: string[] = [];
  for (let n = 0; off < b.length && n < 64; n++) {
    const msg = readTlv(b, off);
    if (msg === null || msg.tag !== 0x30) { break; }
    off = msg.end;
    const parts = readChildren(msg.value);
    const id = intValue(parts?.[0]);
    const op = parts?.[1];
    if (id === null || op === undefined) { return null; }
    messageId ??= id;
    if (op.tag === 0x64) {
      entries++;
      const body = readChildren(op.value);
      for (const a of readChildren(body?.[1]?.value ?? Buffer.alloc(0)) ?? []) {
        const kv = readChildren(a.value);
        if (kv?.[0]?.tag === 0x04 && attributes.length < 64) { attributes.push(kv[0].value.toString('latin1').slice(0, 64)); }
      }
    } else if (op.tag === 0x65) { done = true; } else { return null; }
  }
  return messageId === null ? null : { messageId, entries, attributes, done };
}

export const cldapProbe: UdpProbe = {
  name: 'cldap',
  ports: [389],
  discovery: () => [buildRootDseSearch()],
  requests: () => [{ label: 'rootdse', bytes: buildRootDseSearch() }],
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null {
    const r = firstParsed(exchanges, (b) => parseCldap(b));
    return r ? { name: 'cldap', extraInfo: r.value.attributes.length > 0 ? `root DSE: ${r.value.attributes.join(', ')}` : undefined, confidence: 1, label: r.exchange.label } : null;
  },
};
