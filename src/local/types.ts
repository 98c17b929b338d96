/**
 * @module local/types — the inside-out inventory: listening sockets on this host, the processes that own them, how
 * widely each is bound, and whether anyone used it. Shared by the Linux reader and the macOS/Windows adapters.
 */
import type { Finding, Protocol } from '../core/types.js';

/** How widely a listener is reachable: every interface, one interface address, or loopback only. */
export type BindScope = 'all' | 'address' | 'loopback';

/** A process that holds a listening socket (several do when a server forks workers). */
export interface OwnerProcess {
  pid: number;
  name: string;                    // /proc/<pid>/comm (Linux), COMMAND (lsof), image name (Windows)
  cmdline?: string;                // full command line, arguments joined by spaces (Linux only)
  user?: string;                   // process owner (name where known, else the numeric uid)
  unit?: string;                   // systemd unit from the cgroup path, e.g. 'redis-server.service'
  container?: string;              // container id (docker, containerd, podman) from the cgroup path
  cgroup?: string;                 // the raw cgroup v2 path (or v1 name=systemd path)
}

/** Connection activity of one listener: a snapshot now, or summed over a --watch window. */
export interface Usage {
  /** Established connections accepted on this listener at the last sample. */
  established: number;
  /** Distinct connections (4-tuples) seen over the window (equals `established` without --watch). */
  connectionsSeen: number;
  /** Distinct remote addresses seen. */
  distinctPeers: number;
  peers: string[];                 // up to 20, for the report
  /** Window length in ms (0 = one snapshot), and samples taken. */
  windowMs: number;
  samples: number;
  /** Largest receive / send queue seen on the listener or its connections (bytes waiting, not bytes moved). */
  maxRxQueue: number;
  maxTxQueue: number;
  /** Bytes read/written by the owning process(es) over the window (/proc/<pid>/io rchar/wchar: all I/O, not only this socket). */
  processReadBytes?: number;
  processWriteBytes?: number;
  /** used: a connection (TCP) or queued datagram (UDP) was seen; idle: none in a TCP window; unknown: UDP with no evidence, or no window. */
  verdict: 'used' | 'idle' | 'unknown';
}

/** Why a listener deserves attention, apart from policy. */
export type ListenerFlag =
  | 'unknown-listener'             // a policy was given and nothing in it covers this port
  | 'loopback-program-exposed';    // a program that normally binds loopback (redis, memcached, …) listens on all interfaces

export interface Listener {
  protocol: Protocol;
  address: string;                 // canonical text (IPv6 compressed); '0.0.0.0' / '::' for all interfaces
  family: 4 | 6;
  port: number;
  scope: BindScope;
  inode?: number;                  // Linux socket inode
  uid?: number;                    // socket owner uid (Linux)
  user?: string;
  processes: OwnerProcess[];       // empty when the owner is not visible (permissions, exited, other pid namespace)
  rxQueue?: number;
  txQueue?: number;
  usage?: Usage;
  flags?: ListenerFlag[];
  findings?: Finding[];
}

export interface Inventory {
  version: 1;
  source: 'linux-proc' | 'lsof' | 'netstat' | 'get-nettcpconnection';
  hostname: string;
  taken: string;                   // ISO 8601
  listeners: Listener[];
  /** What could not be read (e.g. '/proc/1234/fd: EACCES'), so a missing owner is explained, not silent. */
  warnings: string[];
}
