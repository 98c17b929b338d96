/**
 * @module local/run-harden — `gatehouse harden`: policy (+ a scan JSON and/or a local inventory) → the ranked list
 * of exposed ports and firewall rules that close what the policy does not need. Dry run unless --apply.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CliIO } from '../core/command.js';
import type { HostResult, ScanDocument } from '../core/types.js';
import { checkJsonDepth } from '../core/json-depth.js';
import { GatehouseError, UsageError } from '../errors/index.js';
import { applyIptables, applyNftables, type ApplyResult } from './apply.js';
import { evaluateInventory, today, type HostIdentity } from './evaluate.js';
import { FIREWALL_FORMATS, renderFirewall, type FirewallFormat, type RenderedFirewall } from './firewall/index.js';
import { buildPlan, joinExposure } from './harden.js';
import { loadPolicy } from './policy.js';
import { exposureText, firewallText } from './render.js';
import { hostIdentity, readInput, takeInventory } from './run-local.js';
import type { Inventory } from './types.js';
import { snapshotUsage } from './usage.js';
import { isOneOf } from '../core/guards.js';
import { execFileSync } from 'node:child_process';
import { intOption } from '../core/command.js';
import { assertNoPending, awaitConfirmation, confirmPending, defaultStateFile, DEFAULT_CONFIRM_TIMEOUT_S } from './confirm.js';
import { lockoutMessage, sessionsAtRisk } from './lockout.js';
import type { FirewallPlan } from './firewall/plan.js';

export interface RawHardenOptions {
  policy?: string;
  scan?: string;
  inventory?: string;
  local?: boolean;
  host?: string;
  format: string;
  output?: string;
  apply?: boolean;
  rollbackFile?: string;
  json?: boolean;
  yes?: boolean;               // --yes: apply without waiting for a confirmation
  force?: boolean;             // --force: apply even if an established session's port would be closed
  confirmTimeout?: string;     // --confirm-timeout SECONDS (default 60)
  confirm?: boolean;           // --confirm: confirm the pending apply (from another session)
  stateFile?: string;          // --state-file: where the pending apply is recorded
}

const scanSchema = z.object({
  version: z.literal(1),
  hosts: z.array(z.object({
    address: z.string(),
    hostnames: z.array(z.string()).default([]),
    ports: z.array(z.object({ port: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']), state: z.string() }).passthrough()),
  }).passthrough()),
}).passthrough();

const inventorySchema = z.object({
  version: z.literal(1),
  hostname: z.string(),
  listeners: z.array(z.object({
    protocol: z.enum(['tcp', 'udp']), address: z.string(), port: z.number().int().min(0).max(65535),
    scope: z.enum(['all', 'address', 'loopback']), processes: z.array(z.object({ pid: z.number(), name: z.string() }).passthrough()),
  }).passthrough()),
}).passthrough();

function parseJsonFile<T>(path: string, what: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try { raw = JSON.parse(readInput(path, what)); } catch (err) {
    if (err instanceof UsageError) { throw err; }
    throw new UsageError('GH_ERR_LOCAL_INPUT', `${what} "${path}" is not JSON: ${(err as Error).message}`, { cause: err });
  }
  checkJsonDepth(raw, path);
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError('GH_ERR_LOCAL_INPUT', `${what} "${path}": ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}`);
  }
  return r.data;
}

function pickHost(doc: ScanDocument, want: string | undefined): HostResult {
  const hosts = doc.hosts.filter((h) => want === undefined ? h.ports.some((p) => p.state === 'open') : h.address === want || h.hostnames.includes(want));
  if (hosts.length === 1 && hosts[0]) { return hosts[0]; }
  if (hosts.length === 0) { throw new UsageError('GH_ERR_OPTION', want === undefined ? 'the scan has no host with open ports' : `host ${want} is not in the scan`); }
  throw new UsageError('GH_ERR_OPTION', `the scan has ${hosts.length} hosts with open ports: choose one with --host (${hosts.slice(0, 5).map((h) => h.address).join(', ')}…)`);
}

function formats(f: string): FirewallFormat[] {
  if (f === 'all') { return [...FIREWALL_FORMATS]; }
  if (!isOneOf(FIREWALL_FORMATS, f)) { throw new UsageError('GH_ERR_OPTION', `--format: "${f}" is not one of ${FIREWALL_FORMATS.join(', ')}, all`); }
  return [f];
}

export async function runHarden(raw: RawHardenOptions, io: CliIO): Promise<number> {
  const stateFile = raw.stateFile ?? defaultStateFile(io.env);
  if (raw.confirm === true) {
    const p = await confirmPending(stateFile);
    io.stderr.write(`confirmed the harden --apply of process ${p.pid}: its rules are kept\n`);
    return 0;
  }
  if (raw.policy === undefined) { throw new UsageError('GH_ERR_OPTION', 'harden needs --policy FILE (or --confirm)'); }
  const fmts = formats(raw.format);
  const confirmTimeoutS = raw.confirmTimeout !== undefined ? intOption('--confirm-timeout', raw.confirmTimeout, 1, 86_400) : DEFAULT_CONFIRM_TIMEOUT_S;
  if (raw.apply === true) {
    if (process.platform !== 'linux') { throw new UsageError('GH_ERR_OPTION', '--apply works on Linux only (nftables, iptables)'); }
    if (fmts.length !== 1 || (fmts[0] !== 'nftables' && fmts[0] !== 'iptables')) { throw new UsageError('GH_ERR_OPTION', '--apply needs --format nftables or --format iptables'); }
  }
  if (raw.inventory !== undefined && raw.local === true) { throw new UsageError('GH_ERR_OPTION', 'choose one of --inventory and --local'); }
  if (raw.scan === undefined && raw.inventory === undefined && raw.local !== true) {
    throw new UsageError('GH_ERR_OPTION', 'give what is open: --scan FILE (gatehouse scan --json), --inventory FILE (gatehouse local --json), or --local');
  }
  const policy = loadPolicy(raw.policy);
  const doc = raw.scan !== undefined ? parseJsonFile(raw.scan, 'scan JSON', scanSchema) as unknown as ScanDocument : undefined;
  const host = doc ? pickHost(doc, raw.host) : undefined;
  let inventory: Inventory | undefined;
  if (raw.inventory !== undefined) { inventory = parseJsonFile(raw.inventory, 'inventory JSON', inventorySchema) as unknown as Inventory; }
  if (raw.local === true) {
    const t = takeInventory({});
    if (t.tables) { snapshotUsage(t.inv.listeners, t.tables); }
    inventory = t.inv;
  }
  const id: HostIdentity = host
    ? { addresses: [host.address], names: [...host.hostnames, ...(inventory ? [inventory.hostname] : [])] }
    : hostIdentity(raw.host, inventory?.hostname ?? 'localhost');
  const day = today();
  if (inventory) { for (const l of inventory.listeners) { l.findings = []; } evaluateInventory(inventory, policy, id, day); }
  const exposed = joinExposure({ policy, id, day, ...(host ? { host } : {}), ...(inventory ? { inventory } : {}) });
  const plan = buildPlan(policy, id, host?.address ?? inventory?.hostname ?? 'this host', exposed);
  const rendered: RenderedFirewall[] = fmts.map((f) => renderFirewall(plan, f));
  if (raw.output !== undefined) {
    try { writeFileSync(raw.output, rendered.map((r) => r.script).join('\n')); } catch (err) {
      throw new UsageError('GH_ERR_FILE', `cannot write "${raw.output}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
    }
  }
  let applied: ApplyResult | undefined;
  if (raw.apply === true) {
    if (raw.yes !== true) { assertNoPending(stateFile); }
    if (raw.force !== true) { refuseLockout(plan); }
    const rollback = raw.rollbackFile ?? `gatehouse-rollback-${new Date().toISOString().replace(/[:.]/g, '-')}.sh`;
    applied = fmts[0] === 'nftables' ? applyNftables(plan, rollback) : applyIptables(plan, rollback);
    if (raw.yes !== true) {
      if (raw.json !== true) { io.stdout.write(exposureText(exposed)); }
      await awaitConfirmation({ stateFile, rollbackFile: rollback, timeoutS: confirmTimeoutS, rollback: () => restore(rollback), stdin: process.stdin, stderr: io.stderr });
      if (raw.json !== true) {
        for (const r of rendered) { io.stdout.write(firewallText(r).replace('(dry run: nothing applied)', '(APPLIED, confirmed)')); }
        io.stderr.write(`previous rules saved to ${applied.rollbackFile} (restore: sh ${applied.rollbackFile})\n`);
        return 0;
      }
    }
  }
  if (raw.json === true) {
    io.stdout.write(`${JSON.stringify({ version: 1, host: plan.host, groups: plan.groups, exposed, plan, firewalls: rendered, ...(applied ? { applied } : {}) }, null, 2)}\n`);
  } else {
    io.stdout.write(exposureText(exposed));
    for (const r of rendered) { io.stdout.write(firewallText(r).replace('(dry run: nothing applied)', applied ? '(APPLIED)' : '(dry run: nothing applied)')); }
    if (applied) { io.stderr.write(`applied ${fmts[0]} rules; previous rules saved to ${applied.rollbackFile} (restore: sh ${applied.rollbackFile})\n`); }
  }
  return 0;
}

/** The live inventory (established sessions and their peers) against the plan: GH_ERR_LOCKOUT when a session would be cut off. */
function refuseLockout(plan: FirewallPlan): void {
  const t = takeInventory({});
  if (t.tables) { snapshotUsage(t.inv.listeners, t.tables); }
  const risks = sessionsAtRisk(plan, t.inv.listeners);
  if (risks.length > 0) { throw new UsageError('GH_ERR_LOCKOUT', lockoutMessage(risks)); }
}

/** Runs the rollback script written before the apply. */
function restore(rollbackFile: string): void {
  try {
    execFileSync('sh', [rollbackFile], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0];
    throw new GatehouseError('GH_ERR_FIREWALL', `the rollback (sh ${rollbackFile}) failed${stderr ? `: ${stderr}` : ''}; run it by hand`, { cause: err });
  }
}
