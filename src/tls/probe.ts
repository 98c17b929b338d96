/**
 * @module tls/probe — one raw handshake attempt: open a connection (plain or after a STARTTLS preamble), send our
 * ClientHello, read what the server sends in the clear, and close. Reads are bounded (HELLO_READ_MAX bytes, a
 * deadline); the parse is incremental, so an alert, a malformed record or a 16 MB length claim ends the read at once.
 * The outcome is a value: `hello`, `alert`, `failed` (closed, reset, timeout, malformed) or `not-tls`.
 */
import type { Conn } from '../net/dialer.js';
import type { Exchange } from '../core/types.js';
import { escapeBytes } from '../core/escape.js';
import {
  HS_CERTIFICATE, HS_SERVER_HELLO, HS_SERVER_HELLO_DONE, HS_SERVER_KEY_EXCHANGE, parseAlert, parseCertificate,
  parseServerHello, parseServerKeyExchange, parseSsl2ServerHello, type Alert, type KeyExchangeParams, type ServerHello,
  type Ssl2ServerHello,
} from './handshake.js';
import { CT_ALERT, parseHandshakes, parseRecords } from './records.js';
import { suiteByCode } from './cipher-suites.js';

/** Opens a connection ready for a ClientHello (TCP connect, plus the STARTTLS dance when configured). */
export type Opener = () => Promise<Conn>;

export const HELLO_READ_MAX = 192 * 1024;

export type HelloOutcome =
  | { readonly kind: 'hello'; readonly hello: ServerHello; readonly certificates: Buffer[] | null; readonly keyExchange: KeyExchangeParams | null }
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'failed'; readonly reason: string; readonly exchange?: Exchange }
  | { readonly kind: 'not-tls'; readonly reason: string; readonly exchange?: Exchange };

/** Whether the bytes so far settle the attempt (complete enough, or hopeless). */
export function helloComplete(data: Buffer, full: boolean): boolean {
  const rp = parseRecords(data);
  if (rp.error !== null) { return true; }
  if (rp.records.some((r) => r.type === CT_ALERT)) { return true; }
  const hp = parseHandshakes(rp.records);
  if (hp.error !== null) { return true; }
  const sh = hp.messages.find((m) => m.type === HS_SERVER_HELLO);
  if (sh === undefined) { return false; }
  if (!full) { return true; }
  const parsed = parseServerHello(sh.body);
  if (parsed.value === null || parsed.value.version >= 0x0304) { return true; }
  return hp.messages.some((m) => m.type === HS_SERVER_HELLO_DONE);
}

/** Interprets the bytes a server sent after our ClientHello. Pure; used by `sendHello` and by the fuzz tests. */
export function interpretHello(data: Buffer, end: string, full: boolean, timeoutMs: number): HelloOutcome {
  const rp = parseRecords(data);
  const evidence = (): Exchange => { const e = escapeBytes(data, 256); return { sent: null, received: e.text, truncated: e.truncated }; };
  if (data.length === 0) {
    return { kind: 'failed', reason: end === 'timeout' ? `no answer within ${timeoutMs} ms` : end === 'eof' ? 'connection closed without an answer' : `read ended: ${end}` };
  }
  if (rp.records.length === 0 && rp.error !== null) { return { kind: 'not-tls', reason: rp.error, exchange: evidence() }; }
  const hp = parseHandshakes(rp.records);
  const sh = hp.messages.find((m) => m.type === HS_SERVER_HELLO);
  const alertRec = rp.records.find((r) => r.type === CT_ALERT);
  if (sh === undefined) {
    if (alertRec !== undefined) {
      const a = parseAlert(alertRec.fragment);
      return a.value !== null ? { kind: 'alert', alert: a.value } : { kind: 'failed', reason: `malformed alert: ${a.error}` };
    }
    const why = rp.error ?? hp.error ?? (end === 'timeout' ? `incomplete handshake after ${timeoutMs} ms` : `truncated handshake (${end})`);
    return { kind: 'failed', reason: why, exchange: evidence() };
  }
  const p = parseServerHello(sh.body);
  if (p.value === null) { return { kind: 'failed', reason: `malformed ServerHello: ${p.error}`, exchange: evidence() }; }
  const hello = p.value;
  let certificates: Buffer[] | null = null;
  let keyExchange: KeyExchangeParams | null = null;
  if (full && hello.version < 0x0304) {
    const cm = hp.messages.find((m) => m.type === HS_CERTIFICATE);
    if (cm !== undefined) { certificates = parseCertificate(cm.body).value; }
    const km = hp.messages.find((m) => m.type === HS_SERVER_KEY_EXCHANGE);
    const suite = suiteByCode(hello.cipher);
    // Anonymous DH/ECDH suites carry the same parameters as DHE/ECDHE, unsigned.
    const kx = suite?.auth === 'anon' ? (suite.kx === 'DH' ? 'DHE' : suite.kx === 'ECDH' ? 'ECDHE' : suite.kx) : suite?.kx;
    if (km !== undefined && (kx === 'DHE' || kx === 'ECDHE')) { keyExchange = parseServerKeyExchange(km.body, kx).value; }
  }
  return { kind: 'hello', hello, certificates, keyExchange };
}

export interface SendOptions {
  /** Read through ServerHelloDone (certificate, key exchange), not just the ServerHello. */
  readonly full?: boolean;
  readonly timeoutMs?: number;
}

/** One attempt on a fresh connection; the connection is always closed. Connect errors propagate (GH_ERR_CONNECT). */
export async function sendHello(open: Opener, clientHello: Buffer, o: SendOptions = {}): Promise<HelloOutcome> {
  const full = o.full ?? false;
  const timeoutMs = o.timeoutMs ?? 4000;
  const conn = await open();
  try {
    conn.write(clientHello);
    const r = await conn.read({ maxBytes: HELLO_READ_MAX, timeoutMs, until: (d) => helloComplete(d, full) });
    return interpretHello(r.data, r.end, full, timeoutMs);
  } finally {
    conn.close();
  }
}

export type Ssl2Outcome =
  | { readonly kind: 'ssl2'; readonly hello: Ssl2ServerHello }
  | { readonly kind: 'no'; readonly reason: string };

export function interpretSsl2(data: Buffer, end: string): Ssl2Outcome {
  if (data.length === 0) { return { kind: 'no', reason: end === 'timeout' ? 'no answer' : 'connection closed' }; }
  if (((data[0] as number) & 0x80) === 0) { return { kind: 'no', reason: 'answered with a non-SSLv2 record' }; }
  const p = parseSsl2ServerHello(data);
  return p.value !== null ? { kind: 'ssl2', hello: p.value } : { kind: 'no', reason: p.error };
}

function ssl2Complete(d: Buffer): boolean {
  if (d.length < 2) { return false; }
  if (((d[0] as number) & 0x80) === 0) { return true; }
  return d.length >= 2 + ((((d[0] as number) & 0x7f) << 8) | (d[1] as number));
}

export async function sendSsl2Hello(open: Opener, hello: Buffer, timeoutMs = 4000): Promise<Ssl2Outcome> {
  const conn = await open();
  try {
    conn.write(hello);
    const r = await conn.read({ maxBytes: 40_000, timeoutMs, until: ssl2Complete });
    return interpretSsl2(r.data, r.end);
  } finally {
    conn.close();
  }
}
