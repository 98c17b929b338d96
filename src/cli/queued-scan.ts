/**
 * @module cli/queued-scan — `gatehouse scan … --queue redis://… --db postgres://…`: the same targets, ports, scope
 * and options as a local scan, planned here (scope checked before anything is queued), run as shards by
 * `gatehouse worker`s (src/queue), followed with the usual progress bar and writers (table, plain, --json,
 * --ndjson) and saved to the scan history (PostgreSQL) as each block of hosts comes in. The organisation's grade is
 * computed once, over every host, when all shards are in. Failed shards are listed (scan.failedShards), counted
 * in scan.errors, and fail the command (GH_ERR_SHARD_FAILED) after everything else is written.
 */
import type { Kysely } from 'kysely';
import type { HostResult, ScanMeta } from '../core/types.js';
import { formatPortSpec } from '../core/ports.js';
import { parseAddressSpec, parseTargetSpec } from '../core/targets.js';
import { readListFile } from '../core/list-file.js';
import { safeLine } from '../core/quote.js';
import { GatehouseError, UsageError } from '../errors/index.js';
import { countErrors, errorMessage } from '../errors/record.js';
import { ScopeGuard, scopeEntries, systemResolve } from '../net/scope-guard.js';
import { selectPorts } from '../engine/udp-options.js';
import { ndjsonLine, ndjsonHost, ndjsonPort } from '../report/json.js';
import { JsonHostStream } from '../report/json-stream.js';
import { hostTable, plainHostLine, plainPortLine } from '../report/table.js';
import { gradeHost } from '../score/document.js';
import { RunningGrade } from '../score/running.js';
import { ProvisionalTally } from '../score/provisional.js';
import { KyselyStore } from '../store/store.js';
import type { ShardDatabase } from '../queue/tables.js';
import { intOption } from './argv.js';
import type { CliIO } from './commands/io.js';
import { configPath, loadConfig } from './config.js';
import type { Interrupt } from './interrupt.js';
import { startProgress, startStageEvents, type StageSource } from './progress.js';

const SAVE_BATCH = 500;

/** The options of `gatehouse scan` this front-end reads (cli/scan.ts RawScanOptions, structurally). */
export interface QueuedScanOptions {
  queue: string; shardProbes?: string; db?: string; config?: string; json?: boolean; ndjson?: boolean; udp?: boolean; topUdpPorts?: string;
  outputXml?: string; policy?: string; store: boolean; udpSourceIp?: string; ports?: string; topPorts?: string; inputList?: string;
  exclude?: string; excludeFile?: string; scope?: string; rate?: string; appendToScan?: string; progress: boolean; quiet?: boolean;
  ping: boolean; serviceDetection: boolean; tls: boolean; checks: boolean; selfScan?: boolean; allStates?: boolean; retries?: string;
  timeout?: string; minRttTimeout?: string; maxConcurrency?: string; serviceTimeout?: string; seed?: string;
}

/** The PostgreSQL URL a distributed scan or worker uses (--db, else $GATEHOUSE_DB): required, PostgreSQL only. */
export function queueDbUrl(db: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = db ?? env.GATEHOUSE_DB;
  if (url === undefined || !/^postgres(ql)?:\/\//i.test(url)) {
    throw new UsageError('GH_ERR_QUEUE', '--queue needs a PostgreSQL store: --db postgres://… (or $GATEHOUSE_DB)');
  }
  return url;
}


export async function runQueuedScan(targetArgs: string[], raw: QueuedScanOptions, io: CliIO, interrupt: Interrupt): Promise<number> {
  const { parseQueueUrl } = await import('../queue/connection.js');
  const cfgQueue = parseQueueUrl(raw.queue);
  const url = queueDbUrl(raw.db, io.env);
  if (raw.json === true && raw.ndjson === true) { throw new UsageError('GH_ERR_OPTION', 'choose one of --json and --ndjson'); }
  for (const [given, flag] of [[raw.udp === true || raw.topUdpPorts !== undefined, '-sU/--top-udp-ports'], [raw.outputXml !== undefined, '--output-xml'], [raw.policy !== undefined, '--policy'], [raw.store === false, '--no-store'], [raw.udpSourceIp !== undefined, '--udp-source-ip']] as const) {
    if (given) { throw new UsageError('GH_ERR_OPTION', `${flag} is not available with --queue yet (docs/scale.md)`); }
  }
  const cfg = await loadConfig(configPath(raw.config, io.env));
  const ports = selectPorts({ ports: raw.ports, topPorts: raw.topPorts !== undefined ? intOption('--top-ports', raw.topPorts, 1, 65535) : undefined, udp: false, topUdpPorts: undefined, defaultTop: 1000 });
  if (ports.udp.length > 0) { throw new UsageError('GH_ERR_OPTION', 'UDP ports are not available with --queue yet (docs/scale.md)'); }
  const specs = raw.inputList !== undefined ? targetArgs.concat(await readListFile(raw.inputList, 'target file', parseTargetSpec)) : [...targetArgs];
  if (specs.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given (name hosts, ranges or CIDRs, or use -iL FILE)'); }
  const exclude = (cfg.exclude ?? []).concat(raw.exclude !== undefined ? raw.exclude.split(/[\s,]+/).filter(Boolean) : [],
    raw.excludeFile !== undefined ? await readListFile(raw.excludeFile, 'exclude file', parseAddressSpec) : []);
  const scope = await scopeEntries(raw.scope, cfg.scope);
  const plan = await new ScopeGuard(scope, systemResolve).plan(specs, { exclude, resolve: systemResolve });
  const hosts: string[] = [];
  for (const t of plan) { hosts.push(t.address); }
  const ratePps = raw.rate !== undefined ? intOption('--rate', raw.rate, 1, 100_000_000) : cfg.rate ?? 0;
  const { shardBudget } = await import('../queue/shards.js');
  const probesPerShard = shardBudget(raw.shardProbes !== undefined ? intOption('--shard-probes', raw.shardProbes, 1, 1 << 24) : undefined, ratePps);
  const appendTo = raw.appendToScan !== undefined ? intOption('--append-to-scan', raw.appendToScan, 1, Number.MAX_SAFE_INTEGER) : undefined;

  const log = (line: string): void => { io.stderr.write(`gatehouse: ${safeLine(line)}\n`); };
  const { openPostgresDb } = await import('../store/postgres.js');
  const db = await openPostgresDb(url, { onPoolError: (err) => log(`warning: PostgreSQL connection lost (idle): ${errorMessage(err)}`) });
  try {
    const store = new KyselyStore(db);
    const meta: ScanMeta = { started: new Date().toISOString(), finished: null, targets: specs, ports: formatPortSpec(ports) };
    const { withPgRetry } = await import('../queue/results.js');
    const scanId = appendTo ?? await store.beginScan(meta);
    const mode = raw.json === true ? 'json' : raw.ndjson === true ? 'ndjson' : io.stdout.isTTY === true ? 'table' : 'plain';
    const json = mode === 'json' ? new JsonHostStream() : null;
    const orgGrade = new RunningGrade();
    const provisional = new ProvisionalTally();
    let up = 0;
    let down = 0;
    let errors = 0;
    const pending: HostResult[] = [];
    let saving: Promise<void> = Promise.resolve();
    const save = (): void => {
      const batch = pending.splice(0);
      if (batch.length > 0) { saving = saving.then(() => withPgRetry(() => store.saveHosts(scanId, batch))); }
    };
    const { ShardProducer } = await import('../queue/producer.js');
    const producer = new ShardProducer(cfgQueue, db as unknown as Kysely<ShardDatabase>, log);
    const stageSource: StageSource = { stages: () => {
      const p = producer.progress();
      return [{ stage: 'discovery', done: p.probesDone, total: Math.max(p.probesTotal, 1) }, { stage: 'grade', done: up + down, total: Math.max(up + down, hosts.length) }];
    } };
    const progress = await startProgress(stageSource, { enabled: raw.progress && raw.quiet !== true && io.stderr.isTTY === true, stderr: io.stderr, stdout: io.stdout });
    const stageEvents = mode === 'ndjson' ? startStageEvents(stageSource, (e) => io.stdout.write(ndjsonLine(e))) : null;
    if (mode === 'ndjson') { io.stdout.write(ndjsonLine({ type: 'scan', version: 1, scan: meta })); }
    if (json) { io.stdout.write(json.head()); }
    const stop = new AbortController();
    interrupt.onStop(() => stop.abort());
    io.outputClosed?.addEventListener('abort', () => interrupt.stop(), { once: true });
    const onHost = (h: HostResult): void => {
      if (h.state === 'up') { h.grade = gradeHost(h); up++; } else { down++; }
      for (const p of h.ports) { errors += countErrors(p.checksNotRun); }
      orgGrade.add(h);
      provisional.add(h);
      pending.push(h);
      if (pending.length >= SAVE_BATCH) { save(); }
      if (mode === 'ndjson') { for (const p of h.ports) { io.stdout.write(ndjsonPort(h, p)); } io.stdout.write(ndjsonHost(h)); }
      if (mode === 'plain') { for (const p of h.ports) { io.stdout.write(plainPortLine(h, p)); } io.stdout.write(plainHostLine(h)); }
      if (mode === 'table') { progress.log(hostTable(h)); }
      if (json) { io.stdout.write(json.host(h)); }
    };
    let result;
    try {
      result = await producer.run({
        scanId, hosts, ports: ports.tcp, ratePps, probesPerShard,
        options: {
          ping: raw.ping, serviceDetection: raw.serviceDetection, tls: raw.serviceDetection && raw.tls, checks: raw.serviceDetection && raw.checks,
          selfScan: raw.selfScan !== false, allStates: raw.allStates === true,
          ...(raw.retries !== undefined ? { retries: raw.retries } : cfg.retries !== undefined ? { retries: String(cfg.retries) } : {}),
          ...(raw.timeout !== undefined ? { timeout: raw.timeout } : cfg.timeout !== undefined ? { timeout: String(cfg.timeout) } : {}),
          ...(raw.minRttTimeout !== undefined ? { minRttTimeout: raw.minRttTimeout } : {}),
          ...(raw.maxConcurrency !== undefined ? { maxConcurrency: raw.maxConcurrency } : {}),
          ...(raw.serviceTimeout !== undefined ? { serviceTimeout: raw.serviceTimeout } : {}),
          ...(raw.seed !== undefined ? { seed: raw.seed } : {}),
          ...(scope !== undefined ? { scope: scope.join(',') } : {}),
        },
      }, onHost, stop.signal);
      save();
      await saving;
    } finally {
      progress.stop();
      stageEvents?.stop();
    }
    meta.finished = new Date().toISOString();
    if (result.interrupted) { meta.interrupted = true; }
    errors += result.failed.length;
    if (errors > 0) { meta.errors = errors; }
    if (result.failed.length > 0) { meta.failedShards = result.failed.map((f) => ({ shard: f.shard, hosts: [...f.hosts], ports: f.ports, error: f.error })); }
    const grade = provisional.mark(orgGrade.grade());
    if (result.interrupted) { grade.partial = true; }
    await withPgRetry(() => store.finishScan(scanId, meta, grade));
    if (json) { io.stdout.write(json.tail(meta, grade)); }
    if (mode === 'ndjson') { stageEvents?.flush(); io.stdout.write(ndjsonLine({ type: 'done', version: 1, scan: meta })); }
    if (raw.quiet !== true && mode !== 'json' && mode !== 'ndjson') {
      const secs = (Date.parse(meta.finished) - Date.parse(meta.started)) / 1000;
      const t = result.timings;
      io.stderr.write(`Scanned ${up + down} host(s) (${up} up) in ${secs.toFixed(2)} s on the queue: ${t.shards} shard(s) of ≤${t.probesPerShard} probes; mean per shard: ${t.meanWaitMs.toFixed(0)} ms queued, ${t.meanScanMs.toFixed(0)} ms scanning, ${t.meanWriteMs.toFixed(0)} ms writing${result.interrupted ? ' — interrupted' : ''}\n`);
      if (up > 0) { io.stderr.write(`Grade ${grade.letter} (${grade.score.toFixed(1)}/100). Saved as scan ${scanId}.\n`); }
    }
    if (result.failed.length > 0) {
      for (const f of result.failed) { log(`shard ${f.shard} failed (${f.hosts.length} host(s), ports ${f.ports}): ${f.error}`); }
      throw new GatehouseError('GH_ERR_SHARD_FAILED', `${result.failed.length} shard(s) failed on every attempt; their hosts are missing from scan ${scanId} (listed in scan.failedShards)`);
    }
    return result.interrupted ? 130 : 0;
  } finally {
    await (db).destroy();
  }
}
