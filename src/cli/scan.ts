/** @module cli/scan — `gatehouse scan`: validate options once, plan targets (scope checked before any packet), run the engine, stream results to writers. */
import { accessSync, constants as fsConstants, createWriteStream, openSync, statSync, type WriteStream } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { lookup } from 'node:dns/promises';
import type { HostResult, PortResult, ScanMeta } from '../core/types.js';
import type { Grade } from '../core/grade.js';
import type { ScanEvents } from '../engine/tcp-scan.js';
import { formatPortSpec } from '../core/ports.js';
import { planTargets, parseScope } from '../core/targets.js';
import { readListFile } from '../core/list-file.js';
import { UsageError } from '../errors/index.js';
import { availableParallelism } from 'node:os';
import { TcpScanEngine, type Scanner, type TcpScanOptions } from '../engine/tcp-scan.js';
import { ParallelScan } from '../engine/parallel.js';
import { UdpOnlyHosts } from '../engine/udp-hosts.js';
import { defaultConcurrency } from '../engine/limits.js';
import { jsonDocumentChunks, ndjsonLine, ndjsonPort, ndjsonHost } from '../report/json.js';
import { hostTable, plainPortLine, plainHostLine } from '../report/table.js';
import { xmlHeader, xmlHost, xmlFooter } from '../report/nmap-xml.js';
import { intOption } from './argv.js';
import { configPath, loadConfig } from './config.js';
import { startProgress } from './progress.js';
import { Interrupt } from './interrupt.js';
import { defaultDbPath } from '../store/path.js';
import { HostPipeline } from '../pipeline/host-pipeline.js';
import { inferOs } from '../probes/os.js';
import { loadStages } from '../pipeline/stages.js';
import type { CliIO } from './commands/io.js';
import { selectPorts } from '../engine/udp-options.js';
import type { SourceAddresses } from '../net/source-addresses.js';

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
  selfScan?: boolean;         // --no-self-scan: false (issue 14): no join with the inside-out inventory
  serviceTimeout?: string;
  failUnder?: string;         // --fail-under LETTER (issue 6): exit 3 when the grade is below it
  policy?: string;            // --policy (issue 7): policy findings on open ports
  udp?: boolean;              // -sU
  topUdpPorts?: string;
  dnsRecursionName?: string;
  udpSourceIp?: string;       // --udp-source-ip: one ICMP bucket per address at every target
  store: boolean;
  db?: string;
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
  const interrupt = new Interrupt();
  try {
    return await scanWith(targetArgs, raw, io, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function scanWith(targetArgs: string[], raw: RawScanOptions, io: CliIO, interrupt: Interrupt): Promise<number> {
  const cfg = await loadConfig(configPath(raw.config, io.env));
  const failUnder = raw.failUnder !== undefined ? (await import('../score/gate.js')).parseFailUnder(raw.failUnder) : undefined;
  if (raw.json && raw.ndjson) { throw new UsageError('GH_ERR_OPTION', 'choose one of --json and --ndjson'); }
  if (raw.ports !== undefined && raw.topPorts !== undefined) { throw new UsageError('GH_ERR_OPTION', 'choose one of -p and --top-ports'); }

  // Ports.
  const portSpec = selectPorts({ ports: raw.ports, topPorts: raw.topPorts !== undefined ? intOption('--top-ports', raw.topPorts, 1, 65535) : undefined, udp: raw.udp === true, topUdpPorts: raw.topUdpPorts !== undefined ? intOption('--top-udp-ports', raw.topUdpPorts, 1, 65535) : undefined, defaultTop: DEFAULT_TOP_PORTS });

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
  if (raw.udpSourceIp !== undefined && portSpec.udp.length === 0) { throw new UsageError('GH_ERR_OPTION', '--udp-source-ip needs UDP ports (-sU, --top-udp-ports or -p U:…)'); }
  const udpSources = raw.udpSourceIp !== undefined ? await udpSourceAddresses(raw.udpSourceIp) : undefined;

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
  // Scan history: the embedded SQLite store by default; each host is saved as it finishes.
  const history = raw.store ? openHistory(raw.db ?? defaultDbPath(io.env), meta, io) : null;
  let up = 0;
  let down = 0;
  const xml: WriteStream | null = raw.outputXml !== undefined ? openXml(raw.outputXml) : null;
  xml?.write(xmlHeader(meta, ['gatehouse', ...io.argv].join(' '), portSpec));
  if (mode === 'ndjson') { io.stdout.write(ndjsonLine({ type: 'scan', version: 1, scan: meta })); }

  // After discovery each finished host goes through the port stages (identify → tls → checks), then to the writers.
  const applyPolicy = raw.policy !== undefined ? (await import('../local/scan-policy.js')).policyApplier(raw.policy) : null;
  // Self-scan (issue 14): ports of this machine get their process and bind scope (docs/local.md § Self-scan).
  const joinSelf = raw.selfScan === false ? null : await (await import('../local/self-scan.js')).selfScanJoiner();
  const stages = await loadStages({ serviceDetection: raw.serviceDetection, tls: raw.serviceDetection && raw.tls, checks: raw.serviceDetection && raw.checks });
  const streaming = mode === 'ndjson' || mode === 'plain';
  // Without stages, streaming writers print ports one by one as the engine decides them; with stages, a host's
  // ports are printed when its stages are done (still host by host, as found).
  const portsLive = streaming && stages.length === 0 && applyPolicy === null;
  const writePort = (h: HostResult, p: PortResult): void => { io.stdout.write(mode === 'ndjson' ? ndjsonPort(h, p) : plainPortLine(h, p)); };
  // Every scan is graded (docs/scoring.md): each host as it is emitted, the organisation at the end. Outside --json
  // only hosts that are up are kept, reduced to their ports with findings, so memory follows findings, not targets.
  const score = await import('../score/document.js');
  const gradedUp: HostResult[] = [];
  const pipeline = new HostPipeline({
    stages,
    concurrency: 64,
    portBudgetMs: raw.serviceTimeout !== undefined ? intOption('--service-timeout', raw.serviceTimeout, 100, 600_000) : 20_000,
    emit(h: HostResult, partial: boolean) {
      joinSelf?.(h);
      if (h.state === 'up') { const os = inferOs(h); if (os) { h.os = os; } }
      applyPolicy?.(h);
      if (h.state === 'up') { h.grade = score.gradeHost(h); }
      history?.saveHost(h);
      if (h.state === 'up') { up++; } else { down++; }
      if (streaming && !portsLive) { for (const p of h.ports) { writePort(h, p); } }
      if (mode === 'json') { hosts.push(h); } else if (h.state === 'up') { gradedUp.push({ ...h, ports: h.ports.filter((p) => (p.findings?.length ?? 0) > 0) }); }
      if (mode === 'ndjson') { io.stdout.write(ndjsonHost(h)); }
      if (mode === 'plain') { io.stdout.write(plainHostLine(h)); }
      if (mode === 'table') { progress.log(hostTable(h) + (partial ? '(partial: scan interrupted)\n\n' : '')); }
      xml?.write(xmlHost(h, meta));
    },
  });
  // UDP (issue 5): hosts found up (all with -Pn) get their UDP ports scanned and merged before the stages.
  const udp = portSpec.udp.length > 0 ? await udpScanner(portSpec.udp, raw, opts, udpSources, { interrogate: raw.serviceDetection, checks: raw.serviceDetection && raw.checks }) : null;
  // Hosts where every port answers (issue 14): collapsed to one fact + the ports that differ, before the stages.
  const catchAllStop = new AbortController();
  const catchAll = raw.serviceDetection && portSpec.tcp.length > 0
    ? new (await import('../probes/catch-all/index.js')).CatchAllFilter({ concurrency: Math.min(opts.concurrency, 1024), scannedTcp: portSpec.tcp.length, signal: catchAllStop.signal },
      (h, err) => { io.stderr.write(`gatehouse: warning: catch-all detection failed on ${h.address}: ${(err as Error).message}\n`); })
    : null;
  const events: ScanEvents = {
    // Only streaming writers want ports one by one; the others take finished hosts.
    onPort: portsLive ? writePort : undefined,
    onHost(h: HostResult, partial: boolean) {
      const onward = (x: HostResult): void => {
        if (udp === null || partial) { pipeline.push(x, partial); return; }
        udp.add(x, (added) => { if (portsLive) { for (const p of added) { writePort(x, p); } } pipeline.push(x, partial); });
      };
      if (catchAll !== null && !partial) { catchAll.add(h, onward); } else { onward(h); }
    },
  };
  // Threads: one per core (at most 4) when the scan is big enough to repay a worker's start-up (~50 ms).
  const probes = Number(plan.countUpperBound) * portSpec.tcp.length;
  const threads = raw.threads !== undefined ? intOption('--threads', raw.threads, 1, 64) : probes >= 20_000 ? Math.min(4, availableParallelism()) : 1;
  const engine: Scanner = portSpec.tcp.length === 0 && !raw.ping ? new UdpOnlyHosts(plan, events) : threads > 1
    ? new ParallelScan(plan, Number(plan.countUpperBound), { specs, exclude, names: plan.resolved.map(([n, a]) => [n, [...a]]) }, opts, threads, events)
    : new TcpScanEngine(plan, opts, events);

  // The bar counts TCP probes and settled UDP ports together.
  const udpTotal = Number(plan.countUpperBound) * portSpec.udp.length;
  const progressSource = udp === null ? engine : {
    progress: () => { const p = engine.progress(); return { ...p, probesDone: p.probesDone + udp.portsDone, probesTotal: p.probesTotal + udpTotal }; },
  };
  const progress = await startProgress(progressSource, {
    enabled: raw.progress && raw.quiet !== true && io.stderr.isTTY === true,
    stderr: io.stderr,
    stdout: io.stdout,
    total: Number(plan.countUpperBound) * portSpec.tcp.length + udpTotal,
  });
  interrupt.onStop(() => { engine.abort(); catchAllStop.abort(); udp?.abort(); pipeline.abort(); });
  try {
    await history?.ready;
    await engine.run();
    await catchAll?.drain();
    await udp?.drain();
    await pipeline.drain();
  } finally {
    progress.stop();
  }
  const interrupted = interrupt.interrupted;

  meta.finished = new Date().toISOString();
  if (interrupted) { meta.interrupted = true; }
  if (udp) { meta.udp = udp.stats((udpSources?.v4.length ?? 0) + (udpSources?.v6.length ?? 0)); }
  const grade = score.gradeHosts(mode === 'json' ? hosts : gradedUp);
  const scanId = await history?.finish(meta, grade) ?? null;
  if (mode === 'json') {
    for (const chunk of score.withGradeChunk(jsonDocumentChunks(meta, hosts), grade)) {
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
    if (up > 0) { io.stderr.write(gradeLine(grade, scanId)); }
    if (meta.udp && meta.udp.confirmations >= 20 && meta.udp.sourceAddresses <= 1) {
      io.stderr.write(`UDP: ${meta.udp.confirmations} port(s) had to be asked again at the targets' ICMP rate limit (about one per second per source address); --udp-source-ip with several local addresses confirms them that many times faster (docs/udp.md)\n`);
    }
  }
  if (failUnder !== undefined && !interrupted) { (await import('../score/gate.js')).enforceFailUnder(grade, failUnder); }
  return interrupted ? 130 : 0;
}

/** The closing summary: the grade, what pulls it down most, and where the scan was saved. */
function gradeLine(grade: Grade, scanId: number | null): string {
  const worst = [...grade.factors].filter((f) => f.score < 100).sort((a, b) => (a.score - b.score) || a.name.localeCompare(b.name))[0];
  const why = worst ? `; weakest factor: ${worst.name} ${worst.score.toFixed(0)}/100` : '';
  const ref = scanId !== null ? `@${scanId}` : 'SCAN.json';
  const saved = scanId !== null ? ` Saved as scan ${scanId}.` : '';
  const cap = grade.cap ? `, capped at ${grade.cap.letter} by ${grade.cap.severity} finding(s) ${grade.cap.findingIds.join(', ')}` : '';
  return `Grade ${grade.letter} (${grade.score.toFixed(1)}/100${cap})${why}.${saved} Fixes ranked by grade gained: gatehouse plan ${ref}; report: gatehouse report ${ref} -f html -o report.html\n`;
}

interface History { readonly ready: Promise<unknown>; saveHost(h: HostResult): void; finish(meta: ScanMeta, grade: Grade): Promise<number | null> }

/**
 * Starts opening the store while targets are planned and the engine is built, after a synchronous check that the
 * path is usable, so a bad `--db` fails before any packet; the scan waits for `ready` before its first probe, so the
 * store's file handles are taken before the engine uses the rest of the open-file limit. Saves are chained,
 * one host after another in emit order. A store failure during the scan costs the history, not the scan: one
 * warning line, and the results still print.
 */
function openHistory(path: string, meta: ScanMeta, io: CliIO): History {
  checkDbPath(path);
  let warned = false;
  const warn = (err: unknown): void => {
    if (!warned) { warned = true; io.stderr.write(`gatehouse: warning: scan history not saved to ${path}: ${(err as Error).message}\n`); }
  };
  const opened = import('../store/open.js')
    .then(async ({ openStore }) => { const store = await openStore(path); return { store, scanId: await store.beginScan(meta) }; })
    .catch((err: unknown) => { warn(err); return null; });
  let chain: Promise<unknown> = opened;
  return {
    ready: opened,
    saveHost(h: HostResult): void {
      chain = chain.then(async () => { const o = await opened; await o?.store.saveHost(o.scanId, h); }).catch(warn);
    },
    async finish(final: ScanMeta, grade: Grade): Promise<number | null> {
      await chain;
      const o = await opened;
      if (!o) { return null; }
      const ok = await o.store.finishScan(o.scanId, final, grade).then(() => true, (err: unknown) => { warn(err); return false; });
      await o.store.close();
      return ok && !warned ? o.scanId : null;
    },
  };
}

/** The database file's nearest existing ancestor must be a writable directory (or the file itself writable). */
function checkDbPath(path: string): void {
  if (path === ':memory:' || /^postgres(ql)?:\/\//i.test(path)) { return; }
  let p = resolvePath(path);
  for (;;) {
    try {
      const st = statSync(p);
      if (p !== resolvePath(path) && !st.isDirectory()) { throw new Error(`${p} is not a directory`); }
      accessSync(p, fsConstants.W_OK);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(p) !== p) { p = dirname(p); continue; }
      throw new UsageError('GH_ERR_STORE', `cannot use "${path}" as the scan history database: ${code ?? (err as Error).message}`, { cause: err });
    }
  }
}

/** The UDP side of a scan (engine, interrogation, checks), loaded only when UDP ports are asked for. */
async function udpScanner(ports: readonly number[], raw: RawScanOptions, tcp: TcpScanOptions, sources: SourceAddresses | undefined, sel: { interrogate: boolean; checks: boolean }) {
  const { UdpHostScanner } = await import('../checks/udp/host-scan.js');
  const { DEFAULT_EXCHANGE } = await import('../engine/udp-exchange.js');
  return new UdpHostScanner({
    ports, concurrency: Math.max(16, Math.floor(tcp.concurrency / 2)), perHostInFlight: 256, ratePps: tcp.ratePps,
    retries: raw.retries !== undefined ? tcp.retries : 2, timeouts: tcp.timeouts, quietTries: 2, sources,
  }, { ...sel, sources, keepClosed: tcp.allStates, exchange: DEFAULT_EXCHANGE, ctx: { dnsRecursionName: raw.dnsRecursionName ?? 'www.example.com' } });
}

/** --udp-source-ip: parsed and proven bindable before any packet is sent. */
async function udpSourceAddresses(text: string): Promise<SourceAddresses> {
  const { parseSourceAddresses, verifySourceAddresses } = await import('../net/source-addresses.js');
  const src = parseSourceAddresses(text);
  await verifySourceAddresses(src);
  return src;
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
