/**
 * @module local/procnet — parser of the kernel's socket tables /proc/net/{tcp,tcp6,udp,udp6} (see the kernel's
 * Documentation/networking/proc_net_tcp.rst). One line per socket:
 *   `sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …`
 * Addresses are hex: IPv4 one 32-bit word, IPv6 four 32-bit words, each printed in the host's byte order (so on
 * little-endian machines every 4-byte group is reversed); ports are big-endian hex. Pure: no I/O here.
 */
import type { BindScope } from './types.js';

export type Endianness = 'LE' | 'BE';

/** TCP states as numbered in the kernel (include/net/tcp_states.h). */
export const TCP_ESTABLISHED = 0x01;
export const TCP_CLOSE = 0x07;
export const TCP_LISTEN = 0x0a;

export interface ProcSocket {
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: number;
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
}

export interface ProcNetTable {
  sockets: ProcSocket[];
  /** Lines that did not have the expected shape (never expected from a real kernel; counted, not fatal). */
  malformed: number;
}

/** RFC 5952 text of 16 bytes: lower case, no leading zeros, longest run (≥2) of zero groups as '::'; IPv4-mapped as ::ffff:a.b.c.d. */
export function formatIPv6(bytes: readonly number[]): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) { g.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)); }
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) { j++; }
    if (j - i > bestLen && j - i >= 2) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestAt < 0) { return hex.join(':'); }
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

function isHex(s: string, from: number, to: number): boolean {
  if (to <= from) { return false; }
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) { return false; }
  }
  return true;
}

/** One 32-bit word as 4 bytes in network order, appended to `out`. */
function pushWord(hex8: string, endian: Endianness, out: number[]): void {
  const n = parseInt(hex8, 16);
  if (endian === 'LE') { out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24); } else { out.push(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff); }
}

/** Decoded address texts by their hex: a table repeats a few addresses thousands of times. */
const addressCache: Record<Endianness, Map<string, string>> = { LE: new Map(), BE: new Map() };

function decodeAddress(hex: string, family: 4 | 6, endian: Endianness): string {
  const cache = addressCache[endian];
  const hit = cache.get(hex);
  if (hit !== undefined) { return hit; }
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) { pushWord(hex.slice(w, w + 8), endian, bytes); }
  const text = family === 4 ? `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}` : formatIPv6(bytes);
  if (cache.size > 50_000) { cache.clear(); }
  cache.set(hex, text);
  return text;
}

/** Decodes one `ADDR:PORT` field; null when malformed. */
export function decodeEndpoint(field: string, family: 4 | 6, endian: Endianness): { address: string; port: number } | null {
  const want = family === 4 ? 8 : 32;
  if (field.length < want + 2 || field.length > want + 5 || field.charCodeAt(want) !== 58 /* : */
    || !isHex(field, 0, want) || !isHex(field, want + 1, field.length)) { return null; }
  return { address: decodeAddress(field.slice(0, want), family, endian), port: parseInt(field.slice(want + 1), 16) };
}

/** Splits a line on runs of spaces without a regex (the hot loop of a 10,000-socket table). */
function fields(line: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n && out.length < max) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) { i++; }
    if (i >= n) { break; }
    let j = i;
    while (j < n && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) { j++; }
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

function isDecimal(s: string): boolean {
  if (s.length === 0 || s.length > 15) { return false; }
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) { return false; } }
  return true;
}

/**
 * The kernel's exact layout (`%4d: %0nX:%04X %0nX:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu …`) read at
 * fixed offsets, without splitting the line: the common case of a 10,000-line table. null → the general path.
 */
function parseFast(line: string, family: 4 | 6, endian: Endianness): ProcSocket | null {
  const w = family === 4 ? 8 : 32;
  let p = line.indexOf(': ');
  if (p < 0) { return null; }
  p += 2;
  const l = p;
  const r = l + w + 6;
  const st = r + w + 6;
  const q = st + 3;
  if (line.length < q + 18 || line.charCodeAt(l + w) !== 58 || line.charCodeAt(r - 1) !== 32 || line.charCodeAt(r + w) !== 58
    || line.charCodeAt(st - 1) !== 32 || line.charCodeAt(q - 1) !== 32 || line.charCodeAt(q + 8) !== 58 || line.charCodeAt(q + 17) !== 32
    || !isHex(line, l, l + w) || !isHex(line, l + w + 1, l + w + 5) || !isHex(line, r, r + w) || !isHex(line, r + w + 1, r + w + 5)
    || !isHex(line, st, st + 2) || !isHex(line, q, q + 8) || !isHex(line, q + 9, q + 17)) { return null; }
  const rest = fields(line.slice(q + 18), 5);   // tr:when retrnsmt uid timeout inode
  const uid = rest[2];
  const inode = rest[4];
  if (uid === undefined || inode === undefined || !isDecimal(uid) || !isDecimal(inode)) { return null; }
  return {
    family,
    localAddress: decodeAddress(line.slice(l, l + w), family, endian),
    localPort: parseInt(line.slice(l + w + 1, l + w + 5), 16),
    remoteAddress: decodeAddress(line.slice(r, r + w), family, endian),
    remotePort: parseInt(line.slice(r + w + 1, r + w + 5), 16),
    state: parseInt(line.slice(st, st + 2), 16),
    txQueue: parseInt(line.slice(q, q + 8), 16),
    rxQueue: parseInt(line.slice(q + 9, q + 17), 16),
    uid: Number(uid),
    inode: Number(inode),
  };
}

/** Parses one table's text (header line first, as the kernel prints it). */
export function parseProcNet(text: string, family: 4 | 6, endian: Endianness): ProcNetTable {
  const sockets: ProcSocket[] = [];
  let malformed = 0;
  let pos = text.indexOf('\n');
  if (pos < 0) { return { sockets, malformed }; }
  pos++;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) { end = text.length; }
    const line = text.slice(pos, end);
    pos = end + 1;
    const quick = parseFast(line, family, endian);
    if (quick !== null) { sockets.push(quick); continue; }
    const f = fields(line, 10);
    if (f.length === 0) { continue; }
    const sl = f[0] as string;
    if (f.length < 10 || !sl.endsWith(':')) { malformed++; continue; }
    const local = decodeEndpoint(f[1] as string, family, endian);
    const remote = decodeEndpoint(f[2] as string, family, endian);
    const st = f[3] as string;
    const q = f[4] as string;
    const colon = q.indexOf(':');
    if (!local || !remote || st.length > 2 || !isHex(st, 0, st.length) || colon < 1 || !isHex(q, 0, colon) || !isHex(q, colon + 1, q.length)
      || !isDecimal(f[7] as string) || !isDecimal(f[9] as string)) { malformed++; continue; }
    sockets.push({
      family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: parseInt(st, 16),
      txQueue: parseInt(q.slice(0, colon), 16),
      rxQueue: parseInt(q.slice(colon + 1), 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return { sockets, malformed };
}

/** Bind scope of a local address: wildcard = all interfaces; 127/8, ::1 and ::ffff:127/104 = loopback; else one address. */
export function bindScope(address: string): BindScope {
  if (address === '0.0.0.0' || address === '::') { return 'all'; }
  if (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')) { return 'loopback'; }
  return 'address';
}

/** A listening socket: TCP in LISTEN; UDP unconnected (state CLOSE, no peer) — what `ss -l` lists. */
export function isListening(s: ProcSocket, protocol: 'tcp' | 'udp'): boolean {
  if (protocol === 'tcp') { return s.state === TCP_LISTEN; }
  return s.state === TCP_CLOSE && s.remotePort === 0;
}
