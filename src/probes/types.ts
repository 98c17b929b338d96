/**
 * @module probes/types — the service-detection contract: a `ProbeRule` (one per service, data first: port hints,
 * what it sends, a pure `match(bytes)`), its `ServiceMatch`, and the per-port `Identification` (the contract
 * `Service` plus a fact bag that src/checks reads). Stable: other stages build on these names.
 */
import type { Exchange, Service } from '../core/types.js';
import type { Conn } from '../net/dialer.js';
import type { NotRunEntry } from '../errors/record.js';

/** A value in the fact bag: what a probe observed, never inferred. */
export type FactValue = string | number | boolean | string[];

/**
 * Per-port facts, keys namespaced by service. Keys in use (all optional; documented in docs/service-detection.md):
 * `banner` (escaped first bytes the service sent spontaneously), `ssh.banner`, `ssh.protocol`, `ftp.banner`,
 * `ftp.features`, `smtp.banner`, `smtp.ehlo` (capability lines), `smtp.starttls`, `pop3.capa`, `pop3.stls`,
 * `imap.capabilities`, `imap.starttls`, `http.status`, `http.headers` ("name: value" lines), `http.server`,
 * `http.title`, `http.api` (elasticsearch|couchdb|docker|kubernetes|prometheus|etcd|winrm), `http.apiPath`,
 * `redis.auth` (none|required|protected-mode), `redis.mode`, `memcached.version`, `mysql.error`,
 * `mysql.protocol`, `postgres.auth` (ok|cleartext|md5|sasl|error), `postgres.error`, `mongodb.auth` (none|required),
 * `mongodb.maxWireVersion`, `vnc.protocol`, `vnc.securityTypes` (numbers as strings, '1' = None),
 * `rdp.protocols`, `rdp.flags`, `rdp.hybridOnly`, `smb.dialect`, `smb.signingRequired`, `smb.v1`, `smb.nativeOs`,
 * `smb.nativeLanMan`, `smb.ntlm.version`, `smb.ntlm.nbComputer` (and `nbDomain`, `dnsComputer`, `dnsDomain`),
 * `epmd.nodes` ("name port"), `erlang.status`, `erlang.node`, `rsync.protocol`, `mqtt.connack` (return code, 0 =
 * accepted), `mqtt.anonymous`, `amqp.product`, `amqp.mechanisms`, `ldap.namingContexts`, `dns.versionBind`,
 * `x11.status` (success|failed|authenticate), `x11.vendor`, `x11.reason`, `socks.version`, `socks.method`,
 * `telnet.options`, `tls.version`, `tls.alert`, `nntp.posting`, `http.tlsRequired` (the server whose words said
 * "this port speaks TLS" to cleartext HTTP).
 */
export type Facts = Record<string, FactValue>;

/** What a rule concluded from bytes. `confidence` 1 = a handshake parsed, ~0.5 = weak pattern match. */
export interface ServiceMatch {
  name: string;
  product?: string;
  version?: string;
  extraInfo?: string;
  confidence: number;
  tls?: boolean;
  facts?: Facts;
  /** A rule this answer points at, to probe next (an HTTP 400 saying "this port speaks TLS" → 'tls'). */
  next?: string;
}

/** Where a probe is sent and how, handed to a rule's follow-up session. */
export interface ProbeContext {
  readonly address: string;
  readonly port: number;
  /** The name to put in Host headers / SNI (the scanned hostname, else the address). */
  readonly hostname: string;
  readonly signal: AbortSignal | undefined;
  /** Read deadline for one answer, in ms. */
  readonly readTimeoutMs: number;
  /** Every rule in use (a session may match what it reads against the others, e.g. a banner inside TLS). */
  readonly rules: readonly ProbeRule[];
  /** A fresh connection to the same port (for follow-ups the first connection cannot carry). */
  dial(): Promise<Conn>;
}

/**
 * One service's detection rule. Rules with `banner: true` are tried against what the service sends first;
 * rules with a `payload` are sent on a fresh connection and their answer given to `match`. `match` is pure
 * (bytes in, verdict out) and must never throw. `session` (optional) continues on the same connection after a
 * match to raise confidence or collect facts (EHLO, INFO server, a follow-up HTTP GET); it must stay read-only.
 */
export interface ProbeRule {
  /** Rule id (file name), e.g. 'ssh'. */
  readonly name: string;
  /** The service name it identifies (nmap vocabulary where one exists). */
  readonly service: string;
  /** Ports where this service usually listens: probes with a matching hint go first. */
  readonly ports: readonly number[];
  /** The server speaks first: match the spontaneous banner. */
  readonly banner?: boolean;
  /** Bytes to send (on a fresh connection) to make the service answer. */
  readonly payload?: Uint8Array | string | ((ctx: ProbeContext) => Uint8Array | string);
  /** The answer is complete (stop reading early). */
  readonly until?: (data: Buffer) => boolean;
  /** Read bound for the answer (default 16 KiB). */
  readonly maxBytes?: number;
  /** Pure verdict on the bytes received (the banner, or the answer to `payload`). */
  match(data: Buffer): ServiceMatch | null;
  /** Read-only follow-up on the same connection after a match; returns the (possibly refined) match. */
  session?(conn: Conn, m: ServiceMatch, ctx: ProbeContext): Promise<ServiceMatch>;
  /** product → "vendor:product" for cpe:/a:vendor:product:version. */
  readonly cpe?: Readonly<Record<string, string>>;
}

/** What `identifyPort` returns: the contract Service (for port.service) and the facts (for port.serviceFacts). */
export interface Identification {
  service: Service;
  facts: Facts;
  /** Rules whose matcher or session FAILED (a bug of ours, not the peer's silence): `identify:<rule>` entries. */
  errors?: NotRunEntry[];
}

/** Options of one port's identification. */
export interface IdentifyOptions {
  readonly signal?: AbortSignal;
  readonly hostname?: string;
  /** How long to wait for a spontaneous banner (default 1500 ms; shorter when the port hint is client-first). */
  readonly bannerWaitMs?: number;
  /** Read deadline per probe answer (default 2000 ms). */
  readonly readTimeoutMs?: number;
  /** Connect deadline (default 2000 ms). */
  readonly connectTimeoutMs?: number;
  /** At most this many protocol probes besides the generic ones (default: all). */
  readonly maxProbes?: number;
  /** Probes in flight at once for the non-hinted rules (default 4). */
  readonly parallel?: number;
  /** The rules to use (default: the registry). */
  readonly rules?: readonly ProbeRule[];
  /** The dialer (default: tcpDialer); tests may pass another. */
  readonly dialer?: import('../net/dialer.js').Dialer;
}

/** Keep `Exchange` reachable from this module for consumers of evidence. */
export type { Exchange };
