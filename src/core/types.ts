/** @module core/types — the domain types every stage shares (targets, ports, states, results). */

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

export interface Service {
  name: string;                      // IANA service name, or 'unknown'
}

export interface PortResult {
  port: number;
  protocol: Protocol;
  state: PortState;
  reason: StateReason;
  service: Service;
  /** Smoothed RTT of the probe that decided this state, in microseconds (absent on timeouts). */
  rttUs?: number;
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
}

export interface ScanMeta {
  started: string;                   // ISO 8601
  finished: string | null;
  targets: string[];                 // as the user gave them
  ports: string;                     // the port expression, normalised
  interrupted?: boolean;
}

/** The JSON contract, version 1 (docs/json-contract.md). */
export interface ScanDocument {
  version: 1;
  scan: ScanMeta;
  hosts: HostResult[];
}
