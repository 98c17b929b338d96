/**
 * @module pipeline/host-pipeline — after discovery: every finished host goes through the port stages
 * (identify → tls → checks), stage by stage, with bounded concurrency, then to the writer. Stages are registered by their owners
 * (src/probes, src/tls, src/checks) in pipeline/stages.ts; this file only schedules them.
 *
 * Guarantees: a stage that throws leaves the port as it was plus a `checksNotRun` entry `{ id: <stage>, reason:
 * 'error', code, message }` (never lost silently: the grade is then provisional); one that overruns the port's time
 * budget gets `{ id: <stage>, reason: 'timeout' }`; a host is always emitted, enriched or not; on abort, hosts in
 * flight are emitted with what their stages had found so far.
 */
import type { HostResult, PortResult } from '../core/types.js';
import { errorEntry } from '../errors/record.js';
import type { PortStage } from '../core/stage.js';

export type { PortStage, StageContext } from '../core/stage.js';

export interface HostPipelineOptions {
  readonly stages: readonly PortStage[];
  /** Ports worked on at once, across hosts. */
  readonly concurrency: number;
  /** Wall-clock budget per port for all its stages together. */
  readonly portBudgetMs: number;
  /** Called once per host, in completion order, after its ports went through the stages. */
  readonly emit: (host: HostResult, partial: boolean) => void;
  /** Called when a stage fails on a port, after the error is recorded on the port (counters, logs). */
  readonly onStageError?: (stage: string, host: HostResult, port: PortResult, err: unknown) => void;
}

export class HostPipeline {
  private readonly opts: HostPipelineOptions;
  private readonly abortAll = new AbortController();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly pending = new Set<Promise<void>>();
  private failure: { err: unknown } | undefined;
  /** Per stage: ports it applied to so far (total) and ports it finished (done), for progress. */
  private readonly counts = new Map<string, { done: number; total: number }>();

  constructor(opts: HostPipelineOptions) { this.opts = opts; }

  /** Queue a finished host. Hosts without open ports (or with no stages) are emitted at once. */
  push(host: HostResult, partial = false): void {
    const ports = host.state === 'up' ? host.ports.filter((p) => p.state === 'open') : [];
    if (ports.length === 0 || this.opts.stages.length === 0 || this.abortAll.signal.aborted) {
      this.opts.emit(host, partial);
      return;
    }
    // runHost never rejects (stage errors are recorded on the port); `emit` may throw (a writer bug): that failure
    // is kept and re-thrown by drain(), so it fails the scan instead of becoming an unhandled rejection.
    const job = this.runHost(host, ports)
      .then(() => { this.opts.emit(host, partial || this.abortAll.signal.aborted); });
    this.pending.add(job);
    job.then(() => { this.pending.delete(job); }, (err: unknown) => { this.pending.delete(job); this.failure ??= { err }; });
  }

  /** Resolves when every queued host has been emitted. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) { await Promise.allSettled([...this.pending]); }
    if (this.failure !== undefined) { throw this.failure.err; }
  }

  /** Each stage's progress, in stage order: ports it applies to so far, and ports it finished. */
  stageCounts(): Array<{ name: string; done: number; total: number }> {
    return this.opts.stages.map((s) => ({ name: s.name, ...(this.counts.get(s.name) ?? { done: 0, total: 0 }) }));
  }

  /** Stop all stages; hosts in flight are emitted with what they have. */
  abort(): void {
    this.abortAll.abort();
    for (const w of this.waiting.splice(0)) { w(); }
  }

  /**
   * Stage by stage: every open port of the host is identified before any is TLS-analysed, and analysed before any
   * is checked. A stage that opens many connections (TLS cipher enumeration) thus never competes with the
   * identification of the host's other ports (a mail server forks a login process per connection and falls behind).
   * Each port keeps one time budget across all its stages.
   */
  private async runHost(host: HostResult, ports: readonly PortResult[]): Promise<void> {
    // A port's budget starts when its first stage gets a slot (not while it waits for one).
    const budgets: Array<AbortSignal | undefined> = ports.map(() => undefined);
    const budget = (i: number): AbortSignal => {
      budgets[i] ??= AbortSignal.any([this.abortAll.signal, AbortSignal.timeout(this.opts.portBudgetMs)]);
      return budgets[i];
    };
    for (const stage of this.opts.stages) {
      if (this.abortAll.signal.aborted) { return; }
      await Promise.all(ports.map((port, i) => this.runStage(stage, host, port, budgets[i], () => budget(i))));
    }
  }

  private async runStage(stage: PortStage, host: HostResult, port: PortResult, started: AbortSignal | undefined, start: () => AbortSignal): Promise<void> {
    if (started?.aborted === true || !stage.applies(port, host)) { return; }
    let count = this.counts.get(stage.name);
    if (count === undefined) { count = { done: 0, total: 0 }; this.counts.set(stage.name, count); }
    count.total++;
    await this.slot();
    let signal: AbortSignal | undefined;
    try {
      signal = start();
      if (signal.aborted) { return; }
      await stage.run(port, host, { signal, hostname: host.hostnames[0] });
    } catch (err) {
      if (this.abortAll.signal.aborted) { return; } // interrupted: the host is emitted as partial
      const entry = signal?.aborted === true
        ? { id: stage.name, reason: 'timeout', message: `the port's time budget (${this.opts.portBudgetMs} ms) ran out during this stage` }
        : errorEntry(stage.name, err);
      (port.checksNotRun ??= []).push(entry);
      this.opts.onStageError?.(stage.name, host, port, err);
    } finally {
      count.done++;
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async slot(): Promise<void> {
    while (this.active >= this.opts.concurrency && !this.abortAll.signal.aborted) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
  }
}
