/**
 * @module tls/stage — the TLS PortStage of `gatehouse scan` (after identification, before checks). Applies to open
 * TCP ports whose service speaks TLS (service.tls), to services with a STARTTLS upgrade (smtp/submission, imap,
 * pop3, ftp, postgresql, mysql, ldap, xmpp) and to the implicit-TLS ports 443/465/636/853/993/995/8443 even when
 * identification did not say so. Sets `port.tls` (a TlsReport) and appends the findings. A port that turns out not
 * to speak TLS, or refuses STARTTLS, is left as it was (no finding from here: the checks stage owns "no STARTTLS");
 * a port identified as TLS whose analysis fails gets a `checksNotRun` entry `tls` (tls/not-assessed.ts).
 */
import type { PortResult, HostResult } from '../core/types.js';
import type { PortStage, StageContext } from '../core/stage.js';
import type { Dialer } from '../net/dialer.js';
import { tcpDialer } from '../net/dialer.js';
import { isGatehouseError } from '../errors/index.js';
import type { X509Certificate } from 'node:crypto';
import { analyzeTls } from './analyze.js';
import { bundledRoots } from './certs.js';
import { starttlsFor, type StarttlsKind } from './starttls.js';
import { recordTlsNotAssessed } from './not-assessed.js';

export const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([443, 465, 636, 853, 993, 995, 8443]);
const IMPLICIT_NAMES = /^(https|ssl\/.*|imaps|pop3s|smtps|submissions|ldaps|ftps|ftps-data|domain-s|ircs|xmpps?-client)$/;

export interface TlsStageOptions {
  readonly dialer?: Dialer;
  readonly anchors?: readonly X509Certificate[];
  readonly anchorsLabel?: string;
  readonly timeoutMs?: number;
  /** The clock certificate validity is judged by (tests pin it; default now). */
  readonly now?: Date;
}

/** How to reach TLS on this port: implicit, a STARTTLS dialect, or null (not a TLS candidate). */
export function tlsPlan(port: PortResult): { starttls: StarttlsKind | undefined } | null {
  if (port.protocol !== 'tcp' || port.state !== 'open') { return null; }
  const name = port.service.name;
  const implicit = IMPLICIT_TLS_PORTS.has(port.port) || IMPLICIT_NAMES.test(name);
  const st = starttlsFor(name, port.port);
  if (st !== null && !implicit) { return { starttls: st }; }
  if (implicit || port.service.tls === true) { return { starttls: undefined }; }
  return null;
}

export function tlsStage(o: TlsStageOptions = {}): PortStage {
  return {
    name: 'tls',
    applies: (port: PortResult): boolean => tlsPlan(port) !== null,
    async run(port: PortResult, host: HostResult, ctx: StageContext): Promise<void> {
      const plan = tlsPlan(port);
      if (plan === null) { return; }
      const attempt = (starttls: StarttlsKind | undefined) => analyzeTls({
        host: host.address, port: port.port, sni: ctx.hostname, starttls,
        anchors: o.anchors ?? bundledRoots(), anchorsLabel: o.anchorsLabel ?? 'the bundled Mozilla roots',
        dialer: o.dialer ?? tcpDialer, signal: ctx.signal, timeoutMs: o.timeoutMs ?? 3000, http: 'auto', ...(o.now !== undefined ? { now: o.now } : {}),
        checkPort80: host.ports.some((p) => p.port === 80 && p.protocol === 'tcp' && p.state === 'open'),
      });
      let result;
      try {
        result = await attempt(plan.starttls);
      } catch (err) {
        // A service identified as TLS but refusing STARTTLS may be implicit TLS on a STARTTLS port (e.g. 25 with smtps).
        if (isGatehouseError(err) && err.code === 'GH_ERR_STARTTLS' && port.service.tls === true) {
          try { result = await attempt(undefined); } catch (err2) { notAssessed(port, err2); return; }
        } else {
          notAssessed(port, err);
          return;
        }
      }
      port.tls = result.report;
      port.service.tls ??= true;
      port.findings = [...(port.findings ?? []), ...result.findings];
    },
  };
}

/** Outcomes that mean "no TLS here", not a failure of the stage. */
function expected(err: unknown): boolean {
  return isGatehouseError(err) && (err.code === 'GH_ERR_TLS' || err.code === 'GH_ERR_STARTTLS' || err.code === 'GH_ERR_CONNECT');
}

/**
 * A port only guessed to be TLS (by its number or a STARTTLS-capable name) that turns out not to speak it is left as
 * it was. A port identification saw speak TLS, or any unexpected failure (time-out, abort, reset), is recorded as
 * `checksNotRun` id `tls` (issue 16 item 11): the grade must not silently leave TLS out.
 */
function notAssessed(port: PortResult, err: unknown): void {
  if (expected(err) && port.service.tls !== true) { return; }
  recordTlsNotAssessed(port, err);
}
