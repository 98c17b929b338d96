/**
 * @module probes/services/erlang — Erlang's port mapper epmd (port 4369) and the distribution ports it lists
 * (protocols/erlang; RabbitMQ 25672, CouchDB 9100–9200, any `inet_dist_listen_*` range). epmd: sends NAMES_REQ and
 * reads the node list. Distribution: sends the OTP 23+ send_name 'N' and reads send_status and the challenge,
 * which names the node; the challenge is never answered (no cookie is sent).
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { handshakeComplete, NAMES_REQ, parseHandshake, parseNames, sendName } from '../../protocols/erlang.js';

export function parseEpmd(data: Buffer): ServiceMatch | null {
  const r = parseNames(data);
  if (r === null) { return null; }
  return {
    name: 'epmd', product: 'Erlang Port Mapper Daemon', confidence: r.nodes.length > 0 ? 1 : 0.8,
    extraInfo: r.nodes.length > 0 ? `nodes: ${r.nodes.slice(0, 8).map((n) => `${n.name} ${n.port}`).join(', ')}` : 'no node registered',
    facts: { 'epmd.nodes': r.nodes.map((n) => `${n.name} ${n.port}`) },
  };
}

export const epmdRule: ProbeRule = {
  name: 'epmd', service: 'epmd', ports: [4369], payload: NAMES_REQ, maxBytes: 16_384, match: parseEpmd,
};

export function parseErlangDist(data: Buffer): ServiceMatch | null {
  const r = parseHandshake(data);
  if (r === null) { return null; }
  return {
    name: 'erlang-node', product: 'Erlang Distribution Node', confidence: r.node !== undefined ? 1 : 0.9,
    extraInfo: r.node !== undefined ? `node ${r.node}` : `status ${r.status}`,
    facts: { 'erlang.status': r.status, ...(r.node !== undefined ? { 'erlang.node': r.node } : {}) },
  };
}

export const erlangRule: ProbeRule = {
  name: 'erlang', service: 'erlang-node', ports: [25672], payload: sendName(), until: handshakeComplete, maxBytes: 4096, match: parseErlangDist,
};
