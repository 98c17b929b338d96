/**
 * @module errors/record — turns a caught error into the contract's record of it (`PortResult.checksNotRun` entry
 * `{ id, reason: 'error', code, message }`), and tells an expected network outcome (refused, reset, timed out,
 * aborted, not TLS) from a failure of our own code, which must never be swallowed (a swallowed error in a check
 * silently removes findings and raises the grade).
 */
import { isGatehouseError, type ErrorCode } from './index.js';

/** One entry of `PortResult.checksNotRun`: a check or stage that applied but did not decide, and why. */
export interface NotRunEntry {
  id: string;
  /** 'error' when it failed (code and message set); otherwise a sentence saying why it could not decide. */
  reason: string;
  /** A `GH_ERR_*` code, or the Node error code (`ERR_OUT_OF_RANGE`, `ECONNRESET` …), when reason is 'error'. */
  code?: string;
  /** The error's message: control characters escaped, at most 300 characters. */
  message?: string;
}

/** Longest message kept in a record. */
export const MAX_ERROR_MESSAGE = 300;

/** GatehouseError codes that are outcomes of talking to a peer, not failures of Gatehouse. */
const EXPECTED_CODES: ReadonlySet<ErrorCode> = new Set(['GH_ERR_CONNECT', 'GH_ERR_TLS', 'GH_ERR_STARTTLS']);
/** Socket-level errno codes: what the network did, not what our code did. */
const NETWORK_ERRNOS: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN',
  'ENETDOWN', 'EADDRNOTAVAIL', 'EPROTO', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The error's code: a GH_ERR_* code, the Node code, else GH_ERR_INTERNAL. */
export function errorCode(err: unknown): string {
  if (isGatehouseError(err)) { return err.code; }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'GH_ERR_INTERNAL';
}

/** Control characters escaped (\n, \xNN), cut to `max` characters (with … when cut). */
export function safeMessage(text: string, max = MAX_ERROR_MESSAGE): string {
  let escaped = '';
  for (const c of text) {
    const n = c.charCodeAt(0);
    const control = n < 0x20 || (n >= 0x7f && n <= 0x9f);
    escaped += !control ? c : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${n.toString(16).padStart(2, '0')}`;
    if (escaped.length > max + 8) { break; }
  }
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

/** The error's message, safe for one line of output. */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? `${err.name !== 'Error' && err.name !== 'GatehouseError' ? `${err.name}: ` : ''}${err.message}` : String(err);
  return safeMessage(text);
}

/** True for what a live peer or a deadline causes (refused, reset, timed out, aborted, not TLS); false for our own failures. */
export function isExpectedNetworkError(err: unknown): boolean {
  if (isGatehouseError(err)) { return EXPECTED_CODES.has(err.code); }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) { return true; }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_ERRNOS.has(code);
}

/** The checksNotRun entry recording `err` under `id` (a check id, or a stage name such as 'identify'). */
export function errorEntry(id: string, err: unknown): NotRunEntry {
  return { id, reason: 'error', code: errorCode(err), message: errorMessage(err) };
}

/** How many entries of the port record an error. */
export function countErrors(entries: readonly NotRunEntry[] | undefined): number {
  return entries?.filter((e) => e.reason === 'error').length ?? 0;
}
