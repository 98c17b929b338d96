/**
 * @module protocols/rsync — the rsync daemon protocol (port 873; rsync(1) "CONNECTING TO AN RSYNC DAEMON",
 * rsyncd.conf(5)) as far as a read-only listing needs, spoken at protocol version 29 (no compat flags, no checksum
 * negotiation): the greeting, the answer to selecting a module (`@RSYNCD: OK`, `@RSYNCD: AUTHREQD <challenge>`,
 * `@ERROR: …`), the server arguments of a non-recursive listing (`--server --sender -d . <module>/`), and the
 * sender's reply: a 4-byte checksum seed, then multiplexed messages (4-byte header: tag + 7 in the top byte, length
 * in the low 24 bits) whose MSG_DATA payload is the file list (protocol 29 entries: flags, name, size, mtime,
 * mode). Pure; parsers never throw; the file list stops at 64 entries and names are cut at 255 bytes.
 */

/** The protocol version we announce (29: the simplest file-list encoding every daemon since 2.6 speaks). */
export const RSYNC_PROTOCOL = 29;

export function greeting(): string { return `@RSYNCD: ${RSYNC_PROTOCOL}.0\n`; }

/** The daemon's answer to a module name. */
export type ModuleAnswer = { kind: 'ok' } | { kind: 'auth'; challenge: string } | { kind: 'error'; message: string };

export function parseModuleAnswer(text: string): ModuleAnswer | null {
  for (const raw of text.split('\n').slice(0, 64)) {
    const line = raw.replace(/\r$/, '');
    if (line === '@RSYNCD: OK') { return { kind: 'ok' }; }
    const auth = /^@RSYNCD: AUTHREQD ?(.*)$/.exec(line);
    if (auth !== null) { return { kind: 'auth', challenge: (auth[1] ?? '').slice(0, 64) }; }
    if (line.startsWith('@ERROR')) { return { kind: 'error', message: line.slice(0, 200) }; }
  }
  return null;
}

/** The answer line is complete (OK, AUTHREQD, an error, or EXIT). */
export function moduleAnswerComplete(d: Buffer): boolean {
  return /@RSYNCD: (?:OK|AUTHREQD[^\n]*|EXIT)\n|@ERROR[^\n]*\n/.test(d.toString('latin1', 0, Math.min(d.length, 8192)));
}

/** Server arguments (protocol < 30: one per line, an empty line ends them) for a listing of `module`'s top directory. */
export function listArgs(module: string): string {
  return ['--server', '--sender', '-d', '.', `${module}/`, ''].join('\n') + '\n';
}

/** The empty filter list the client (receiver) sends after the arguments: a 32-bit 0. */
export const EMPTY_FILTER_LIST = Buffer.alloc(4);

export interface Demuxed { data: Buffer; messages: string[]; complete: boolean }

/** Demultiplex the sender's stream after its 4-byte checksum seed: MSG_DATA bytes, and the text of other messages. */
export function demux(d: Buffer, maxData = 65_536): Demuxed {
  const parts: Buffer[] = [];
  const messages: string[] = [];
  let at = 4;
  let size = 0;
  while (at + 4 <= d.length && size < maxData && messages.length < 16) {
    const h = d.readUInt32LE(at);
    const tag = (h >>> 24) - 7;
    const len = h & 0x00ffffff;
    if (tag < 0 || at + 4 + len > d.length) { break; }
    const body = d.subarray(at + 4, at + 4 + len);
    if (tag === 0) { parts.push(body); size += len; } else { messages.push(body.toString('latin1').trim().slice(0, 200)); }
    at += 4 + len;
  }
  return { data: Buffer.concat(parts).subarray(0, maxData), messages, complete: at === d.length };
}

export interface FileEntry { name: string; size: number; mode: number; dir: boolean }

const XMIT_EXTENDED_FLAGS = 1 << 2;
const XMIT_SAME_MODE = 1 << 1;
const XMIT_SAME_NAME = 1 << 5;
const XMIT_LONG_NAME = 1 << 6;
const XMIT_SAME_TIME = 1 << 7;

/** Protocol-29 file-list entries (no -o/-g/-l/-D/-H/-c: only name, size, mtime, mode); `ended` = the 0 flag seen. */
export function parseFileList(d: Buffer, max = 64): { entries: FileEntry[]; ended: boolean } {
  const entries: FileEntry[] = [];
  let at = 0;
  let last = Buffer.alloc(0);
  let mode = 0;
  while (at < d.length && entries.length < max) {
    let flags = d[at] as number;
    at += 1;
    if (flags === 0) { return { entries, ended: true }; }
    if ((flags & XMIT_EXTENDED_FLAGS) !== 0) { if (at >= d.length) { break; } flags |= (d[at] as number) << 8; at += 1; }
    let prefix = 0;
    if ((flags & XMIT_SAME_NAME) !== 0) { if (at >= d.length) { break; } prefix = d[at] as number; at += 1; }
    let len: number;
    if ((flags & XMIT_LONG_NAME) !== 0) { if (at + 4 > d.length) { break; } len = d.readInt32LE(at); at += 4; } else { if (at >= d.length) { break; } len = d[at] as number; at += 1; }
    if (len < 0 || len > 4096 || prefix > last.length || at + len > d.length) { break; }
    const name = Buffer.concat([last.subarray(0, prefix), d.subarray(at, at + len)]);
    at += len;
    if (at + 4 > d.length) { break; }
    let size = d.readInt32LE(at);
    at += 4;
    if (size === -1) { if (at + 8 > d.length) { break; } size = Number(d.readBigInt64LE(at)); at += 8; }
    if ((flags & XMIT_SAME_TIME) === 0) { if (at + 4 > d.length) { break; } at += 4; }
    if ((flags & XMIT_SAME_MODE) === 0) { if (at + 4 > d.length) { break; } mode = d.readUInt32LE(at); at += 4; }
    last = Buffer.from(name.subarray(0, 4096));
    entries.push({ name: name.toString('utf8').slice(0, 255), size, mode, dir: (mode & 0o170000) === 0o040000 });
  }
  return { entries, ended: false };
}
