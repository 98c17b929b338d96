/**
 * @module checks/erlang — Erlang clusters (RabbitMQ, CouchDB, ejabberd, Elixir apps; protocols/erlang):
 *   `epmd-node-names` — epmd (4369) answers NAMES_REQ with the names and distribution ports of the nodes on the host;
 *   `erlang-distribution-exposed` — a distribution port accepts the handshake from this host (send_status "ok" and
 *   a challenge naming the node): whoever knows or guesses the cookie gets remote code execution on the node.
 * The challenge is never answered; no cookie is sent or guessed.
 */
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';
import { handshakeComplete, NAMES_REQ, parseHandshake, parseNames, sendName } from '../protocols/erlang.js';

const DIST_DOC = 'https://www.erlang.org/doc/apps/erts/erl_dist_protocol.html';
const SECURITY = 'https://www.erlang.org/doc/system/ssl_distribution.html';
const RABBIT_NET = 'https://www.rabbitmq.com/docs/networking#epmd';

export const epmdNodeNames: Check = {
  id: 'epmd-node-names',
  title: 'Erlang port mapper discloses its nodes',
  severity: 'medium',
  services: ['epmd'],
  proves: 'epmd answered NAMES_REQ from this host with the Erlang node names and their distribution ports: the map an attacker needs to reach the nodes (cookie brute force, CVE-class RCE).',
  probe: 'NAMES_REQ (3 bytes); the node list is read until epmd closes.',
  remediation: 'Firewall 4369 and the distribution port range to the cluster peers only (RabbitMQ: 4369, 25672, 35672–35682); bind epmd to a private interface (ERL_EPMD_ADDRESS).',
  references: [DIST_DOC, RABBIT_NET, REF.cwe200, sansPort(4369)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(NAMES_REQ, { maxBytes: 16_384, timeoutMs: ctx.readTimeoutMs });
      const names = parseNames(r.data);
      if (names === null) { return notRun('the answer to NAMES_REQ is not an epmd node list', conn.exchanges); }
      if (names.nodes.length === 0) { return secure('epmd answered NAMES_REQ with no registered node.', conn.exchanges); }
      const list = names.nodes.map((n) => `${n.name} (port ${n.port})`);
      return vulnerable(`epmd listed ${names.nodes.length} node(s): ${list.slice(0, 10).join(', ')}.`, conn.exchanges, { details: { nodes: list.slice(0, 64) } });
    });
  },
};

export const erlangDistributionExposed: Check = {
  id: 'erlang-distribution-exposed',
  title: 'Erlang distribution port reachable',
  severity: 'high',
  services: ['erlang-node'],
  proves: 'The Erlang distribution port accepted a handshake from this host and named its node: any host that knows or guesses the cookie can run code on the node (rpc:call, os:cmd).',
  probe: 'Distribution send_name (OTP 23+ \'N\', node gatehouse@gatehouse.invalid); send_status and the challenge are read, the challenge is not answered (no cookie sent).',
  remediation: 'Firewall the distribution ports to the cluster peers only, use a long random cookie, and enable TLS distribution (-proto_dist inet_tls) with verified peer certificates.',
  references: [DIST_DOC, SECURITY, RABBIT_NET, REF.cwe668],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(sendName(), { until: handshakeComplete, maxBytes: 4096, timeoutMs: ctx.readTimeoutMs });
      const h = parseHandshake(r.data);
      if (h === null) { return notRun('no distribution send_status answer', conn.exchanges); }
      if (h.status === 'not_allowed' || h.status === 'nok') { return secure(`The node refused the handshake (status "${h.status}").`, conn.exchanges); }
      return vulnerable(`The distribution port answered status "${h.status}"${h.node !== undefined ? ` and a challenge from node ${h.node}` : ''}; the cookie is all that stands between this host and code execution.`,
        conn.exchanges, { details: { status: h.status, node: h.node ?? null } });
    });
  },
};
