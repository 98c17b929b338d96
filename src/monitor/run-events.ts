/**
 * @module monitor/run-events — a run's live events, for server-sent events: subscribe with a listener or iterate
 * with `for await`; a late subscriber first receives the events so far (bounded), then live ones; the stream ends
 * with the `finished` or `failed` event.
 */
import { EventEmitter } from 'node:events';

export type RunEvent =
  | { readonly type: 'started'; readonly runId: number; readonly scanId: number; readonly pid: number | null; readonly targets: readonly string[] }
  | { readonly type: 'port'; readonly runId: number; readonly host: string; readonly port: number; readonly protocol: string; readonly state: string; readonly service: string }
  | { readonly type: 'host'; readonly runId: number; readonly host: string; readonly state: string; readonly openPorts: number; readonly hostsDone: number }
  | { readonly type: 'finished'; readonly runId: number; readonly status: 'finished' | 'interrupted'; readonly score: number; readonly letter: string; readonly hostsDone: number }
  | { readonly type: 'failed'; readonly runId: number; readonly code: string; readonly message: string };

const KEEP = 2000;

export class RunEvents {
  private readonly emitter = new EventEmitter();
  private readonly past: RunEvent[] = [];
  private ended = false;

  constructor() { this.emitter.setMaxListeners(0); }

  get done(): boolean { return this.ended; }

  emit(e: RunEvent): void {
    if (this.ended) { return; }
    this.past.push(e);
    if (this.past.length > KEEP) { this.past.splice(1, this.past.length - KEEP); } // keep `started`
    if (e.type === 'finished' || e.type === 'failed') { this.ended = true; }
    this.emitter.emit('event', e);
  }

  /** Events so far (the first, `started`, is always kept). */
  history(): readonly RunEvent[] { return this.past; }

  /** Replays the past, then calls `fn` for each new event; returns the unsubscribe function. */
  subscribe(fn: (e: RunEvent) => void): () => void {
    for (const e of this.past) { fn(e); }
    if (this.ended) { return () => undefined; }
    this.emitter.on('event', fn);
    return () => { this.emitter.off('event', fn); };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RunEvent> {
    const queue: RunEvent[] = [];
    let wake: (() => void) | null = null;
    const off = this.subscribe((e) => { queue.push(e); wake?.(); });
    try {
      for (;;) {
        while (queue.length > 0) {
          const e = queue.shift()!;
          yield e;
          if (e.type === 'finished' || e.type === 'failed') { return; }
        }
        await new Promise<void>((r) => { wake = r; });
        wake = null;
      }
    } finally { off(); }
  }
}
