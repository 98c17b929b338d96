/** @module errors — the error catalogue: every error Gatehouse raises carries a stable code. */

export const ErrorCodes = {
  GH_ERR_TARGET_SYNTAX: 'a target is not an address, CIDR, range or hostname',
  GH_ERR_TARGET_RESOLVE: 'a hostname did not resolve',
  GH_ERR_PORT_SYNTAX: 'a port expression is malformed or out of range',
  GH_ERR_OUT_OF_SCOPE: 'a target lies outside the configured scope',
  GH_ERR_EMPTY_INPUT: 'an input file or expression yielded nothing to scan',
  GH_ERR_FILE: 'an input file could not be read',
  GH_ERR_OPTION: 'a command-line option or config value is invalid',
  GH_ERR_CONFIG: 'the configuration file is invalid',
  GH_ERR_CONNECT: 'a TCP connection to a service could not be made (probe, check or TLS analysis)',
  GH_ERR_STORE: 'the scan store (SQLite file or PostgreSQL) could not be opened or written',
  GH_ERR_GROUPS: 'the asset-groups file (--groups) is invalid',
  GH_ERR_IMPORT: 'a scan file to import (JSON, nmap XML, masscan JSON) is malformed',
  GH_ERR_REPORT: 'a report could not be rendered (e.g. PDF: Chromium missing or failed)',
  GH_ERR_GRADE_BELOW: 'the grade is below --fail-under (exit 3)',
  GH_ERR_POLICY: 'the policy file (--policy) is not valid YAML or fails its schema',
  GH_ERR_LOCAL_INPUT: 'a recorded inventory (lsof, netstat, tasklist, Get-NetTCPConnection) or inventory/scan JSON is malformed',
  GH_ERR_FIREWALL: 'applying generated firewall rules (harden --apply) failed; the rollback file restores the previous rules',
  GH_ERR_TLS: 'a TLS analysis could not complete: the port does not speak TLS, or every handshake failed',
  GH_ERR_STARTTLS: 'a service refused or does not offer STARTTLS (or its preamble was malformed)',
  GH_ERR_UNKNOWN_SERVICE: 'a service name given to `gatehouse ports` is neither in the IANA registry nor in the risk catalogue',
  GH_ERR_INTERNAL: 'an unexpected internal failure',
  GH_ERR_WORKER: 'a scan thread (worker) failed; the other threads were stopped and the scan failed',
  GH_ERR_INPUT_LIMIT: 'an input exceeds a documented limit: list file size or entry length, JSON nesting depth',
  GH_ERR_LOCKOUT: 'harden --apply refused: the rules would refuse new connections to a port with an established session (--force applies anyway)',
  GH_ERR_NOT_CONFIRMED: 'harden --apply was not confirmed in time (or was interrupted): the previous rules were restored',
  GH_ERR_NO_PENDING_APPLY: 'harden --confirm found no harden --apply waiting for a confirmation',
  GH_ERR_NOT_FOUND: 'the organisation or record does not exist, or is not visible to the caller (tenancy never discloses which)',
  GH_ERR_FORBIDDEN: 'the caller may see the organisation but not do this (read-only token, viewer role, admin-only action)',
  GH_ERR_CONFLICT: 'the record already exists (same organisation name, asset, scope entry, …) or a run is already in progress',
  GH_ERR_INVALID: 'a value given to the platform (asset, scope entry, schedule, date, tag) is malformed',
  GH_ERR_NO_AUTHORISATION: 'an active scan of an organisation without a valid (recorded, unexpired, unrevoked) authorisation',
  GH_ERR_RUN_FAILED: 'a monitoring run\'s scan process failed (its last error line is kept on the run)',
  GH_ERR_QUEUE: 'the scan queue (Redis, --queue) or its shard tables (PostgreSQL) could not be used for a distributed scan',
  GH_ERR_SHARD_FAILED: 'a shard of a distributed scan failed on every attempt; the scan lists it (failedShards) and the rest completes',
  GH_ERR_STORE_VERSION: 'the store was upgraded by a newer Gatehouse (it records a schema migration this version does not know)',
  GH_ERR_API_UNAUTHENTICATED: 'an API request carries no valid session cookie or token (HTTP 401)',
  GH_ERR_API_CSRF: 'a cookie-authenticated write without the matching x-csrf-token header (HTTP 403)',
  GH_ERR_API_LOGIN: 'wrong user name or password (HTTP 401)',
  GH_ERR_API_LOCKED: 'the account is locked after repeated failed logins (HTTP 423)',
  GH_ERR_API_RATE_LIMITED: 'too many requests from this address (HTTP 429)',
  GH_ERR_API_BODY_TOO_LARGE: 'the request body exceeds the server limit (HTTP 413)',
  GH_ERR_NO_RESOLVER: 'asset discovery needs a DNS resolver configured explicitly (--resolver ADDR[:PORT]); none is ever assumed',
  GH_ERR_DNS: 'a DNS query for discovery failed: no answer after the retries, a malformed or mismatched response, or a size cap exceeded',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** A failure with a code; `exitCode` 2 marks bad user input. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatehouseError';
    this.code = code;
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** Bad input from the user: one line on stderr, exit 2. */
export class UsageError extends GatehouseError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export function isGatehouseError(err: unknown): err is GatehouseError {
  return err instanceof GatehouseError;
}
