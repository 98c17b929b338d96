/** @module core/types — the domain types every stage shares (targets, ports, states, results). */
import type { NotRunEntry } from '../errors/record.js';

export type { NotRunEntry } from '../errors/record.js';

export type Protocol = 'tcp' | 'udp';

/** Port state as reported; `open|filtered` is a single state (UDP silence). */
export type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered' | 'unknown';

/** Why a state was concluded, in nmap's vocabulary where one exists. */
export type StateReason =
  | 'syn-ack'        // TCP handshake completed
  | 'conn-refused'   // RST to our SYN
  | 'no-response'    // silence after all retries
  | 'host-unreach'   // ICMP host/net unreachable
  | 'net-unreach'
  | 'admin-prohibited'
  | 'self-connect'   // the kernel connected our socket to itself: nothing listens there
  | 'error'          // a local error that is no answer from the target (errno in the host's notes)
  | 'udp-response'
  | 'port-unreach';

export type HostState = 'up' | 'down' | 'unknown';

/** One address to scan, with the names that led to it. */
export interface Target {
  readonly address: string;          // canonical text form (IPv6 compressed, lower case)
  readonly family: 4 | 6;
  readonly hostnames: readonly string[];
}

/** A parsed port list, split by protocol, sorted ascending, de-duplicated. */
export interface PortSpec {
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

/** How a service name was decided: from the port number alone (IANA), or proven by a probe's answer. */
export type ServiceMethod = 'table' | 'probed';

/**
 * What answers on a port. Without service detection only `name` (IANA, by port number) is set, with method
 * 'table'. With detection (src/probes), a confirmed identification sets method 'probed', a confidence, and the
 * bytes that proved it; an open port nothing recognised says name 'unknown' with the raw banner kept as evidence.
 */
export interface Service {
  name: string;                      // 'ssh', 'http', …; IANA name when not probed; 'unknown' if unidentified
  method?: ServiceMethod;
  product?: string;                  // 'OpenSSH', 'nginx', 'Redis' …
  version?: string;                  // as the protocol revealed it, never guessed
  extraInfo?: string;                // protocol version, OS hint, … from the banner
  confidence?: number;               // 0..1: 1 = protocol handshake parsed, ~0.5 = weak pattern match
  tls?: boolean;                     // the service runs over TLS (implicit or STARTTLS)
  evidence?: Exchange[];             // the exchange that identified it (or the unrecognised banner)
  cpe?: string;                      // cpe:/a:vendor:product:version when product and version are known
}

/**
 * One request/response of a probe or check, as escaped text: printable ASCII kept, \r \n \t as such, every other
 * byte as \xNN, cut at a bounded length (src/core/escape.ts). `null` = nothing sent (waited for a banner) / nothing
 * came back before the deadline.
 */
export interface Exchange {
  sent: string | null;
  received: string | null;
  note?: string;                     // e.g. 'waited 2 s for a banner', 'connection reset'
  truncated?: boolean;               // the received bytes were cut at the read bound
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * A risk a check proved on a port (or a host). `id` comes from the published list (docs/findings.md); `evidence` is
 * one human-readable sentence of what was observed, `exchanges` the bytes behind it.
 */
export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  evidence: string;
  exchanges?: Exchange[];
  remediation: string;
  references: string[];
  /** UDP amplification: bytes received / bytes sent, measured. */
  amplification?: number;
  /** Extra structured facts for reports and the score (e.g. { ciphers: [...] }). */
  details?: Record<string, string | number | boolean | string[] | null>;
}

export interface PortResult {
  port: number;
  protocol: Protocol;
  state: PortState;
  reason: StateReason;
  service: Service;
  /** Smoothed RTT of the probe that decided this state, in microseconds (absent on timeouts). */
  rttUs?: number;
  /** Risks proven on this port by src/checks (and src/tls); absent when checks did not run. */
  findings?: Finding[];
  /** The TLS analysis of this port (src/tls), when it speaks TLS. */
  tls?: TlsSummary;
  /** Facts service detection observed (src/probes/types.ts `Facts`: banners, capabilities, auth state) for checks. */
  serviceFacts?: Record<string, string | number | boolean | string[]>;
  /**
   * Checks (src/checks) that applied to this port but could not decide, with the reason; never a finding. A check,
   * stage ('identify', 'tls', 'checks', 'udp-scan' …) or identification rule that FAILED is recorded with
   * `reason: 'error'`, its code and message (src/errors/record.ts) — and makes the grade provisional.
   */
  checksNotRun?: NotRunEntry[];
  /**
   * Self-scan only (the target is one of the scanning machine's own addresses): the listener behind this port, from
   * the inside-out inventory (src/local). Findings of a port with `reach: 'local'` weigh less and never cap the grade
   * (docs/scoring.md § 2a).
   */
  local?: PortLocal;
  /** The one port kept to stand for a catch-all host's alike ports (HostResult.catchAll): interrogated and graded once. */
  catchAll?: true;
}

/** An operating system inferred from banners and port patterns; never without evidence. */
export interface HostProfile {
  name: 'windows' | 'linux' | 'macos' | 'network-device';
  /** The inferred OS family that chose it (hosts[].os has the evidence). */
  os: HostOs['family'];
  /** Ports the second pass scanned (not asked by the first). */
  tcp: number[];
  udp: number[];
}

export interface HostOs {
  family: 'linux' | 'windows' | 'macos' | 'bsd' | 'network-device';
  /** 'Debian', 'Ubuntu', 'Windows', 'FreeBSD', … or the family's name when nothing more specific was seen. */
  name: string;
  version?: string;
  /** 0–1: how strongly the evidence points at this family (agreeing sources add up, a contradiction halves it). */
  confidence: number;
  /** What was seen, one line per source: '22/tcp SSH banner "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"'. */
  evidence: string[];
}

/** A host whose open ports (nearly) all answer alike: one fact instead of thousands of ports. */
export interface CatchAllFact {
  /** Open ports that answered alike; not listed in `ports` except `representative`. */
  ports: number;
  /** The shared behaviour: 'silent' (nothing within waitMs), 'closed' (EOF, no bytes), 'reset', or 'data:<escaped prefix>'. */
  behaviour: string;
  /** The port kept in `ports` (flag `catchAll`), interrogated by service detection for the whole group. */
  representative: number;
  /** Open ports that answered differently (listed in `ports` as usual). */
  different: number;
  /** The sampled ports whose identical answers proved the behaviour, and their exchanges. */
  sample: number[];
  evidence: Exchange[];
  /** How long each port was given to answer the probe `GET / HTTP/1.0`. */
  waitMs: number;
  /** Of `ports`: open in the port scan but never reconnected during classification (counted with the catch-all). */
  unverified?: number;
}

/** The listener behind a port of the scanning machine itself (docs/local.md § Self-scan). */
export interface PortLocal {
  /** How widely it is bound: every interface, one interface address, or loopback only. */
  bindScope: 'all' | 'address' | 'loopback';
  /** 'network': other hosts can reach it (bound to every interface or to a non-loopback address); 'local': only this machine. */
  reach: 'network' | 'local';
  /** The bound addresses as the kernel lists them (e.g. '127.0.0.1', '0.0.0.0', '::'). */
  bound: string[];
  /** The owning processes (empty when not visible: permissions, another pid namespace). */
  processes: Array<{ pid: number; name: string; user?: string; unit?: string; container?: string }>;
}

/**
 * TLS facts for reports and the score; the full analysis type lives in src/tls and extends this.
 * Kept minimal here so core does not depend on the TLS stage.
 */
export interface TlsSummary {
  protocols: string[];               // accepted: 'SSLv2','SSLv3','TLSv1.0','TLSv1.1','TLSv1.2','TLSv1.3'
  starttls?: string;                 // 'smtp', 'imap', … when reached through STARTTLS
  [extra: string]: unknown;
}

export interface StateCounts {
  open: number;
  closed: number;
  filtered: number;
  'open|filtered': number;
}

export interface HostResult {
  address: string;
  hostnames: string[];
  state: HostState;
  reason: string;                    // e.g. 'conn-refused', 'syn-ack', 'no-response', 'user-set' (-Pn)
  ports: PortResult[];
  counts: StateCounts;
  /** Findings about the host as a whole (e.g. policy), not tied to one port. */
  findings?: Finding[];
  /** The operating system inferred from what the probes saw (src/probes/os.ts); absent without evidence. */
  os?: HostOs;
  /** `--profile auto` (issue 14 item 6): the OS profile this host was completed with, and the ports it added. */
  profile?: HostProfile;
  /** Set when (nearly) every port answers alike: a SYN proxy, tarpit or forward-everything box (docs/service-detection.md § Catch-all hosts). */
  catchAll?: CatchAllFact;
  /** Set when the target is the scanning machine itself and its ports were joined with the inside-out inventory. */
  self?: { inventory: 'linux-proc'; listeners: number; warnings?: string[] };
  /** The scan was stopped (Ctrl-C, SIGTERM, a closed stdout) before this host's ports were all decided or checked. */
  partial?: boolean;
  /** This host's grade (src/score, docs/scoring.md); set by `gatehouse scan --json` and `report`. */
  grade?: import('./grade.js').Grade;
}

export interface ScanMeta {
  started: string;                   // ISO 8601
  finished: string | null;
  targets: string[];                 // as the user gave them
  ports: string;                     // the port expression, normalised
  interrupted?: boolean;
  /** Errors recorded on ports (checksNotRun entries with reason 'error'); absent when none. */
  errors?: number;
  /** Present when UDP ports were scanned: what the UDP engine spent (docs/udp.md). */
  udp?: UdpScanStats;
  /** Distributed scans (--queue, docs/scale.md): shards that failed on every attempt; their hosts are not in the results. */
  failedShards?: Array<{ shard: string; hosts: string[]; ports: string; error: string }>;
}

/** The UDP engine's counters for one scan. */
export interface UdpScanStats {
  sourceAddresses: number;     // --udp-source-ip addresses (0: the kernel's choice)
  datagrams: number;           // discovery datagrams sent
  conclusive: number;          // of those, sent while the target certainly had an ICMP token for us
  confirmations: number;       // re-asked because an earlier silence was not conclusive (ICMP rate limit)
  canaries: number;            // datagrams to an already refused port, proving a confirmation's silence
  portUnreachables: number;
}

/** The JSON contract, version 1 (docs/json-contract.md). */
export interface ScanDocument {
  version: 1;
  scan: ScanMeta;
  hosts: HostResult[];
  /** The organisation's grade (src/score, docs/scoring.md). */
  grade?: import('./grade.js').Grade;
}
