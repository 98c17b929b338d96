/**
 * @module probes/services/msrpc — the MSRPC endpoint mapper (port 135). Spec: C706 §12.6.4.3 (BIND) and
 * §12.6.4.4 (BIND_ACK), [MS-RPCE] §2.2.2, epmapper interface e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0. Sends one
 * BIND to the endpoint mapper over NDR; a BIND_ACK accepting it proves an endpoint mapper (Windows always runs one;
 * Samba's AD DC can too, so the OS inference weighs it as a clue, not as proof). Nothing else is asked.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { bindEpmapper, parseBindAnswer, pduComplete } from '../../protocols/dcerpc.js';

export function parseMsrpc(data: Buffer): ServiceMatch | null {
  const a = parseBindAnswer(data);
  if (a === null) { return null; }
  if (a.kind === 'nak') { return { name: 'msrpc', product: 'DCE/RPC', extraInfo: `bind refused (reason ${a.reason ?? '?'})`, confidence: 0.9, facts: { 'msrpc.bind': 'nak' } }; }
  const accepted = a.result === 0;
  return {
    name: 'msrpc', product: 'Microsoft Windows RPC', confidence: accepted ? 1 : 0.9,
    ...(accepted ? { extraInfo: 'endpoint mapper' } : {}),
    facts: { 'msrpc.bind': accepted ? 'ack' : `ack, result ${a.result ?? '?'}`, 'msrpc.epmapper': accepted, 'msrpc.secondaryAddress': a.secondaryAddress ?? '' },
  };
}

export const msrpcRule: ProbeRule = {
  name: 'msrpc',
  service: 'msrpc',
  ports: [135, 593],
  payload: bindEpmapper(),
  until: pduComplete,
  maxBytes: 4096,
  match: parseMsrpc,
};
