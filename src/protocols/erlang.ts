/**
 * @module protocols/erlang — Erlang's port mapper and distribution handshake (ERTS "Distribution Protocol":
 * https://www.erlang.org/doc/apps/erts/erl_dist_protocol.html). epmd (port 4369): NAMES_REQ (length 1, byte 110)
 * is answered with epmd's own port (4 bytes) and one line per registered node, "name <node> at port <port>", then
 * close. Distribution port: the OTP 23+ send_name message 'N' (flags, creation, our node name) is answered with
 * send_status ('s' + "ok" | "nok" | "not_allowed" | "alive" | "named:") and, after "ok", the challenge message
 * naming the node ('N': flags, challenge, creation, name; or the old 'n': version, flags, challenge, name). We never
 * answer the challenge: the cookie is neither sent nor guessed. Pure; parsers never throw; at most 64 nodes.
 */

export const EPMD_PORT = 4369;
export const NAMES_REQ = Buffer.from([0x00, 0x01, 110]);

export interface EpmdNode { name: string; port: number }

/** NAMES_RESP: epmd's port then node lines; null when the bytes are not that. */
export function parseNames(d: Buffer): { epmdPort: number; nodes: EpmdNode[] } | null {
  if (d.length < 4) { return null; }
  const epmdPort = d.readUInt32BE(0);
  if (epmdPort === 0 || epmdPort > 65_535) { return null; }
  const text = d.toString('latin1', 4, Math.min(d.length, 16_384));
  const nodes: EpmdNode[] = [];
  for (const line of text.split('\n')) {
    if (line === '') { continue; }
    const m = /^name (\S{1,255}) at port (\d{1,5})$/.exec(line);
    if (m === null) { return null; }
    if (nodes.length < 64) { nodes.push({ name: m[1] as string, port: Number(m[2]) }); }
  }
  if (nodes.length === 0 && (epmdPort !== EPMD_PORT || d.length !== 4)) { return null; }
  return { epmdPort, nodes };
}

/** Distribution flags the OTP 25+ handshake requires (DFLAG_* of erl_dist_protocol), plus HANDSHAKE_23. */
const FLAGS = 0x4 | 0x10 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x20000 | 0x40000 | 0x1000000;

/** send_name 'N' for `node` (e.g. "gatehouse@gatehouse.invalid"), creation 0. */
export function sendName(node = 'gatehouse@gatehouse.invalid'): Buffer {
  const name = Buffer.from(node, 'latin1');
  const body = Buffer.alloc(15);
  body[0] = 78;
  body.writeBigUInt64BE(BigInt(FLAGS), 1);
  body.writeUInt16BE(name.length, 13);
  const msg = Buffer.concat([body, name]);
  const h = Buffer.alloc(2);
  h.writeUInt16BE(msg.length, 0);
  return Buffer.concat([h, msg]);
}

const STATUSES = /^(ok|ok_simultaneous|nok|not_allowed|alive|named:.*)$/s;

/** send_status and, after "ok", the challenge's node name. Null when the bytes are not a distribution answer. */
export function parseHandshake(d: Buffer): { status: string; node?: string } | null {
  if (d.length < 4 || d[2] !== 0x73) { return null; }
  const len = d.readUInt16BE(0);
  if (len < 2 || len > 256 || d.length < 2 + len) { return null; }
  const status = d.toString('latin1', 3, 2 + len);
  if (!STATUSES.test(status)) { return null; }
  const rest = d.subarray(2 + len);
  if (rest.length < 3) { return { status: status.slice(0, 64) }; }
  const clen = rest.readUInt16BE(0);
  const msg = rest.subarray(2, 2 + Math.min(clen, 1024));
  let node: string | undefined;
  if (msg[0] === 78 && msg.length >= 19) {
    const nlen = msg.readUInt16BE(17);
    node = msg.toString('latin1', 19, Math.min(msg.length, 19 + nlen));
  } else if (msg[0] === 110 && msg.length >= 11) {
    node = msg.toString('latin1', 11);
  }
  return node !== undefined && /^[\w.@:-]{1,255}$/.test(node) ? { status, node } : { status: status.slice(0, 64) };
}

/** The handshake reply is complete: the status, and after "ok" the challenge message too. */
export function handshakeComplete(d: Buffer): boolean {
  if (d.length < 2 || d.length < 2 + d.readUInt16BE(0)) { return false; }
  const first = 2 + d.readUInt16BE(0);
  if (d.toString('latin1', 3, first) !== 'ok') { return true; }
  return d.length >= first + 2 && d.length >= first + 2 + d.readUInt16BE(first);
}
