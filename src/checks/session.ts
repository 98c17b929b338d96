/**
 * @module checks/session — shared plumbing for checks: dial through the context's Dialer, run a protocol script,
 * always close the socket, and turn connect failures and network errors into `not-run` (never into a finding); any
 * other thrown error is a failure of the check and propagates (runChecks records it as `reason: 'error'`).
 * Also the bounded message-completeness predicates the line protocols share.
 */
import type { Conn, ReadOptions } from '../net/dialer.js';
import type { CheckContext, CheckOutcome } from './types.js';
import { notRun } from './types.js';
import { isExpectedNetworkError } from '../errors/record.js';
import { holdsFinalReply } from '../protocols/line-reply.js';

/** Largest single reply a check reads (bytes); every read is also bounded in time by ctx.readTimeoutMs. */
export const REPLY_MAX = 16_384;

export async function withConn(ctx: CheckContext, script: (conn: Conn) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  let conn: Conn;
  try {
    conn = await ctx.dialer.tcp(ctx.address, ctx.port.port, { signal: ctx.signal, timeoutMs: ctx.readTimeoutMs, maxTotalBytes: 1 << 20 });
  } catch (err) {
    return notRun(`could not connect: ${(err as Error).message}`);
  }
  try {
    return await script(conn);
  } catch (err) {
    if (!isExpectedNetworkError(err)) { throw err; }
    return notRun(`check failed: ${(err as Error).message}`, conn.exchanges);
  } finally {
    conn.close();
  }
}

/** Read options for a reply that ends with a newline. */
export function lineOpts(ctx: CheckContext): ReadOptions {
  return { until: (d) => d.includes(0x0a), maxBytes: REPLY_MAX, timeoutMs: ctx.readTimeoutMs };
}


export function replyOpts(ctx: CheckContext): ReadOptions {
  return { until: holdsFinalReply, maxBytes: REPLY_MAX, timeoutMs: ctx.readTimeoutMs };
}

/** The three-digit code of an SMTP/FTP reply (of its last line), or null. */
export function replyCode(data: Buffer): number | null {
  const lines = data.toString('latin1').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d{3})(?: |$)/.exec(lines[i] as string);
    if (m) { return Number(m[1]); }
  }
  return null;
}

/** The text of a reply's lines without codes, e.g. the EHLO keywords. */
export function replyLines(data: Buffer): string[] {
  return data.toString('latin1').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0)
    .map((l) => l.replace(/^\d{3}[ -]?/, ''));
}

/** First line of a reply, trimmed and bounded, for evidence sentences. */
export function firstLine(data: Buffer, max = 120): string {
  const l = data.toString('latin1').split('\n')[0] ?? '';
  return l.replace(/\r$/, '').replace(/[^\x20-\x7e]/g, '?').slice(0, max);
}
