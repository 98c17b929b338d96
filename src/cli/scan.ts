/**
 * @module cli/scan — `gatehouse scan`: options resolved once (scan/options.ts), targets planned (scope checked before
 * any packet), the engine run, each finished host through the port stages, graded, and handed to the writers
 * (writers/: table, plain, json, ndjson, nmap-xml, history).
 */
import { lookup } from 'node:dns/promises';
import { availableParallelism } from 'node:os';
import type { HostResult, PortResult, ScanMeta } from '../core/types.js';
import type { ScanEvents, Scanner } from '../engine/tcp-scan.js';
import { formatPortSpec } from '../core/ports.js';
import { ScopeGuard, scopeEntries } from '../net/scope-guard.js';
import { parseAddressSpec, parseTargetSpec } from '../core/targets.js';
import { readListFile } from '../core/list-file.js';
import { GatehouseError, UsageError } from '../errors/index.js';
import { countErrors, errorCode, errorMessage } from '../errors/record.js';
import { defaultConcurrency } from '../engine/limits.js';
import { configPath, loadConfig } from './config.js';
import { startProgress, startStageEvents, type StageSource } from './progress.js';
import { Interrupt } from './interrupt.js';
import { defaultDbPath } from '../store/path.js';
import { ndjsonLine } from '../report/json.js';
import { HostPipeline } from '../pipeline/host-pipeline.js';
import { inferOs } from '../probes/os.js';
import { loadStages } from '../pipeline/stages.js';
import type { CliIO } from './commands/io.js';
import { resolveScanOptions, scanThreads, type RawScanOptions } from './scan/options.js';
import { scanStages } from './scan/stages.js';
import { udpScanner, udpSourceAddresses } from './scan/udp.js';
import { stdoutWriter, type Screen, type ScanWriter } from './writers/index.js';
import { openHistory } from './writers/history.js';
import { summaryText } from './writers/summary.js';
import { AutoProfile, completeFirst } from '../pipeline/profile.js';

export type { RawScanOptions } from './scan/options.js';
export { parseResolve } from './scan/options.js';
export type { CliIO } from './commands/io.js';

async function resolveHost(name: string): Promise<string[]> {
  try {
    const all = await lookup(name, { all: true, verbatim: true });
    return all.map((a) => a.address);
  } catch {
    return []; // planTargets reports an unresolvable name as a usage error
  }
}

/** Polls the parent pid: when the parent dies (we are re-parented), stop as on SIGTERM, so the scan is stored interrupted. */
function watchParent(): NodeJS.Timeout {
  const parent = process.ppid;
  const t = setInterval(() => { if (process.ppid !== parent) { process.kill(process.pid, 'SIGTERM'); } }, 250);
  t.unref();
  return t;
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
  if (raw.queue !== undefined) { return (await import('./queued-scan.js')).runQueuedScan(targetArgs, { ...raw, queue: raw.queue }, io, interrupt); }
  const failUnder = raw.failUnder !== undefined ? (await import('../score/gate.js')).parseFailUnder(raw.failUnder) : undefined;
  const fileConfig = await loadConfig(configPath(raw.config, io.env));
  const config = resolveScanOptions(raw, {
    config: fileConfig,
    stdoutTTY: io.stdout.isTTY === true,
    stderrTTY: io.stderr.isTTY === true,
    defaultDb: defaultDbPath(io.env),
    hasEnvDb: Boolean(io.env.GATEHOUSE_DB),
    defaultConcurrency: defaultConcurrency(),
    randomSeed: (Math.random() * 0x100000000) >>> 0,
  });
  const { mode, ports: portSpec, engine: opts } = config;

  // Targets, exclusions, scope: all validated before a packet is sent.
  // Lists are appended with concat, never spread into a call (a spread of 125,000+ entries overflows the stack).
  const specs = raw.inputList !== undefined ? targetArgs.concat(await readListFile(raw.inputList, 'target file', parseTargetSpec)) : [...targetArgs];
  if (specs.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given (name hosts, ranges or CIDRs, or use -iL FILE)'); }
  const exclude = config.exclude.concat(raw.excludeFile !== undefined ? await readListFile(raw.excludeFile, 'exclude file', parseAddressSpec) : []);
  const resolveName = async (name: string): Promise<string[]> => [...(config.pinned.get(name.toLowerCase()) ?? await resolveHost(name))];
  const guard = new ScopeGuard(await scopeEntries(raw.scope, fileConfig.scope), resolveName); // the one scope guard (net/scope-guard)
  const plan = await guard.plan(specs, { exclude, resolve: resolveName });
  const udpSources = config.udp.sourceIp !== undefined ? await udpSourceAddresses(config.udp.sourceIp) : undefined;

  const meta: ScanMeta = { started: new Date().toISOString(), finished: null, targets: specs, ports: formatPortSpec(portSpec) };
  // Scan history: the embedded SQLite store by default; each host is saved as it finishes.
  // An explicit database (--db, $GATEHOUSE_DB) that cannot be opened is an error before any packet or output.
  const history = config.history !== null ? openHistory(config.history.path, meta, io.stderr, config.history.explicit, config.history.appendTo) : null;
  if (history?.explicit === true) { await history.ready; }
  let up = 0;
  let down = 0;
  let errors = 0;
  let hostsFound = 0; // hosts the engine finished (the grade stage's total)
  const xml = config.outputXml !== undefined ? new (await import('./writers/nmap-xml.js')).XmlWriter(config.outputXml, meta, ['gatehouse', ...io.argv].join(' '), portSpec) : null;

  // After discovery each finished host goes through the port stages (identify → tls → checks), then to the writers.
  const applyPolicy = config.policy !== undefined ? (await import('../local/scan-policy.js')).policyApplier(config.policy) : null;
  // Self-scan (issue 14): ports of this machine get their process and bind scope (docs/local.md § Self-scan).
  const joinSelf = config.selfScan ? await (await import('../local/self-scan.js')).selfScanJoiner() : null;
  const stages = await loadStages(config.stages);
  // Without stages, streaming writers print ports one by one as the engine decides them; with stages, a host's
  // ports are printed when its stages are done (still host by host, as found).
  const portsLive = (mode === 'ndjson' || mode === 'plain') && stages.length === 0 && applyPolicy === null;
  const screen: Screen = { log: (text) => { io.stdout.write(text); } }; // above the progress bar once it runs
  const writers: ScanWriter[] = [await stdoutWriter({ mode, io, meta, ports: portSpec, portsLive, screen }), ...(xml ? [xml] : [])];
  const writePort = (h: HostResult, p: PortResult): void => { for (const w of writers) { w.port?.(h, p); } };
  // Every scan is graded (docs/scoring.md): each host as it is emitted, the organisation as a running aggregate
  // (score/running.ts): nothing of a host is kept once it is written, in every output mode (issue 16 item 3).
  const score = await import('../score/document.js');
  const orgGrade = new (await import('../score/running.js')).RunningGrade();
  const provisional = new (await import('../score/provisional.js')).ProvisionalTally();
  const auto = config.profile === 'auto'
    ? new AutoProfile({ scanned: portSpec, tcp: opts, stages, portBudgetMs: config.serviceTimeoutMs, udp: async (ports) => udpScanner({ ...config, ports: { ...config.ports, udp: [...ports] } }, opts, udpSources) })
    : null;
  const pipeline = new HostPipeline({
    stages,
    concurrency: 64,
    portBudgetMs: config.serviceTimeoutMs,
    emit: completeFirst(auto, (h: HostResult, partial: boolean) => {
      if (partial) { h.partial = true; } // stopped before all its ports were decided: a resumed run scans it again
      joinSelf?.(h);
      if (h.state === 'up') { const os = inferOs(h); if (os) { h.os = os; } }
      applyPolicy?.(h);
      if (h.state === 'up') { h.grade = score.gradeHost(h); }
      history?.host(h, partial);
      if (h.state === 'up') { up++; } else { down++; }
      for (const p of h.ports) { errors += countErrors(p.checksNotRun); }
      orgGrade.add(h);
      provisional.add(h);
      for (const w of writers) { w.host(h, partial); }
    }),
  });
  // UDP (issue 5): hosts found up (all with -Pn) get their UDP ports scanned and merged before the stages.
  const udp = portSpec.udp.length > 0 ? await udpScanner(config, opts, udpSources) : null;
  // Hosts where every port answers (issue 14): collapsed to one fact + the ports that differ, before the stages.
  const catchAllStop = new AbortController();
  const catchAll = config.stages.serviceDetection && portSpec.tcp.length > 0
    ? new (await import('../probes/catch-all/index.js')).CatchAllFilter({ concurrency: Math.min(opts.concurrency, 1024), maxConcurrency: opts.concurrency, scannedTcp: portSpec.tcp.length, signal: catchAllStop.signal },
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
  const threads = scanThreads(config, Number(plan.countUpperBound) * portSpec.tcp.length, availableParallelism());
  const engine: Scanner = portSpec.tcp.length === 0 && !raw.ping ? new (await import('../engine/udp-hosts.js')).UdpOnlyHosts(plan, events) : threads > 1
    ? new (await import('../engine/parallel.js')).ParallelScan(plan, Number(plan.countUpperBound), { specs, exclude, names: plan.resolved.map(([n, a]) => [n, [...a]]) }, opts, threads, events)
    : new (await import('../engine/tcp-scan.js')).TcpScanEngine(plan, opts, events);

  const udpTotal = Number(plan.countUpperBound) * portSpec.udp.length;
  const discoveryTotal = Number(plan.countUpperBound) * portSpec.tcp.length + udpTotal;
  const stageSource: StageSource = { stages: () => scanStages(engine.progress(), udp?.portsDone ?? 0, udpTotal, discoveryTotal, pipeline.stageCounts(), up + down, hostsFound) };
  for (const w of writers) { w.start?.(); } // after every check that can refuse the scan: a refused scan prints nothing
  const progress = await startProgress(stageSource, { enabled: config.progressBar, stderr: io.stderr, stdout: io.stdout });
  screen.log = (text) => { progress.log(text); };
  const stageEvents = mode === 'ndjson' ? startStageEvents(stageSource, (e) => io.stdout.write(ndjsonLine(e))) : null;
  interrupt.onStop(() => { engine.abort(); catchAllStop.abort(); udp?.abort(); pipeline.abort(); auto?.abort(); });
  io.outputClosed?.addEventListener('abort', () => interrupt.stop(), { once: true }); // `| head -1`: stop as on Ctrl-C
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

  const finished = new Date().toISOString();
  meta.finished = finished;
  if (interrupted) { meta.interrupted = true; }
  if (errors > 0) { meta.errors = errors; }
  if (udp) { meta.udp = udp.stats((udpSources?.v4.length ?? 0) + (udpSources?.v6.length ?? 0)); }
  const grade = provisional.mark(orgGrade.grade());
  if (interrupted) { grade.partial = true; } // score/partial.ts: an interrupted scan's grade covers only the hosts reached
  const scanId = await history?.close(meta, grade) ?? null;
  stageEvents?.flush();
  for (const w of writers) { await w.finish?.({ meta, grade, up, down }); }
  if (!config.quiet && mode !== 'json' && mode !== 'ndjson' && io.outputClosed?.aborted !== true) {
    io.stderr.write(summaryText({ ...meta, finished }, up, down, grade, scanId, raw.db));
  }
  // -oX could not be written (disk full, file gone): the scan and its history are kept, the command fails
  if (xml?.failure) { throw new GatehouseError('GH_ERR_FILE', `cannot write -oX file "${xml.path}": ${errorCode(xml.failure)} (${errorMessage(xml.failure)}); the scan is kept in the history${scanId !== null ? ` as scan ${scanId}` : ''}`, { cause: xml.failure }); }
  if (failUnder !== undefined && !interrupted) { (await import('../score/gate.js')).enforceFailUnder(grade, failUnder); }
  return interrupted ? 130 : 0;
}
