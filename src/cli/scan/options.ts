/**
 * @module cli/scan/options — `gatehouse scan` options resolved once (STYLE habit 6, naabu's validate step): the raw
 * commander values, the config file and the terminal → one frozen ScanConfig. Pure: no file, DNS or socket; the
 * inputs that need I/O (target and exclude files, --scope, --udp-source-ip) are read by cli/scan.ts afterwards.
 */
import type { RateGate } from '../../engine/rate.js';
import { parseProfile, widenPorts, type ProfileOption } from '../../pipeline/profile.js';
import { isIP } from 'node:net';
import type { PortSpec } from '../../core/types.js';
import type { TcpScanOptions } from '../../engine/tcp-scan.js';
import { selectPorts } from '../../engine/udp-options.js';
import { UsageError } from '../../errors/index.js';
import { intOption } from '../argv.js';
import type { Config } from '../config.js';

/** The values commander hands `scan` (src/cli/commands/scan.ts defines the flags). */
export interface RawScanOptions {
  ports?: string;
  topPorts?: string;
  inputList?: string;
  exclude?: string;
  excludeFile?: string;
  scope?: string;
  config?: string;
  ping: boolean;
  rate?: string;
  maxConcurrency?: string;
  timeout?: string;
  minRttTimeout?: string;
  retries?: string;
  hostGroup?: string;
  threads?: string;
  seed?: string;
  json?: boolean;
  ndjson?: boolean;
  allStates?: boolean;
  quiet?: boolean;
  outputXml?: string;
  progress: boolean;
  serviceDetection: boolean;
  checks: boolean;
  tls: boolean;
  profile?: string;           // --profile windows|linux|macos|network-device|auto (pipeline/profile.ts)
  selfScan?: boolean;         // --no-self-scan: false (issue 14): no join with the inside-out inventory
  serviceTimeout?: string;
  failUnder?: string;         // --fail-under LETTER (issue 6): exit 3 when the grade is below it
  policy?: string;            // --policy (issue 7): policy findings on open ports
  udp?: boolean;              // -sU
  topUdpPorts?: string;
  dnsRecursionName?: string;
  udpSourceIp?: string;       // --udp-source-ip: one ICMP bucket per address at every target
  resolve?: string;           // --resolve name:address[,…]: names resolved without DNS
  store: boolean;
  db?: string;
  appendToScan?: string;      // hidden: save into this existing scan record (the Watch executor created it)
  exitWithParent?: boolean;   // hidden: interrupt (and store) when the parent process dies
  queue?: string;             // --queue redis://…: run as shards on `gatehouse worker`s (cli/queued-scan.ts, issue 13)
  shardProbes?: string;       // hidden: probes per shard with --queue
  rateGate?: RateGate;        // set by `gatehouse worker` (cli/worker.ts): the scan's shared rate bucket
}

/** json: one document; ndjson: lines as found; table: a TTY; plain: one line per port and host (a pipe). */
export type OutputMode = 'json' | 'ndjson' | 'table' | 'plain';

/** Everything a scan needs from its options, validated. */
export interface ScanConfig {
  readonly mode: OutputMode;
  readonly ports: PortSpec;
  /** --profile: the OS profile whose ports widen the scan (`auto`: completed per host after OS inference). */
  readonly profile: ProfileOption | undefined;
  readonly engine: TcpScanOptions;
  /** Exclusions from the config file and --exclude (the --exclude-file entries are read later). */
  readonly exclude: readonly string[];
  /** --resolve: name (lower case) → addresses. */
  readonly pinned: ReadonlyMap<string, readonly string[]>;
  readonly stages: { readonly serviceDetection: boolean; readonly tls: boolean; readonly checks: boolean };
  readonly udp: { readonly retries: number; readonly sourceIp?: string; readonly dnsRecursionName: string };
  readonly serviceTimeoutMs: number;
  /** --threads; undefined: chosen from the scan's size (scanThreads). */
  readonly threads?: number;
  /** The scan history, or null with --no-store. `explicit`: --db or $GATEHOUSE_DB (an unusable one is an error). */
  readonly history: { readonly path: string; readonly explicit: boolean; readonly appendTo?: number } | null;
  readonly progressBar: boolean;
  readonly quiet: boolean;
  readonly selfScan: boolean;
  readonly policy?: string;
  readonly outputXml?: string;
}

/** What option resolution reads besides the flags: the config file, the environment, the terminal, defaults. */
export interface OptionContext {
  readonly config: Config;
  readonly stdoutTTY: boolean;
  readonly stderrTTY: boolean;
  /** The history's default path (store/path.ts defaultDbPath). */
  readonly defaultDb: string;
  readonly hasEnvDb: boolean;
  /** Probes in flight when neither --max-concurrency nor the config sets it (engine/limits.ts). */
  readonly defaultConcurrency: number;
  /** The probe order's seed when --seed is not given. */
  readonly randomSeed: number;
}

export const DEFAULT_TOP_PORTS = 1000;

export function splitList(v: string): string[] {
  return v.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** `--resolve name:address[,name:address…]` (an IPv6 address may be bracketed): name → addresses. */
export function parseResolve(v: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of splitList(v)) {
    const i = item.indexOf(':');
    const name = item.slice(0, i).toLowerCase();
    const address = item.slice(i + 1).replace(/^\[(.*)\]$/, '$1');
    if (i <= 0 || isIP(address) === 0 || isIP(name) !== 0) { throw new UsageError('GH_ERR_OPTION', `--resolve: "${item}" is not NAME:ADDRESS`); }
    out.set(name, [...(out.get(name) ?? []), address]);
  }
  return out;
}

const optInt = (flag: string, v: string | undefined, min: number, max: number): number | undefined =>
  v !== undefined ? intOption(flag, v, min, max) : undefined;

/** Validates every option value; throws UsageError GH_ERR_OPTION (exit 2) naming the first bad one. */
export function resolveScanOptions(raw: RawScanOptions, ctx: OptionContext): ScanConfig {
  const cfg = ctx.config;
  if (raw.json === true && raw.ndjson === true) { throw new UsageError('GH_ERR_OPTION', 'choose one of --json and --ndjson'); }
  if (raw.ports !== undefined && raw.topPorts !== undefined) { throw new UsageError('GH_ERR_OPTION', 'choose one of -p and --top-ports'); }
  const profile = parseProfile(raw.profile);
  const ports = widenPorts(selectPorts({ ports: raw.ports, topPorts: optInt('--top-ports', raw.topPorts, 1, 65535), udp: raw.udp === true, topUdpPorts: optInt('--top-udp-ports', raw.topUdpPorts, 1, 65535), defaultTop: DEFAULT_TOP_PORTS }), profile);
  if (raw.udpSourceIp !== undefined && ports.udp.length === 0) { throw new UsageError('GH_ERR_OPTION', '--udp-source-ip needs UDP ports (-sU, --top-udp-ports or -p U:…)'); }
  const pinned = raw.resolve !== undefined ? parseResolve(raw.resolve) : new Map<string, string[]>();

  const maxMs = optInt('--timeout', raw.timeout, 1, 600_000) ?? cfg.timeout ?? 1000;
  const minMs = Math.min(maxMs, optInt('--min-rtt-timeout', raw.minRttTimeout, 1, 600_000) ?? 100);
  const retries = optInt('--retries', raw.retries, 0, 10);
  const engine: TcpScanOptions = Object.freeze({
    ports: ports.tcp,
    concurrency: optInt('--max-concurrency', raw.maxConcurrency, 1, 1 << 20) ?? cfg.maxConcurrency ?? ctx.defaultConcurrency,
    ratePps: optInt('--rate', raw.rate, 1, 100_000_000) ?? cfg.rate ?? 0,
    retries: retries ?? cfg.retries ?? 1,
    timeouts: Object.freeze({ initialMs: Math.min(maxMs, 500), minMs, maxMs }),
    discovery: raw.ping,
    discoveryPorts: [80, 443],
    allStates: raw.allStates === true,
    hostGroupSize: optInt('--host-group', raw.hostGroup, 1, 65536) ?? 256,
    seed: optInt('--seed', raw.seed, 0, 0xffffffff) ?? ctx.randomSeed,
    ...(raw.rateGate !== undefined ? { rateGate: raw.rateGate } : {}),
  });
  const appendTo = optInt('--append-to-scan', raw.appendToScan, 1, Number.MAX_SAFE_INTEGER);
  const sd = raw.serviceDetection;
  return Object.freeze({
    mode: raw.json === true ? 'json' : raw.ndjson === true ? 'ndjson' : ctx.stdoutTTY ? 'table' : 'plain',
    ports,
    profile,
    engine,
    exclude: Object.freeze((cfg.exclude ?? []).concat(raw.exclude !== undefined ? splitList(raw.exclude) : [])),
    pinned,
    stages: Object.freeze({ serviceDetection: sd, tls: sd && raw.tls, checks: sd && raw.checks }),
    udp: Object.freeze({ retries: retries ?? 2, sourceIp: raw.udpSourceIp, dnsRecursionName: raw.dnsRecursionName ?? 'www.example.com' }),
    serviceTimeoutMs: optInt('--service-timeout', raw.serviceTimeout, 100, 600_000) ?? 20_000,
    threads: optInt('--threads', raw.threads, 1, 64),
    history: raw.store ? Object.freeze({ path: raw.db ?? ctx.defaultDb, explicit: raw.db !== undefined || ctx.hasEnvDb, appendTo }) : null,
    progressBar: raw.progress && raw.quiet !== true && ctx.stderrTTY,
    quiet: raw.quiet === true,
    selfScan: raw.selfScan !== false,
    policy: raw.policy,
    outputXml: raw.outputXml,
  });
}

/** Threads: one per core (at most 4) when the scan is big enough to repay a worker's start-up (~50 ms). */
export function scanThreads(config: ScanConfig, probes: number, cores: number): number {
  return config.threads ?? (probes >= 20_000 ? Math.min(4, cores) : 1);
}
