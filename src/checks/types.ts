/**
 * @module checks/types — what a check is. A check declares its id, title, default severity, the services it
 * applies to, what it proves, the remediation and references; `run` performs one small, non-destructive protocol
 * exchange through the given Dialer and returns an outcome. The registry (checks/index.ts) turns a `vulnerable`
 * outcome into a `Finding`; a check that could not decide says `not-run` with the reason, never a guess.
 */
import type { Exchange, Finding, HostResult, PortResult, Severity } from '../core/types.js';
import type { Dialer } from '../net/dialer.js';

export interface CheckContext {
  readonly dialer: Dialer;
  readonly address: string;
  readonly port: PortResult;
  readonly host: HostResult;
  readonly signal: AbortSignal;
  /** The name the user scanned the host as (Host header, EHLO peers), if any. */
  readonly hostname: string | undefined;
  /** Deadline for one read (ms). */
  readonly readTimeoutMs: number;
}

/** The check proved the risk. */
export interface Vulnerable {
  readonly status: 'vulnerable';
  readonly evidence: string;
  readonly exchanges: Exchange[];
  /** Overrides the check's default severity when what is reachable makes it worse (or milder). */
  readonly severity?: Severity;
  readonly details?: Finding['details'];
}

/** The check ran and the service is not affected. */
export interface Secure { readonly status: 'secure'; readonly evidence: string; readonly exchanges: Exchange[] }

/** The check could not decide (connect failed, unexpected answer, unsupported algorithm …). */
export interface NotRun { readonly status: 'not-run'; readonly reason: string; readonly exchanges?: Exchange[] }

export type CheckOutcome = Vulnerable | Secure | NotRun;

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Service names (as identification names them) this check runs on. */
  readonly services: readonly string[];
  /** Further filter, e.g. "not over TLS". */
  readonly applies?: (port: PortResult) => boolean;
  /** One sentence: what a finding proves. */
  readonly proves: string;
  /** One sentence: what is sent (for docs/findings.md). */
  readonly probe: string;
  readonly remediation: string;
  readonly references: readonly string[];
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export function vulnerable(evidence: string, exchanges: Exchange[], extra: { severity?: Severity; details?: Finding['details'] } = {}): Vulnerable {
  return { status: 'vulnerable', evidence, exchanges, ...extra };
}
export function secure(evidence: string, exchanges: Exchange[]): Secure {
  return { status: 'secure', evidence, exchanges };
}
export function notRun(reason: string, exchanges?: Exchange[]): NotRun {
  return exchanges === undefined ? { status: 'not-run', reason } : { status: 'not-run', reason, exchanges };
}
