/** @module cli/scan — `gatehouse scan`: validate options once, plan targets (scope checked before any packet), run the engine, stream results to writers. */
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { lookup } from 'node:dns/promises';
import type { HostResult, PortResult, ScanMeta } from '../core/types.js';
import type { ScanEvents } from '../engine/tcp-scan.js';
import { parsePortSpec, topPorts, formatPortSpec } from '../core/ports.js';
import { planTargets, parseScope } from '../core/targets.js';
import { readListFile } from '../core/list-file.js';
import { UsageError } from '../errors/index.js';
import { availableParallelism } from 'node:os';
import { TcpScanEngine, type Scanner, type TcpScanOptions } from '../engine/tcp-scan.js';
import { ParallelScan } from '../engine/parallel.js';
import { defaultConcurrency } from '../engine/limits.js';
import { jsonDocumentChunks, ndjsonLine, ndjsonPort, ndjsonHost } from '../report/json.js';
import { hostTable, plainPortLine, plainHostLine } from '../report/table.js';
import { xmlHeader, xmlHost, xmlFooter } from '../report/nmap-xml.js';
import { intOption } from './argv.js';
import { configPath, loadConfig } from './config.js';
import { startProgress } from './progress.js';
import { HostPipeline } from '../pipeline/host-pipeline.js';
import { loadStages } from '../pipeline/stages.js';
import type { CliIO } from './commands/io.js';

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
  serviceTimeout?: string;
}

export type { CliIO } from './commands/io.js';

type OutputMode = 'json' | 'ndjson' | 'table' | 'plain';

const DEFAULT_TOP_PORTS = 1000;

async function resolveHost(name: string): Promise<string[]> {
  try {
    const all = await lookup(name, { all: true, verbatim: true });
    return all.map((a) => a.address);
  } catch {
    return []; // planTargets reports an unresolvable name as a usage error
  }
}

function splitList(v: string): string[] {
  return v.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** Runs a scan; returns the process exit code. */
export async function runScan(targetArgs: string[], raw: RawScanOptions, io: CliIO): Promise<number> {
  const cfg = await loadConfig(configPath(raw.config, io.env));
  if (raw.json && raw.ndjson) { throw new UsageError('GH_ERR_OPTION', 'choose one of --json and --ndjson'); }
  if (raw.ports !== undefined && raw.topPorts !== undefined) { throw new UsageError('GH_ERR_OPTION', 'choose one of -p and --top-ports'); }

  // Ports.
  const portSpec = raw.ports !== undefined
    ? parsePortSpec(raw.ports)
    : { tcp: topPorts(raw.topPorts !== undefined ? intOption('--top-ports', raw.topPorts, 1, 65535) : DEFAULT_TOP_PORTS, 'tcp'), udp: [] };
  if (portSpec.udp.length > 0) { throw new UsageError('GH_ERR_OPTION', 'UDP ports (U:) are not scanned by this version; give TCP ports only'); }
  if (portSpec.tcp.length === 0) { throw new UsageError('GH_ERR_PORT_SYNTAX', 'no TCP ports to scan'); }

  // Targets, exclusions, scope: all validated before a packet is sent.
  const specs = [...targetArgs];
  if (raw.inputList !== undefined) { specs.push(...(await readListFile(raw.inputList))); }
  if (specs.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given (name hosts, ranges or CIDRs, or use -iL FILE)'); }
  const exclude = [...(cfg.exclude ?? [])];
  if (raw.exclude !== undefined) { exclude.push(...splitList(raw.exclude)); }
  if (raw.excludeFile !== undefined) { exclude.push(...(await readListFile(raw.excludeFile, 'exclude file'))); }
  const scopeValue = raw.scope ?? (Array.isArray(cfg.scope) ? cfg.scope.join(',') : cfg.scope);
  const scope = scopeValue !== undefined ? await parseScope(scopeValue) : undefined;
  const plan = await planTargets(specs, { exclude, scope, resolve: resolveHost });

  // Engine options.
  const maxMs = raw.timeout !== undefined ? intOption('--timeout', raw.timeout, 1, 600_000) : cfg.timeout ?? 1000;
  const minMs = Math.min(maxMs, raw.minRttTimeout !== undefined ? intOption('--min-rtt-timeout', raw.minRttTimeout, 1, 600_000) : 100);
  const opts: TcpScanOptions = Object.freeze({
    ports: portSpec.tcp,
    concurrency: raw.maxConcurrency !== undefined ? intOption('--max-concurrency', raw.maxConcurrency, 1, 1 << 20) : cfg.maxConcurrency ?? defaultConcurrency(),
    ratePps: raw.rate !== undefined ? intOption('--rate', raw.rate, 1, 100_000_000) : cfg.rate ?? 0,
    retries: raw.retries !== undefined ? intOption('--retries', raw.retries, 0, 10) : cfg.retries ?? 1,
    timeouts: { initialMs: Math.min(maxMs, 500), minMs, maxMs },
    discovery: raw.ping,
    discoveryPorts: [80, 443],
    allStates: raw.allStates === true,
    hostGroupSize: raw.hostGroup !== undefined ? intOption('--host-group', raw.hostGroup, 1, 65536) : 256,
    seed: raw.seed !== undefined ? intOption('--seed', raw.seed, 0, 0xffffffff) : (Math.random() * 0x100000000) >>> 0,
  });

  const mode: OutputMode = raw.json ? 'json' : raw.ndjson ? 'ndjson' : io.stdout.isTTY ? 'table' : 'plain';
  const meta: ScanMeta = { started: new Date().toISOString(), finished: null, targets: specs, ports: formatPortSpec(portSpec) };
  const hosts: HostResult[] = [];
  let up = 0;
  let down = 0;
  const xml: WriteStream | null = raw.outputXml !== undefined ? openXml(raw.outputXml) : null;
  xml?.write(xmlHeader(meta, ['gatehouse', ...io.argv].join(' '), meta.ports, portSpec.tcp.length));
  if (mode === 'ndjson') { io.stdout.write(ndjsonLine({ type: 'scan', version: 1, scan: meta })); }

  // After discovery each finished host goes through the port stages (identify → tls → checks), then to the writers.
  const stages = await loadStages({ serviceDetection: raw.serviceDetection, tls: raw.serviceDetection && raw.tls, checks: raw.serviceDetection && raw.checks });
  const streaming = mode === 'ndjson' || mode === 'plain';
  // Without stages, streaming writers print ports one by one as the engine decides them; with stages, a host's
  // ports are printed when its stages are done (still host by host, as found).
  const portsLive = streaming && stages.length === 0;
  const writePort = (h: HostResult, p: PortResult): void => { io.stdout.write(mode === 'ndjson' ? ndjsonPort(h, p) : plainPortLine(h, p)); };
  const pipeline = new HostPipeline({
    stages,
    concurrency: 64,
    portBudgetMs: raw.serviceTimeout !== undefined ? intOption('--service-timeout', raw.serviceTimeout, 100, 600_000) : 20_000,
    emit(h: HostResult, partial: boolean) {
      if (h.state === 'up') { up++; } else { down++; }
      if (streaming && !portsLive) { for (const p of h.ports) { writePort(h, p); } }
      if (mode === 'json') { hosts.push(h); }
      if (mode === 'ndjson') { io.stdout.write(ndjsonHost(h)); }
      if (mode === 'plain') { io.stdout.write(plainHostLine(h)); }
      if (mode === 'table') { progress.log(hostTable(h) + (partial ? '(partial: scan interrupted)\n\n' : '')); }
      xml?.write(xmlHost(h, meta));
    },
  });
  const events: ScanEvents = {
    // Only streaming writers want ports one by one; the others take finished hosts.
    onPort: portsLive ? writePort : undefined,
    onHost(h: HostResult, partial: boolean) { pipeline.push(h, partial); },
  };
  // Threads: one per core (at most 4) when the scan is big enough to repay a worker's start-up (~50 ms).
  const probes = Number(plan.countUpperBound) * portSpec.tcp.length;
  const threads = raw.threads !== undefined ? intOption('--threads', raw.threads, 1, 64) : probes >= 20_000 ? Math.min(4, availableParallelism()) : 1;
  const engine: Scanner = threads > 1
    ? new ParallelScan(plan, Number(plan.countUpperBound), { specs, exclude, names: plan.resolved.map(([n, a]) => [n, [...a]]) }, opts, threads, events)
    : new TcpScanEngine(plan, opts, events);

  const progress = await startProgress(engine, {
    enabled: raw.progress && raw.quiet !== true && io.stderr.isTTY === true,
    stderr: io.stderr,
    stdout: io.stdout,
    total: Number(plan.countUpperBound) * portSpec.tcp.length,
  });
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; engine.abort(); pipeline.abort(); };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    await engine.run();
    await pipeline.drain();
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
    progress.stop();
  }

  meta.finished = new Date().toISOString();
  if (interrupted) { meta.interrupted = true; }
  if (mode === 'json') {
    for (const chunk of jsonDocumentChunks(meta, hosts)) {
      if (!io.stdout.write(chunk)) { await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve())); }
    }
  }
  if (mode === 'ndjson') { io.stdout.write(ndjsonLine({ type: 'done', version: 1, scan: meta })); }
  if (xml) {
    await new Promise<void>((resolve) => xml.end(xmlFooter(meta, up, down), () => resolve()));
  }
  if (raw.quiet !== true && mode !== 'json' && mode !== 'ndjson') {
    const secs = (Date.parse(meta.finished) - Date.parse(meta.started)) / 1000;
    io.stderr.write(`Scanned ${up + down} host(s) (${up} up) in ${secs.toFixed(2)} s${interrupted ? ' — interrupted' : ''}\n`);
  }
  return interrupted ? 130 : 0;
}

/** Opens the -oX file before scanning, so a bad path fails before any packet is sent. */
function openXml(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot write "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  return createWriteStream('', { fd });
}
