/**
 * @module local/confirm — "commit confirmed" for `harden --apply` (like iptables-apply): after the rules are loaded
 * the command waits for a confirmation — `yes` typed on the same terminal, or `gatehouse harden --confirm` run from a
 * NEW connection (which proves the operator can still get in) — and restores the previous rules when none comes
 * within the time-out, or on Ctrl-C / SIGTERM. A lost terminal (SIGHUP: the SSH session dropped) does not stop the
 * wait: the rollback still happens. The pending apply is a small JSON state file the two processes share.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GatehouseError, UsageError } from '../errors/index.js';

export const DEFAULT_CONFIRM_TIMEOUT_S = 60;
const POLL_MS = 200;

export interface PendingApply {
  version: 1;
  pid: number;
  rollbackFile: string;
  deadline: string;              // ISO time the rollback happens
  confirmed: boolean;
}

/** `$GATEHOUSE_HARDEN_STATE`, else /run/gatehouse-harden.json for root, else a per-user file in the temp directory. */
export function defaultStateFile(env: NodeJS.ProcessEnv): string {
  if (env.GATEHOUSE_HARDEN_STATE) { return env.GATEHOUSE_HARDEN_STATE; }
  return process.getuid?.() === 0 ? '/run/gatehouse-harden.json' : join(tmpdir(), `gatehouse-harden-${process.getuid?.() ?? 'user'}.json`);
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

export function readPending(path: string): PendingApply | null {
  if (!existsSync(path)) { return null; }
  let v: unknown;
  try { v = JSON.parse(readFileSync(path, 'utf8')); } catch (err) {
    throw new UsageError('GH_ERR_LOCAL_INPUT', `harden state file "${path}" is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const p = v as Partial<PendingApply>;
  if (p.version !== 1 || typeof p.pid !== 'number' || typeof p.rollbackFile !== 'string') {
    throw new UsageError('GH_ERR_LOCAL_INPUT', `harden state file "${path}" is not a pending apply`);
  }
  return p as PendingApply;
}

function writePending(path: string, p: PendingApply): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(p), { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot write harden state file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'} (nothing applied)`, { cause: err });
  }
}

/** Before applying: no other apply may be waiting for its confirmation. */
export function assertNoPending(path: string): void {
  const p = readPending(path);
  if (p !== null && alive(p.pid) && p.pid !== process.pid) {
    throw new UsageError('GH_ERR_OPTION', `another harden --apply (pid ${p.pid}) is waiting for its confirmation (state file ${path}): confirm it with gatehouse harden --confirm, or let it roll back`);
  }
}

/** `harden --confirm`: marks the pending apply confirmed and waits (≤ 5 s) for the applying process to acknowledge. */
export async function confirmPending(path: string): Promise<PendingApply> {
  const p = readPending(path);
  if (p === null || !alive(p.pid)) {
    throw new UsageError('GH_ERR_NO_PENDING_APPLY', `no harden --apply is waiting for a confirmation (state file ${path}${p !== null ? `: process ${p.pid} is gone` : ''})`);
  }
  writePending(path, { ...p, confirmed: true });
  for (let i = 0; i < 5000 / POLL_MS && existsSync(path); i++) { await new Promise((r) => setTimeout(r, POLL_MS)); }
  if (existsSync(path)) {
    throw new GatehouseError('GH_ERR_NO_PENDING_APPLY', `process ${p.pid} did not acknowledge the confirmation within 5 s (state file ${path}); the rules may still be rolled back at ${p.deadline}`);
  }
  return p;
}

export interface AwaitOptions {
  readonly stateFile: string;
  readonly rollbackFile: string;
  readonly timeoutS: number;
  readonly rollback: () => void;
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
}

/** Waits for a confirmation; rolls back (and throws GH_ERR_NOT_CONFIRMED) on time-out, Ctrl-C or SIGTERM. */
export async function awaitConfirmation(o: AwaitOptions): Promise<void> {
  const deadline = Date.now() + o.timeoutS * 1000;
  writePending(o.stateFile, { version: 1, pid: process.pid, rollbackFile: o.rollbackFile, deadline: new Date(deadline).toISOString(), confirmed: false });
  const say = (s: string): void => { o.stderr.write(s); };
  say(`rules applied. Keep them: type "yes" here, or run "gatehouse harden --confirm" from a NEW connection within ${o.timeoutS} s. ` +
    `Otherwise the previous rules are restored (sh ${o.rollbackFile}).\n`);
  let verdict: 'confirmed' | 'timeout' | 'aborted' | null = null;
  let wake: () => void = () => undefined;
  const decide = (v: 'confirmed' | 'aborted'): void => { verdict ??= v; wake(); };
  const onHup = (): void => { /* the terminal is gone (SSH dropped): keep waiting, so the rollback still happens */ };
  const onStop = (): void => decide('aborted');
  process.on('SIGHUP', onHup);
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  const rl = o.stdin.isTTY === true ? createInterface({ input: o.stdin }) : null;
  rl?.on('line', (line) => { if (/^\s*y(es)?\s*$/i.test(line)) { decide('confirmed'); } });
  try {
    while (verdict === null) {
      if (Date.now() >= deadline) { verdict = 'timeout'; break; }
      if (readPending(o.stateFile)?.confirmed === true) { verdict = 'confirmed'; break; }
      await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))); });
    }
  } finally {
    rl?.close();
    process.removeListener('SIGHUP', onHup);
    process.removeListener('SIGINT', onStop);
    process.removeListener('SIGTERM', onStop);
  }
  if (verdict === 'confirmed') {
    rmSync(o.stateFile, { force: true });
    say('confirmed: the new rules are kept.\n');
    return;
  }
  try { o.rollback(); } finally { rmSync(o.stateFile, { force: true }); }
  const why = verdict === 'timeout' ? `not confirmed within ${o.timeoutS} s` : 'interrupted before it was confirmed';
  throw new GatehouseError('GH_ERR_NOT_CONFIRMED', `harden --apply ${why}: the previous rules were restored from ${o.rollbackFile}`);
}
