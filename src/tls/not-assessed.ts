/**
 * @module tls/not-assessed — a TLS analysis that failed on a port known to speak TLS becomes a `checksNotRun` entry
 * `{ id: 'tls', reason: 'error', code, message }` (the contract shape of docs/json-contract.md), so the grade and
 * every report can say that TLS was not assessed there instead of silently leaving it out.
 */
import type { PortResult } from '../core/types.js';
import { escapeText } from '../core/escape.js';

/** A message quoted in a `checksNotRun` entry keeps at most this many characters. */
export const NOT_RUN_MESSAGE_MAX = 300;

/** The error's code: a GH_ERR_* code, a Node error code (ECONNRESET, ABORT_ERR…), else the error's name. */
export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) { return code.slice(0, 64); }
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0) { return name.slice(0, 64); }
  }
  return 'ERROR';
}

/** The error's message, control characters escaped, at most NOT_RUN_MESSAGE_MAX characters. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const text = escapeText(Buffer.from(raw, 'utf8'), NOT_RUN_MESSAGE_MAX);
  return text.length > NOT_RUN_MESSAGE_MAX ? text.slice(0, NOT_RUN_MESSAGE_MAX) : text;
}

/** Records that the TLS analysis of `port` failed with `err` (once per port). */
export function recordTlsNotAssessed(port: PortResult, err: unknown): void {
  const list = (port.checksNotRun ??= []);
  if (list.some((c) => c.id === 'tls')) { return; }
  list.push({ id: 'tls', reason: 'error', code: errorCode(err), message: errorMessage(err) });
}
