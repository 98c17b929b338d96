/**
 * @module pipeline/profile — `gatehouse scan --profile` (issue 14 item 6). A named profile (windows, linux, macos,
 * network-device; data in knowledge/os-profiles) widens the port lists before the scan. `auto` scans the asked
 * ports first, infers each host's OS from what its services said (probes/os), then completes the host with the
 * ports its OS's profile lists that the first pass did not ask (TCP and UDP), through the same stages; the host
 * goes on to grading and the writers once, after the second pass. A host without OS evidence, or where every port
 * answers (catch-all), is not completed: no profile is guessed.
 */
import type { HostResult, PortResult, PortSpec } from '../core/types.js';
import { UsageError } from '../errors/index.js';
import { PROFILE_NAMES, profileForOs, profilePorts, type ProfileName } from '../knowledge/os-profiles.js';
import { inferOs } from '../probes/os.js';
import { TcpScanEngine, type TcpScanOptions } from '../engine/tcp-scan.js';
import { HostPipeline, type PortStage } from './host-pipeline.js';

export type ProfileOption = ProfileName | 'auto';

/** `--profile NAME` → the profile, validated once (UsageError GH_ERR_OPTION otherwise). */
export function parseProfile(v: string | undefined): ProfileOption | undefined {
  if (v === undefined) { return undefined; }
  const name = v.trim().toLowerCase();
  if (name === 'auto' || (PROFILE_NAMES as readonly string[]).includes(name)) { return name as ProfileOption; }
  throw new UsageError('GH_ERR_OPTION', `--profile must be one of ${[...PROFILE_NAMES, 'auto'].join(', ')}, got "${v}"`);
}

const union = (a: readonly number[], b: readonly number[]): number[] => [...new Set([...a, ...b])].sort((x, y) => x - y);

/**
 * What `auto` adds to the first pass: SNMP, where network equipment names itself (its TCP ports rarely say which
 * vendor it is), so a router or switch can be recognised before its profile is chosen.
 */
export const AUTO_FIRST_PASS_UDP: readonly number[] = [161];

/** A named profile's ports added to the asked ones; `auto` adds its first-pass UDP ports; none leaves them as asked. */
export function widenPorts(spec: PortSpec, profile: ProfileOption | undefined): PortSpec {
  if (profile === undefined) { return spec; }
  if (profile === 'auto') { return { tcp: spec.tcp, udp: union(spec.udp, AUTO_FIRST_PASS_UDP) }; }
  const p = profilePorts(profile);
  return { tcp: union(spec.tcp, p.tcp), udp: union(spec.udp, p.udp) };
}

/** What the second pass needs: a UDP side for its UDP ports (the scan's own settings), made on demand. */
export interface UdpSide { scan(host: HostResult): Promise<PortResult[]>; abort(): void }

export interface AutoProfileDeps {
  readonly scanned: PortSpec;
  readonly tcp: TcpScanOptions;
  readonly stages: readonly PortStage[];
  readonly portBudgetMs: number;
  readonly udp: (ports: readonly number[]) => Promise<UdpSide>;
}

type Emit = (h: HostResult, partial: boolean) => void;

/** The ports of `profile` a host still lacks, given what the first pass asked. */
export function missingPorts(profile: ProfileName, scanned: PortSpec): PortSpec {
  const p = profilePorts(profile);
  const tcp = new Set(scanned.tcp);
  const udp = new Set(scanned.udp);
  return { tcp: p.tcp.filter((x) => !tcp.has(x)), udp: p.udp.filter((x) => !udp.has(x)) };
}

/** `--profile auto`: completes each host with its OS profile's missing ports before it is emitted. */
export class AutoProfile {
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly engines = new Set<{ abort(): void }>();
  private failure: { err: unknown } | undefined;

  constructor(private readonly deps: AutoProfileDeps) {}

  /** Wraps the scan's emit: hosts with an inferred OS are completed first, the others pass straight through. */
  wrap(emit: Emit): Emit {
    return (h, partial) => {
      const os = h.state === 'up' && !partial && h.catchAll === undefined && !this.stop.signal.aborted ? inferOs(h) : undefined;
      if (os === undefined) { emit(h, partial); return; }
      const profile = profileForOs(os.family);
      const missing = missingPorts(profile, this.deps.scanned);
      h.profile = { name: profile, os: os.family, tcp: [...missing.tcp], udp: [...missing.udp] };
      if (missing.tcp.length + missing.udp.length === 0) { emit(h, partial); return; }
      const job = this.complete(h, missing).then(() => { emit(h, this.stop.signal.aborted); });
      this.pending.add(job);
      job.then(() => { this.pending.delete(job); }, (err: unknown) => { this.pending.delete(job); this.failure ??= { err }; });
    };
  }

  /** Resolves when every completed host has been emitted. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) { await Promise.allSettled([...this.pending]); }
    if (this.failure !== undefined) { throw this.failure.err; }
  }

  abort(): void {
    this.stop.abort();
    for (const e of this.engines) { e.abort(); }
  }

  /** The second pass on one host: TCP connect scan, UDP scan, then the port stages; merged into `h`. */
  private async complete(h: HostResult, missing: PortSpec): Promise<void> {
    const extra: HostResult = { address: h.address, hostnames: [...h.hostnames], state: 'up', reason: h.reason, ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 } };
    if (missing.tcp.length > 0) {
      const family = h.address.includes(':') ? 6 : 4;
      let found: HostResult | null = null;
      const engine = new TcpScanEngine([{ address: h.address, family, hostnames: h.hostnames }],
        { ...this.deps.tcp, ports: missing.tcp, discovery: false, hostGroupSize: 1 }, { onHost(r) { found = r; } });
      this.engines.add(engine);
      try { await engine.run(); } finally { this.engines.delete(engine); }
      const r = found as HostResult | null;
      if (r !== null) { extra.ports.push(...r.ports); addCounts(extra, r); }
    }
    if (missing.udp.length > 0 && !this.stop.signal.aborted) {
      const udp = await this.deps.udp(missing.udp);
      this.engines.add(udp);
      try { await udp.scan(extra); } finally { this.engines.delete(udp); }
    }
    if (this.stop.signal.aborted) { merge(h, extra); return; }
    const pipeline = new HostPipeline({ stages: this.deps.stages, concurrency: 16, portBudgetMs: this.deps.portBudgetMs, emit: () => undefined });
    this.engines.add(pipeline);
    try { pipeline.push(extra); await pipeline.drain(); } finally { this.engines.delete(pipeline); }
    merge(h, extra);
  }
}

function addCounts(to: HostResult, from: HostResult): void {
  for (const k of Object.keys(to.counts) as (keyof HostResult['counts'])[]) { to.counts[k] += from.counts[k]; }
}

/** The second pass's ports join the host's (TCP before UDP, ascending), counts added. */
function merge(h: HostResult, extra: HostResult): void {
  h.ports.push(...extra.ports);
  h.ports.sort((a, b) => (a.protocol === b.protocol ? a.port - b.port : a.protocol === 'tcp' ? -1 : 1));
  addCounts(h, extra);
}

/** The scan's emit, behind `--profile auto` when asked. */
export function completeFirst(auto: AutoProfile | null, emit: Emit): Emit {
  return auto === null ? emit : auto.wrap(emit);
}
