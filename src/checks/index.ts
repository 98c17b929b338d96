/**
 * @module checks — the check registry and runner. A check runs only on an open port whose service identification
 * proved the protocol (`service.method === 'probed'`) and whose service name it declares; it is never run from a
 * version string. Checks on one port run one after another (servers limit connections per client); a
 * `vulnerable` outcome becomes a Finding, a `not-run` outcome is listed in `port.checksNotRun` with its reason, a
 * check that throws (a failure of its own code) is listed with `reason: 'error'`, its code and message.
 */
import type { Finding, HostResult, PortResult } from '../core/types.js';
import type { Dialer } from '../net/dialer.js';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { errorEntry, errorMessage, isExpectedNetworkError } from '../errors/record.js';
import { telnetExposed } from './telnet.js';
import { ftpAnonymousLogin, ftpCleartext } from './ftp.js';
import { sshPasswordAuth, sshWeakAlgorithms } from './ssh/index.js';
import { redisNoAuth } from './redis.js';
import { memcachedExposed } from './memcached.js';
import { mongodbNoAuth } from './mongodb.js';
import { dockerApiExposed, elasticsearchNoAuth, httpNoTls } from './http.js';
import { mysqlExposed } from './mysql.js';
import { postgresExposed } from './postgres.js';
import { rdpExposed } from './rdp.js';
import { vncNoAuth } from './vnc.js';
import { smbExposed } from './smb.js';
import { smbGuestAccess, smbSigningNotRequired, smbV1Enabled } from './smb-access.js';
import { rsyncModuleListing } from './rsync.js';
import { rsyncAnonymousRead } from './rsync-read.js';
import { epmdNodeNames, erlangDistributionExposed } from './erlang.js';
import { mqttAnonymous } from './mqtt.js';
import { smtpNoStarttls, smtpOpenRelay } from './smtp.js';
import { imapCleartext, pop3Cleartext } from './pop-imap.js';
import { x11Open } from './x11.js';
import { softwareEol } from './software-eol.js';

export type { Check, CheckContext, CheckOutcome } from './types.js';

export const CHECKS: readonly Check[] = [
  telnetExposed, ftpCleartext, ftpAnonymousLogin, sshPasswordAuth, sshWeakAlgorithms, redisNoAuth, memcachedExposed,
  mongodbNoAuth, elasticsearchNoAuth, dockerApiExposed, mysqlExposed, postgresExposed, rdpExposed, vncNoAuth,
  smbExposed, smbSigningNotRequired, smbV1Enabled, smbGuestAccess, rsyncModuleListing, rsyncAnonymousRead, mqttAnonymous, smtpNoStarttls, smtpOpenRelay, pop3Cleartext, imapCleartext,
  httpNoTls, x11Open, epmdNodeNames, erlangDistributionExposed,
  softwareEol,
];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** The checks that apply to a port: open, identified by a probe, a declared service, the check's own filter. */
export function applicableChecks(port: PortResult, checks: readonly Check[] = CHECKS): Check[] {
  if (port.state !== 'open' || port.protocol !== 'tcp' || port.service.method !== 'probed') { return []; }
  return checks.filter((c) => c.services.includes(port.service.name) && (c.applies?.(port) ?? true));
}

export function toFinding(check: Check, o: Extract<CheckOutcome, { status: 'vulnerable' }>): Finding {
  const f: Finding = {
    id: check.id, severity: o.severity ?? check.severity, title: check.title, evidence: o.evidence,
    exchanges: o.exchanges, remediation: check.remediation, references: [...check.references],
  };
  if (o.details !== undefined) { f.details = o.details; }
  return f;
}

export interface RunChecksOptions {
  readonly dialer: Dialer;
  readonly signal: AbortSignal;
  readonly hostname?: string | undefined;
  readonly readTimeoutMs?: number;
  readonly checks?: readonly Check[];
}

/** Run the applicable checks on one port and record findings / not-run reasons on it. Returns the outcomes by id. */
export async function runChecks(port: PortResult, host: HostResult, opts: RunChecksOptions): Promise<Map<string, CheckOutcome>> {
  const outcomes = new Map<string, CheckOutcome>();
  for (const check of applicableChecks(port, opts.checks)) {
    const ctx: CheckContext = { dialer: opts.dialer, address: host.address, port, host, signal: opts.signal, hostname: opts.hostname, readTimeoutMs: opts.readTimeoutMs ?? 3000 };
    let o: CheckOutcome;
    if (opts.signal.aborted) {
      o = { status: 'not-run', reason: 'the port\'s time budget ran out before this check' };
    } else {
      try {
        o = await check.run(ctx);
      } catch (err) {
        o = { status: 'not-run', reason: `check failed: ${errorMessage(err)}` };
        // a failure of the check's own code (not the network's): recorded as an error, the grade becomes provisional
        if (!isExpectedNetworkError(err)) { outcomes.set(check.id, o); (port.checksNotRun ??= []).push(errorEntry(check.id, err)); continue; }
      }
    }
    outcomes.set(check.id, o);
    if (o.status === 'vulnerable') {
      (port.findings ??= []).push(toFinding(check, o));
    } else if (o.status === 'not-run') {
      (port.checksNotRun ??= []).push({ id: check.id, reason: o.reason });
    }
  }
  return outcomes;
}
