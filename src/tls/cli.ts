/**
 * @module tls/cli — `gatehouse tls HOST:PORT`: validates the options once (bad input: UsageError, exit 2), runs the
 * analysis through the real dialer and writes text or JSON. Findings do not change the exit code; failures to
 * analyse do (GH_ERR_CONNECT / GH_ERR_STARTTLS / GH_ERR_TLS, exit 1).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import { GatehouseError, UsageError } from '../errors/index.js';
import { tcpDialer } from '../net/dialer.js';
import type { ScopeGuard } from '../net/scope-guard.js';
import type { CliIO } from '../core/command.js';
import { analyzeTls } from './analyze.js';
import { bundledRoots, parsePemBundle } from './certs.js';
import { renderText } from './report.js';
import { STARTTLS_KINDS } from './starttls.js';
import { isOneOf } from '../core/guards.js';

export interface RawTlsOptions {
  starttls?: string;
  sni?: string;
  caFile?: string;
  timeout?: string;
  http?: boolean;
  json?: boolean;
}

export interface TlsTarget { readonly host: string; readonly port: number }

export function parseTarget(s: string): TlsTarget {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(s) ?? /^([^:[\]\s]+):(\d{1,5})$/.exec(s);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 1 && port <= 65535)) { throw new UsageError('GH_ERR_TARGET_SYNTAX', `tls: expected HOST:PORT, got "${s}"`); }
  const host = m[1] as string;
  if (s.startsWith('[') && isIP(host) !== 6) { throw new UsageError('GH_ERR_TARGET_SYNTAX', `tls: "${host}" is not an IPv6 address`); }
  return { host, port };
}

export function loadAnchors(caFile: string | undefined): { anchors: X509Certificate[]; label: string } {
  if (caFile === undefined) { return { anchors: bundledRoots(), label: 'the bundled Mozilla roots' }; }
  let text: string;
  try { text = readFileSync(caFile, 'utf8'); } catch (err) { throw new UsageError('GH_ERR_FILE', `tls: cannot read --ca-file ${caFile}`, { cause: err }); }
  let extra: X509Certificate[];
  try { extra = parsePemBundle(text); } catch (err) { throw new UsageError('GH_ERR_FILE', `tls: --ca-file ${caFile} holds a certificate that does not parse`, { cause: err }); }
  if (extra.length === 0) { throw new UsageError('GH_ERR_FILE', `tls: --ca-file ${caFile} holds no PEM certificate`); }
  return { anchors: [...bundledRoots(), ...extra], label: `the bundled Mozilla roots + ${caFile}` };
}

/** `guard`: the command's scope guard (net/scope-guard); the target is admitted before any packet, each dial again. */
export async function runTls(target: string, raw: RawTlsOptions, io: CliIO, guard?: ScopeGuard): Promise<number> {
  const t = parseTarget(target);
  const starttls = raw.starttls;
  if (starttls !== undefined && !isOneOf(STARTTLS_KINDS, starttls)) {
    throw new UsageError('GH_ERR_OPTION', `tls: --starttls must be one of ${STARTTLS_KINDS.join('|')}`);
  }
  const timeoutMs = raw.timeout === undefined ? 4000 : Number(raw.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000) { throw new UsageError('GH_ERR_OPTION', 'tls: --timeout must be 50..120000 ms'); }
  if (raw.sni !== undefined && !/^[A-Za-z0-9.-]{1,253}$/.test(raw.sni)) { throw new UsageError('GH_ERR_OPTION', `tls: --sni "${raw.sni}" is not a host name`); }
  await guard?.admit(t.host);
  const { anchors, label } = loadAnchors(raw.caFile);
  const sni = raw.sni ?? (isIP(t.host) === 0 ? t.host : undefined);
  const ac = new AbortController();
  const onSig = (): void => ac.abort();
  process.once('SIGINT', onSig);
  try {
    const { report, findings } = await analyzeTls({
      host: t.host, port: t.port, sni, starttls, anchors, anchorsLabel: label,
      dialer: guard?.dialer(tcpDialer) ?? tcpDialer, signal: ac.signal, timeoutMs, http: raw.http === false ? false : 'auto',
    });
    io.stdout.write(raw.json === true ? `${JSON.stringify({ report, findings }, null, 2)}\n` : renderText(report, findings));
    return 0;
  } catch (err) {
    if (err instanceof GatehouseError) { throw err; }
    throw new GatehouseError('GH_ERR_INTERNAL', `tls: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    process.off('SIGINT', onSig);
  }
}
