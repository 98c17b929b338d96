/** @module cli/scan — `gatehouse scan`: validate options once, plan targets (scope checked before any packet), run the engine, stream results to writers. */
import { accessSync, constants as fsConstants, createWriteStream, openSync, statSync, type WriteStream } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { HostResult, PortResult, ScanMeta } from '../core/types.js';
import type { Grade } from '../core/grade.js';
import type { ScanEvents } from '../engine/tcp-scan.js';
import { formatPortSpec } from '../core/ports.js';
import { ScopeGuard, scopeEntries } from '../net/scope-guard.js';
import { parseAddressSpec, parseTargetSpec } from '../core/targets.js';
import { quote, safeLine } from '../core/quote.js';
import { redactDb, storeOpenError } from '../store/open-checked.js';
import { dbArgument } from './db-hint.js';
import { readListFile } from '../core/list-file.js';
import { GatehouseError, UsageError } from '../errors/index.js';
import { countErrors, errorCode, errorMessage } from '../errors/record.js';
import { availableParallelism } from 'node:os';
import { TcpScanEngine, type Scanner, type TcpScanOptions } from '../engine/tcp-scan.js';
import { ParallelScan } from '../engine/parallel.js';
import { UdpOnlyHosts } from '../engine/udp-hosts.js';
import { defaultConcurrency } from '../engine/limits.js';
import { ndjsonLine, ndjsonPort, ndjsonHost } from '../report/json.js';
import { JsonHostStream } from '../report/json-stream.js';
import { hostTable, plainPortLine, plainHostLine } from '../report/table.js';
import { xmlHeader, xmlHost, xmlFooter } from '../report/nmap-xml.js';
import { intOption } from './argv.js';
import { configPath, loadConfig } from './config.js';
import { startProgress, startStageEvents, type StageSource } from './progress.js';
import type { StageCount } from '../core/progress.js';
import type { ScanProgress } from '../engine/tcp-scan.js';
import { Interrupt } from './interrupt.js';
import { defaultDbPath } from '../store/path.js';
import { HostPipeline } from '../pipeline/host-pipeline.js';
import { inferOs } from '../probes/os.js';
import { loadStages } from '../pipeline/stages.js';
import type { CliIO } from './commands/io.js';
import { selectPorts } from '../engine/udp-options.js';
import { AutoProfile, completeFirst, parseProfile, widenPorts } from '../pipeline/profile.js';
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

/** Polls the parent pid: when the parent dies (we are re-parented), stop as on SIGTERM, so the scan is stored interrupted. */
function watchParent(): NodeJS.Timeout {
  const parent = process.ppid;
  const t = setInterval(() => { if (process.ppid !== parent) { process.kill(process.pid, 'SIGTERM'); } }, 250);
  t.unref();
  return t;
}

function splitList(v: string): string[] {
  return v.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** Runs a scan; returns the process exit code. */
export async function runScan(targetArgs: string[], raw: RawScanOptions, io: CliIO): Promise<number> {
  const interrupt = new Interrupt();
  const watch = raw.exitWithParent === true ? watchParent() : null;
  try {
    return await scanWith(targetArgs, raw, io, interrupt);
  } finally {
    if (watch !== null) { clearInterval(watch); }
    interrupt.dispose();
  }
}

async function scanWith(targetArgs: string[], raw: RawScanOptions, io: CliIO, interrupt: Interrupt): Promise<number> {
  const cfg = await loadConfig(configPath(raw.config, io.env));
  const failUnder = raw.failUnder !== undefined ? (await import('../score/gate.js')).parseFailUnder(raw.failUnder) : undefined;
  if (raw.json && raw.ndjson) { throw new UsageError('GH_ERR_OPTION', 'choose one of --json and --ndjson'); }
  if (raw.ports !== undefined && raw.topPorts !== undefined) { throw new UsageError('GH_ERR_OPTION', 'choose one of -p and --top-ports'); }

  // Ports.
  const profile = parseProfile(raw.profile);
  const portSpec = widenPorts(selectPorts({ ports: raw.ports, topPorts: raw.topPorts !== undefined ? intOption('--top-ports', raw.topPorts, 1, 65535) : undefined, udp: raw.udp === true, topUdpPorts: raw.topUdpPorts !== undefined ? intOption('--top-udp-ports', raw.topUdpPorts, 1, 65535) : undefined, defaultTop: DEFAULT_TOP_PORTS }), profile);

  // Targets, exclusions, scope: all validated before a packet is sent.
  // Lists are appended with concat, never spread into a call (a spread of 125,000+ entries overflows the stack).
  const specs = raw.inputList !== undefined ? targetArgs.concat(await readListFile(raw.inputList, 'target file', parseTargetSpec)) : [...targetArgs];
  if (specs.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given (name hosts, ranges or CIDRs, or use -iL FILE)'); }
  const exclude = (cfg.exclude ?? []).concat(raw.exclude !== undefined ? splitList(raw.exclude) : [],
    raw.excludeFile !== undefined ? await readListFile(raw.excludeFile, 'exclude file', parseAddressSpec) : []);
  const pinned = raw.resolve !== undefined ? parseResolve(raw.resolve) : new Map<string, string[]>();
  const resolveName = async (name: string): Promise<string[]> => pinned.get(name.toLowerCase()) ?? resolveHost(name);
  const guard = new ScopeGuard(await scopeEntries(raw.scope, cfg.scope), resolveName); // the one scope guard (net/scope-guard)
  const plan = await guard.plan(specs, { exclude, resolve: resolveName });
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
  // Scan history: the embedded SQLite store by default; each host is saved as it finishes.
  // An explicit database (--db, $GATEHOUSE_DB) that cannot be opened is an error before any packet or output.
  const appendTo = raw.appendToScan !== undefined ? intOption('--append-to-scan', raw.appendToScan, 1, Number.MAX_SAFE_INTEGER) : undefined;
  const history = raw.store ? openHistory(raw.db ?? defaultDbPath(io.env), meta, io, raw.db !== undefined || Boolean(io.env.GATEHOUSE_DB), appendTo) : null;
  if (history?.explicit === true) { await history.ready; }
  let up = 0;
  let down = 0;
  let errors = 0;
  let hostsFound = 0; // hosts the engine finished (the grade stage's total)
  const xml = raw.outputXml !== undefined ? openXml(raw.outputXml) : null;
  xml?.write(xmlHeader(meta, ['gatehouse', ...io.argv].join(' '), portSpec));
  if (mode === 'ndjson') { io.stdout.write(ndjsonLine({ type: 'scan', version: 1, scan: meta })); }
  const json = mode === 'json' ? new JsonHostStream() : null;

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
  // Every scan is graded (docs/scoring.md): each host as it is emitted, the organisation as a running aggregate
  // (score/running.ts): nothing of a host is kept once it is written, in every output mode (issue 16 item 3).
  const score = await import('../score/document.js');
  const orgGrade = new (await import('../score/running.js')).RunningGrade();
  const provisional = new (await import('../score/provisional.js')).ProvisionalTally();
  const portBudgetMs = raw.serviceTimeout !== undefined ? intOption('--service-timeout', raw.serviceTimeout, 100, 600_000) : 20_000;
  const auto = profile === 'auto' ? new AutoProfile({ scanned: portSpec, tcp: opts, stages, portBudgetMs, udp: async (ports) => udpScanner(ports, raw, opts, udpSources, { interrogate: raw.serviceDetection, checks: raw.serviceDetection && raw.checks }) }) : null;
  const pipeline = new HostPipeline({
    stages,
    concurrency: 64,
    portBudgetMs,
    emit: completeFirst(auto, (h: HostResult, partial: boolean) => {
      if (partial) { h.partial = true; } // stopped before all its ports were decided: a resumed run scans it again
      joinSelf?.(h);
      if (h.state === 'up') { const os = inferOs(h); if (os) { h.os = os; } }
      applyPolicy?.(h);
      if (h.state === 'up') { h.grade = score.gradeHost(h); }
      history?.saveHost(h);
      if (h.state === 'up') { up++; } else { down++; }
      for (const p of h.ports) { errors += countErrors(p.checksNotRun); }
      if (streaming && !portsLive) { for (const p of h.ports) { writePort(h, p); } }
      orgGrade.add(h);
      provisional.add(h);
      if (json) { io.stdout.write(json.host(h)); }
      if (mode === 'ndjson') { io.stdout.write(ndjsonHost(h)); }
      if (mode === 'plain') { io.stdout.write(plainHostLine(h)); }
      if (mode === 'table') { progress.log(hostTable(h) + (partial ? '(partial: scan interrupted)\n\n' : '')); }
      xml?.write(xmlHost(h, meta));
    }),
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
      hostsFound++;
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

  // Progress by stage (core/progress.ts): discovery counts TCP probes and settled UDP ports together; the port
  // stages count the ports they apply to; grade counts hosts graded.
  const udpTotal = Number(plan.countUpperBound) * portSpec.udp.length;
  const discoveryTotal = Number(plan.countUpperBound) * portSpec.tcp.length + udpTotal;
  const stageSource: StageSource = { stages: () => scanStages(engine.progress(), udp?.portsDone ?? 0, udpTotal, discoveryTotal, pipeline.stageCounts(), up + down, hostsFound) };
  const progress = await startProgress(stageSource, {
    enabled: raw.progress && raw.quiet !== true && io.stderr.isTTY === true,
    stderr: io.stderr,
    stdout: io.stdout,
  });
  const stageEvents = mode === 'ndjson' ? startStageEvents(stageSource, (e) => io.stdout.write(ndjsonLine(e))) : null;
  interrupt.onStop(() => { engine.abort(); catchAllStop.abort(); udp?.abort(); pipeline.abort(); auto?.abort(); });
  io.outputClosed?.addEventListener('abort', () => interrupt.stop(), { once: true }); // `| head -1`: stop as on Ctrl-C
  if (json) { io.stdout.write(json.head()); } // after every check that can refuse the scan: a refused scan prints nothing
  try {
    await history?.ready;
    await engine.run();
    await catchAll?.drain();
    await udp?.drain();
    await pipeline.drain();
    await auto?.drain();
  } catch (err) {
    // a failed scan thread or writer: stop everything still running, then fail with one line (cli/main.ts)
    engine.abort(); udp?.abort(); pipeline.abort();
    throw err;
  } finally {
    progress.stop();
    stageEvents?.stop();
  }
  const interrupted = interrupt.interrupted;

  meta.finished = new Date().toISOString();
  if (interrupted) { meta.interrupted = true; }
  if (errors > 0) { meta.errors = errors; }
  if (udp) { meta.udp = udp.stats((udpSources?.v4.length ?? 0) + (udpSources?.v6.length ?? 0)); }
  const grade = provisional.mark(orgGrade.grade());
  if (interrupted) { grade.partial = true; } // score/partial.ts: an interrupted scan's grade covers only the hosts reached
  const scanId = await history?.finish(meta, grade) ?? null;
  if (json) { io.stdout.write(json.tail(meta, grade)); }
  if (mode === 'ndjson') { stageEvents?.flush(); io.stdout.write(ndjsonLine({ type: 'done', version: 1, scan: meta })); }
  const xmlFailed = xml ? await xml.end(xmlFooter(meta, up, down)) : null;
  if (raw.quiet !== true && mode !== 'json' && mode !== 'ndjson' && io.outputClosed?.aborted !== true) {
    const secs = (Date.parse(meta.finished) - Date.parse(meta.started)) / 1000;
    io.stderr.write(`Scanned ${up + down} host(s) (${up} up) in ${secs.toFixed(2)} s${interrupted ? ' — interrupted' : ''}\n`);
    if (up > 0) { io.stderr.write(gradeLine(grade, scanId, raw.db)); }
    if (meta.udp && meta.udp.confirmations >= 20 && meta.udp.sourceAddresses <= 1) {
      io.stderr.write(`UDP: ${meta.udp.confirmations} port(s) had to be asked again at the targets' ICMP rate limit (about one per second per source address); --udp-source-ip with several local addresses confirms them that many times faster (docs/udp.md)\n`);
    }
  }
  // -oX could not be written (disk full, file gone): the scan and its history are kept, the command fails
  if (xmlFailed !== null) { throw new GatehouseError('GH_ERR_FILE', `cannot write -oX file "${raw.outputXml ?? ''}": ${errorCode(xmlFailed)} (${errorMessage(xmlFailed)}); the scan is kept in the history${scanId !== null ? ` as scan ${scanId}` : ''}`, { cause: xmlFailed }); }
  if (failUnder !== undefined && !interrupted) { (await import('../score/gate.js')).enforceFailUnder(grade, failUnder); }
  return interrupted ? 130 : 0;
}

/** The port stages' names (src/pipeline/stages.ts) → the progress stages they count for. */
const PORT_STAGES = [['identify', 'identification'], ['tls', 'tls'], ['checks', 'checks']] as const;

/** A snapshot of the scan's stages for the bar and the --ndjson progress events. */
function scanStages(p: ScanProgress, udpDone: number, udpTotal: number, discoveryTotal: number, ports: ReadonlyArray<{ name: string; done: number; total: number }>, hostsDone: number, hostsFound: number): StageCount[] {
  const byName = new Map(ports.map((s) => [s.name, s]));
  return [
    { stage: 'discovery', done: p.probesDone + udpDone, total: Math.max(p.probesTotal + udpTotal, discoveryTotal) },
    ...PORT_STAGES.map(([name, stage]): StageCount => ({ stage, done: byName.get(name)?.done ?? 0, total: byName.get(name)?.total ?? 0 })),
    { stage: 'grade', done: hostsDone, total: Math.max(hostsDone, hostsFound) },
  ];
}

/** The closing summary: the grade, what pulls it down most, and where the scan was saved. */
function gradeLine(grade: Grade, scanId: number | null, db: string | undefined): string {
  const worst = [...grade.factors].filter((f) => f.score < 100).sort((a, b) => (a.score - b.score) || a.name.localeCompare(b.name))[0];
  const why = worst ? `; weakest factor: ${worst.name} ${worst.score.toFixed(0)}/100` : '';
  const provisional = grade.provisional === true ? ` PROVISIONAL: ${grade.provisionalReasons?.length ?? 0} error(s) while checking (see the ERROR lines); the grade may be too good.` : '';
  const ref = scanId !== null ? `@${scanId}${dbArgument(db)}` : 'SCAN.json';
  const saved = scanId !== null ? ` Saved as scan ${scanId}.` : '';
  const cap = grade.cap ? `, capped at ${grade.cap.letter} by ${grade.cap.severity} finding(s) ${grade.cap.findingIds.join(', ')}` : '';
  return `Grade ${grade.letter} (${grade.score.toFixed(1)}/100${cap})${grade.partial === true ? ' — partial: the scan was interrupted' : ''}${why}.${provisional}${saved} Fixes ranked by grade gained: gatehouse plan ${ref}; report: gatehouse report ${ref} -f html -o report.html\n`;
}

/** Hosts saved per store transaction. */
const SAVE_BATCH = 500;

interface History { readonly explicit: boolean; readonly ready: Promise<unknown>; saveHost(h: HostResult): void; finish(meta: ScanMeta, grade: Grade): Promise<number | null> }

/**
 * Starts opening the store while targets are planned and the engine is built, after a synchronous check that the
 * path is usable, so a bad `--db` fails before any packet; the scan waits for `ready` before its first probe, so the
 * store's file handles are taken before the engine uses the rest of the open-file limit. Saves are batched, in
 * emit order. A store failure during the scan costs the history, not the scan: one warning line, and the results
 * still print. An `explicit` database (--db, $GATEHOUSE_DB) that cannot be opened is an error instead: `ready`
 * rejects, and the scan awaits it before any output or packet.
 */
function openHistory(path: string, meta: ScanMeta, io: CliIO, explicit: boolean, appendTo?: number): History {
  checkDbPath(path);
  let warned = false;
  const warn = (err: unknown): void => {
    if (!warned) { warned = true; io.stderr.write(`gatehouse: warning: ${safeLine(`scan history not saved to ${redactDb(path)}: ${(err as Error).message}`)}\n`); }
  };
  const opened = import('../store/open-checked.js')
    .then(async ({ openStoreChecked }) => { const store = await openStoreChecked(path); return { store, scanId: appendTo ?? await store.beginScan(meta) }; })
    .catch((err: unknown) => { if (explicit) { throw err instanceof GatehouseError ? err : storeOpenError(path, err); } warn(err); return null; });
  // Hosts wait in a queue and are saved in batches, one transaction each, so the history keeps up with a fast scan
  // (one transaction per host fell behind by hundreds of thousands of hosts, all held in memory: issue 16 item 3).
  const queue: HostResult[] = [];
  let draining: Promise<void> | null = null;
  const drain = async (): Promise<void> => {
    const o = await opened;
    while (queue.length > 0) {
      const batch = queue.splice(0, SAVE_BATCH);
      if (o) { await o.store.saveHosts(o.scanId, batch).catch(warn); }
    }
    draining = null;
  };
  return {
    explicit,
    ready: opened,
    saveHost(h: HostResult): void {
      queue.push(h);
      draining ??= drain();
    },
    async finish(final: ScanMeta, grade: Grade): Promise<number | null> {
      while (draining !== null) { await draining; }
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
      throw new UsageError('GH_ERR_STORE', `cannot use "${quote(redactDb(path))}" as the scan history database: ${code ?? (err as Error).message}`, { cause: err });
    }
  }
}

/** The UDP side of a scan (engine, interrogation, checks), loaded only when UDP ports are asked for. */
async function udpScanner(ports: readonly number[], raw: RawScanOptions, tcp: TcpScanOptions, sources: SourceAddresses | undefined, sel: { interrogate: boolean; checks: boolean }) {
  const { UdpHostScanner } = await import('../pipeline/udp-host-scan.js');
  const { DEFAULT_EXCHANGE } = await import('../net/udp-exchange.js');
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

/** The -oX output: writes stop after the stream's first error, which `end` returns (null when all was written). */
interface XmlOut { write(text: string): void; end(footer: string): Promise<Error | null> }

/** Opens the -oX file before scanning, so a bad path fails before any packet is sent. */
function openXml(path: string): XmlOut {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot write "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  const stream: WriteStream = createWriteStream('', { fd });
  let failed: Error | null = null;
  const closed = new Promise<void>((resolve) => { stream.once('close', resolve); });
  stream.on('error', (err) => { failed ??= err; });
  return {
    write(text: string): void { if (failed === null) { stream.write(text); } },
    async end(footer: string): Promise<Error | null> {
      if (failed === null) { stream.end(footer); } else { stream.destroy(); }
      await closed;
      return failed;
    },
  };
}
