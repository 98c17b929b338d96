/**
 * @module local/linux — the Linux inventory without external tools: listening sockets from /proc/net/{tcp,tcp6,
 * udp,udp6}, owners from /proc/<pid>/fd, user names from /etc/passwd. /proc/net shows the sockets of the reading
 * process's network namespace only: to inventory another namespace, run inside it (`ip netns exec NS gatehouse local`).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { endianness, hostname as osHostname } from 'node:os';
import type { Protocol } from '../core/types.js';
import { bindScope, isListening, parseProcNet, type Endianness, type ProcSocket } from './procnet.js';
import { parsePasswd, readProcess, scanSocketOwners } from './proc.js';
import type { Inventory, Listener, OwnerProcess } from './types.js';

export interface ProcTables {
  tcp: ProcSocket[];
  udp: ProcSocket[];
}

export interface LinuxOptions {
  procRoot?: string;          // default /proc
  passwdPath?: string;        // default /etc/passwd
  endian?: Endianness;        // default: this machine's
  hostname?: string;
  now?: Date;
}

/**
 * Reads a procfs file whole with few, large reads: the kernel regenerates /proc/net tables per read call, so the
 * 64 KiB chunks of readFileSync cost several times more on a 10,000-socket table.
 */
export function readProcFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(4 << 20);
    let n = 0;
    for (;;) {
      if (n === buf.length) { const bigger = Buffer.allocUnsafe(buf.length * 2); buf.copy(bigger, 0, 0, n); buf = bigger; }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) { break; }
      n += got;
    }
    return buf.toString('latin1', 0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads the four socket tables; a missing table (IPv6 disabled) is a warning, not an error. */
export function readProcTables(procRoot: string, endian: Endianness, warnings: string[]): ProcTables {
  const out: ProcTables = { tcp: [], udp: [] };
  for (const [proto, file, family] of [['tcp', 'tcp', 4], ['tcp', 'tcp6', 6], ['udp', 'udp', 4], ['udp', 'udp6', 6]] as const) {
    let text: string;
    try {
      text = readProcFile(`${procRoot}/net/${file}`);
    } catch (err) {
      warnings.push(`${procRoot}/net/${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      continue;
    }
    const table = parseProcNet(text, family, endian);
    if (table.malformed > 0) { warnings.push(`${procRoot}/net/${file}: ${table.malformed} malformed line(s) skipped`); }
    const list = out[proto];
    for (const s of table.sockets) { list.push(s); }
  }
  return out;
}

/** The listening sockets of the tables, owners not yet attached, sorted by protocol, port, address. */
export function listenersOf(tables: ProcTables, users: ReadonlyMap<number, string>): Listener[] {
  const out: Listener[] = [];
  for (const protocol of ['tcp', 'udp'] as const satisfies readonly Protocol[]) {
    for (const s of tables[protocol]) {
      if (!isListening(s, protocol)) { continue; }
      out.push({
        protocol, address: s.localAddress, family: s.family, port: s.localPort, scope: bindScope(s.localAddress),
        inode: s.inode, uid: s.uid, user: users.get(s.uid) ?? String(s.uid), processes: [],
        rxQueue: s.rxQueue, txQueue: s.txQueue,
      });
    }
  }
  return out.sort((a, b) => (a.protocol === b.protocol ? 0 : a.protocol === 'tcp' ? -1 : 1) || a.port - b.port
    || a.family - b.family || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function readUsers(path: string, warnings: string[]): Map<number, string> {
  try {
    return parsePasswd(readFileSync(path, 'utf8'));
  } catch (err) {
    warnings.push(`${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'} (users shown as uids)`);
    return new Map();
  }
}

/** Attaches owning processes to listeners (in place); returns the warnings. */
export function attachOwners(listeners: Listener[], procRoot: string, users: ReadonlyMap<number, string>, warnings: string[]): void {
  const wanted = new Set<number>();
  for (const l of listeners) { if (l.inode !== undefined && l.inode !== 0) { wanted.add(l.inode); } }
  if (wanted.size === 0) { return; }
  const scan = scanSocketOwners(procRoot, wanted);
  if (scan.unreadable !== undefined) { warnings.push(`${procRoot}: ${scan.unreadable} (owners unknown)`); }
  if (scan.denied.length > 0) {
    warnings.push(`fds of ${scan.denied.length} process(es) unreadable (not root?): owners of their sockets unknown`);
  }
  const cache = new Map<number, OwnerProcess | null>();
  for (const l of listeners) {
    const pids = l.inode !== undefined ? scan.owners.get(l.inode) : undefined;
    if (pids === undefined) { continue; }
    for (const pid of pids) {
      let p = cache.get(pid);
      if (p === undefined) { p = readProcess(procRoot, pid, users); cache.set(pid, p); }
      if (p !== null) { l.processes.push(p); }
    }
  }
}

/** The whole Linux inventory: listeners with owners (usage is added by local/usage). */
export function linuxInventory(opts: LinuxOptions = {}): { inventory: Inventory; tables: ProcTables } {
  const procRoot = opts.procRoot ?? '/proc';
  const warnings: string[] = [];
  const endian: Endianness = opts.endian ?? endianness();
  const tables = readProcTables(procRoot, endian, warnings);
  const users = readUsers(opts.passwdPath ?? '/etc/passwd', warnings);
  const listeners = listenersOf(tables, users);
  attachOwners(listeners, procRoot, users, warnings);
  const inventory: Inventory = {
    version: 1,
    source: 'linux-proc',
    hostname: opts.hostname ?? osHostname(),
    taken: (opts.now ?? new Date()).toISOString(),
    listeners,
    warnings,
  };
  return { inventory, tables };
}
