/** @module lab/services/truth — types of truth.mjs (the lab's ground truth and its comparisons). */

export type VersionTruth =
  | { from: 'package'; package: string }      // must equal that Debian package's upstream version
  | { from: 'hidden'; package: string }       // the protocol does not reveal it; a reported one must still match
  | { from: 'emulator'; value: string }       // the emulator's constant
  | null;                                     // nothing to compare: a reported version is invented

export interface PortTruth {
  address: string;
  port: number;
  host: string;
  daemon: string;
  real: boolean;
  service: string[];
  product: string | null;
  version: VersionTruth;
  tls: boolean | null;
  expect: string[];
  allow: string[];
  decide: string[];
  ready: 'connect' | 'banner' | 'tls-banner';
  /** Scan this address as this name (pinned with --resolve): SNI, Host and the certificate name check use it. */
  scanAs?: string;
  note?: string;
}

/** A UDP service of the lab (scanned with -sU in its own scan). */
export interface UdpTruth { address: string; port: number; host: string; daemon: string; real: boolean; service: string[]; product: string | null; version: VersionTruth; expect: string[]; note?: string }

export interface LabTruth {
  namespace: string;
  standardFindings: string[];
  ports: PortTruth[];
  udp?: UdpTruth[];
}

export interface Versions { [pkg: string]: { debian: string; upstream: string } }

export interface Reported { name?: string; product?: string; version?: string; tls?: boolean }
export interface Verdict { service: boolean; product: boolean | null; version: boolean | null }

export const TRUTH_FILE: string;
export const VERSIONS_FILE: string;
export function loadTruth(file?: string): LabTruth;
export function squash(s: string): string;
export function productMatches(reported: string | undefined, truth: string): boolean;
export function versionMatches(reported: string | undefined, expected: string): boolean;
export function expectedVersion(t: PortTruth, versions: Versions): string | undefined;
export function serviceMatches(reported: string | undefined, tls: boolean | undefined, accepted: readonly string[]): boolean;
export function forbiddenFindings(t: PortTruth, truth: LabTruth): string[];
export function scanTargets(ports: readonly PortTruth[]): { targets: string[]; resolveArgs: string[] };
export function judge(t: PortTruth, versions: Versions, got: Reported): Verdict;
