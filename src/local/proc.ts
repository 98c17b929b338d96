/**
 * @module local/proc — who owns a socket on Linux: walks /proc/<pid>/fd for `socket:[inode]` links, then reads the
 * owner's comm, cmdline, status (uid) and cgroup. Processes come and go while we read: a vanished pid or fd
 * (ENOENT, ESRCH) is skipped; an unreadable one (EACCES, EPERM: not root, other user) becomes a warning, never an
 * exception. Synchronous on purpose: thousands of tiny procfs reads are faster without promise overhead.
 * The proc root is a parameter so tests can point it at a fake tree.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { OwnerProcess } from './types.js';

export interface OwnerScan {
  /** socket inode → pids holding it (sorted, unique). */
  owners: Map<number, number[]>;
  /** pids whose fds could not be listed for lack of permission. */
  denied: number[];
  /** pids that exited between listing /proc and reading them. */
  vanished: number;
  /** Set when the proc root itself could not be listed (errno code). */
  unreadable?: string;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
}

function isGone(code: string): boolean {
  return code === 'ENOENT' || code === 'ESRCH';
}

function readLink(path: string): string | null {
  try { return readlinkSync(path); } catch { return null; }
}

/** Reads one process's fds into `owners`; returns false when its fd directory could not be listed. */
function scanPid(procRoot: string, name: string, pid: number, wanted: ReadonlySet<number>, owners: Map<number, number[]>, found: Set<number>): 'ok' | 'gone' | 'denied' {
  const fdDir = `${procRoot}/${name}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch (err) {
    return isGone(errno(err)) ? 'gone' : 'denied';
  }
  for (const fd of fds) {
    const link = readLink(`${fdDir}/${fd}`); // null: the fd was closed (or the process exited) since the listing
    if (link === null || !link.startsWith('socket:[')) { continue; }
    const inode = Number(link.slice(8, -1));
    if (!wanted.has(inode)) { continue; }
    found.add(inode);
    const list = owners.get(inode);
    if (list === undefined) { owners.set(inode, [pid]); } else if (!list.includes(pid)) { list.push(pid); }
  }
  return 'ok';
}

/**
 * Maps the wanted socket inodes to the pids that hold them. Processes in the reader's network namespace are read
 * first (a socket nearly always belongs to a process of its own namespace); only if some inode is still without an
 * owner are the other processes read too, so a host full of namespaced scanners does not slow the common case.
 */
export function scanSocketOwners(procRoot: string, wanted: ReadonlySet<number>): OwnerScan {
  const owners = new Map<number, number[]>();
  const denied: number[] = [];
  let vanished = 0;
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch (err) {
    return { owners, denied, vanished, unreadable: errno(err) };
  }
  const ourNet = readLink(`${procRoot}/self/ns/net`);
  const found = new Set<number>();
  const later: Array<[string, number]> = [];
  const visit = (name: string, pid: number): void => {
    const r = scanPid(procRoot, name, pid, wanted, owners, found);
    if (r === 'gone') { vanished++; } else if (r === 'denied') { denied.push(pid); }
  };
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) { continue; }
    const pid = Number(name);
    if (!Number.isInteger(pid)) { continue; }
    const net = ourNet === null ? null : readLink(`${procRoot}/${name}/ns/net`);
    if (net !== null && net !== ourNet) { later.push([name, pid]); continue; }
    visit(name, pid);
  }
  if (found.size < wanted.size) { for (const [name, pid] of later) { visit(name, pid); } }
  for (const list of owners.values()) { list.sort((a, b) => a - b); }
  return { owners, denied, vanished };
}

/** `/etc/passwd` → uid → user name. Malformed lines are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) { continue; }
    const f = line.split(':');
    if (f.length < 3 || !/^\d+$/.test(f[2] as string) || f[0] === '') { continue; }
    const uid = Number(f[2]);
    if (!users.has(uid)) { users.set(uid, f[0] as string); }
  }
  return users;
}

export interface CgroupInfo { path: string; unit?: string; container?: string }

const CONTAINER_PATTERNS: readonly RegExp[] = [
  /(?:^|\/)docker[-/]([0-9a-f]{64})(?:\.scope)?(?:\/|$)/,
  /(?:^|\/)cri-containerd-([0-9a-f]{64})\.scope/,
  /(?:^|\/)crio-([0-9a-f]{64})\.scope/,
  /(?:^|\/)libpod-([0-9a-f]{64})\.scope/,
  /(?:^|\/)kubepods[^\n]*\/([0-9a-f]{64})(?:\/|$)/,
  /(?:^|\/)lxc(?:\.payload)?[./]([\w.-]+)(?:\/|$)/,
];

/**
 * `/proc/<pid>/cgroup` → the cgroup path (v2 `0::/…`, else the v1 `name=systemd` hierarchy), the systemd unit
 * (last `*.service` or `*.scope` component) and a container id when the path names one.
 */
export function parseCgroup(text: string): CgroupInfo | null {
  let path: string | undefined;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) { continue; }
    const hier = line.slice(0, first);
    const controllers = line.slice(first + 1, second);
    const p = line.slice(second + 1);
    if (hier === '0' && controllers === '') { path = p; break; }
    if (controllers === 'name=systemd') { path = p; }
  }
  if (path === undefined || path === '') { return null; }
  const info: CgroupInfo = { path };
  const units = path.split('/').filter((c) => /\.(service|scope)$/.test(c));
  const unit = units[units.length - 1];
  if (unit !== undefined) { info.unit = unit; }
  for (const re of CONTAINER_PATTERNS) {
    const m = re.exec(path);
    if (m?.[1] !== undefined) { info.container = m[1]; break; }
  }
  return info;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null; // exited or not ours to read: the field stays absent
  }
}

/** Reads what procfs tells about one process; null when it exited meanwhile. */
export function readProcess(procRoot: string, pid: number, users: ReadonlyMap<number, string>): OwnerProcess | null {
  const base = `${procRoot}/${pid}`;
  const comm = readText(`${base}/comm`);
  if (comm === null) { return null; }
  const proc: OwnerProcess = { pid, name: comm.replace(/\n$/, '') };
  const cmdline = readText(`${base}/cmdline`);
  if (cmdline !== null && cmdline.length > 0) { proc.cmdline = cmdline.replace(/\0+$/, '').split('\0').join(' '); }
  const status = readText(`${base}/status`);
  const uidLine = status?.split('\n').find((l) => l.startsWith('Uid:'));
  const uid = uidLine !== undefined ? Number(uidLine.split(/\s+/)[1]) : NaN;
  if (Number.isInteger(uid)) { proc.user = users.get(uid) ?? String(uid); }
  const cg = readText(`${base}/cgroup`);
  const info = cg !== null ? parseCgroup(cg) : null;
  if (info) {
    proc.cgroup = info.path;
    if (info.unit !== undefined) { proc.unit = info.unit; }
    if (info.container !== undefined) { proc.container = info.container; }
  }
  return proc;
}

/** `/proc/<pid>/io` rchar and wchar (bytes read/written through any fd); null if unreadable. */
export function readProcessIo(procRoot: string, pid: number): { read: number; write: number } | null {
  const text = readText(`${procRoot}/${pid}/io`);
  if (text === null) { return null; }
  const r = /^rchar:\s*(\d+)/m.exec(text);
  const w = /^wchar:\s*(\d+)/m.exec(text);
  if (!r || !w) { return null; }
  return { read: Number(r[1]), write: Number(w[1]) };
}
