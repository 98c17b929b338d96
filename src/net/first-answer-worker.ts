/**
 * @module net/first-answer-worker — one thread's share of a split `askFirstAnswers` (net/first-answer.ts
 * `askFirstAnswersSplit`): asks its ports, posts the answers in batches, stops on 'abort'. A connection's kernel work
 * (connect, write, reset) runs in the thread that makes it, so two threads use two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { askFirstAnswers, type FirstAnswer, type ShareInput, type ShareMessage } from './first-answer.js';

/** Answers per message: one postMessage per answer would cost more than the answer. */
const FLUSH_EVERY = 256;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) { return; }
  const input = workerData as ShareInput;
  const stop = new AbortController();
  port.on('message', (m: { t: string }) => { if (m.t === 'abort') { stop.abort(); } });
  const waitOf = new Map<number, number>(input.ports.map((p, i) => [p, input.waits[i] ?? 0]));
  let batch: [number, FirstAnswer][] = [];
  const flush = (): void => { if (batch.length > 0) { port.postMessage({ t: 'answers', answers: batch } satisfies ShareMessage); batch = []; } };
  await askFirstAnswers(input.address, input.ports, {
    payload: Buffer.from(input.payload), maxBytes: input.maxBytes, connectTimeoutMs: input.connectTimeoutMs, concurrency: input.concurrency,
    waitOf: (p) => waitOf.get(p) ?? 0, signal: stop.signal,
  }, (p, a) => { batch.push([p, a]); if (batch.length >= FLUSH_EVERY) { flush(); } });
  flush();
  port.postMessage({ t: 'done' } satisfies ShareMessage);
  port.close();
}

await main();
