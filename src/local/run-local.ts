/** @module local/run-local — `gatehouse local`: take the inventory (from /proc, or from recorded lsof/netstat output), measure usage, apply the policy, write text or JSON. */
import { readFileSync } from 'node:fs';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import type { CliIO } from '../core/command.js';
import { intOption } from '../core/command.js';
import { UsageError } from '../errors/index.js';
import { parseLsof } from './darwin.js';
import { evaluateInventory, type HostIdentity } from './evaluate.js';
import { linuxInventory } from './linux.js';
import { inventoryText } from './render.js';
import type { Inventory } from './types.js';
import { parseDuration, snapshotUsage, watchUsage } from './usage.js';
import { parseGetNetTcpConnection, parseNetstat, parseTasklistCsv } from './win32.js';

export interface RawLocalOptions {
  json?: boolean;
  policy?: string;
  host?: string;
  watch?: string;
  interval?: string;
  lsof?: string;
  netstat?: string;
  tasklist?: string;
  getNettcpconnection?: string;
  procRoot?: string;
}

export function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read ${what} "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
}

/** This host's identities for policy matching: --host values, else the host name and every interface address. */
export function hostIdentity(hostArg: string | undefined, fallbackName: string): HostIdentity {
  const given = (hostArg ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (given.length > 0) {
    return { addresses: given.filter((s) => /^[\d.]+$|:/.test(s)), names: given.filter((s) => !/^[\d.]+$|:/.test(s)) };
  }
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return { addresses, names: [fallbackName] };
}

/** The inventory from the chosen source (recorded output, or this Linux host's /proc). */
export function takeInventory(raw: RawLocalOptions): { inv: Inventory; live: boolean; tables?: ReturnType<typeof linuxInventory>['tables'] } {
  const name = osHostname();
  const recorded = [raw.lsof, raw.netstat, raw.getNettcpconnection].filter((x) => x !== undefined).length;
  if (recorded > 1) { throw new UsageError('GH_ERR_OPTION', 'choose one of --lsof, --netstat and --get-nettcpconnection'); }
  if (raw.tasklist !== undefined && raw.netstat === undefined && raw.getNettcpconnection === undefined) {
    throw new UsageError('GH_ERR_OPTION', '--tasklist goes with --netstat or --get-nettcpconnection');
  }
  const images = raw.tasklist !== undefined ? parseTasklistCsv(readInput(raw.tasklist, 'tasklist output')) : new Map<number, string>();
  if (raw.lsof !== undefined) { return { inv: parseLsof(readInput(raw.lsof, 'lsof output'), name), live: false }; }
  if (raw.netstat !== undefined) { return { inv: parseNetstat(readInput(raw.netstat, 'netstat output'), images, name), live: false }; }
  if (raw.getNettcpconnection !== undefined) {
    return { inv: parseGetNetTcpConnection(readInput(raw.getNettcpconnection, 'Get-NetTCPConnection output'), images, name), live: false };
  }
  if (process.platform !== 'linux' && raw.procRoot === undefined) {
    throw new UsageError('GH_ERR_OPTION', `reading this host directly works on Linux only; on ${process.platform} record lsof/netstat output and pass it with --lsof/--netstat`);
  }
  const { inventory, tables } = linuxInventory({ procRoot: raw.procRoot ?? '/proc', hostname: name });
  return { inv: inventory, live: true, tables };
}

export async function runLocal(raw: RawLocalOptions, io: CliIO): Promise<number> {
  // yaml and zod load only with a policy: an inventory without one starts faster
  const policy = raw.policy !== undefined ? (await import('./policy.js')).loadPolicy(raw.policy) : null;
  const windowMs = raw.watch !== undefined ? parseDuration(raw.watch) : 0;
  const intervalMs = raw.interval !== undefined ? intOption('--interval', raw.interval, 10, 3_600_000) : 1000;
  const { inv, live, tables } = takeInventory(raw);
  if (windowMs > 0 && !live) { throw new UsageError('GH_ERR_OPTION', '--watch needs a live Linux inventory, not recorded output'); }
  if (windowMs > 0) {
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    try {
      if (raw.json !== true) { io.stderr.write(`watching ${inv.listeners.length} listener(s) for ${(windowMs / 1000).toFixed(1)} s (Ctrl-C ends early)…\n`); }
      await watchUsage(inv.listeners, { procRoot: raw.procRoot ?? '/proc', windowMs, intervalMs, signal: ac.signal });
    } finally {
      process.removeListener('SIGINT', stop);
    }
  } else if (tables) {
    snapshotUsage(inv.listeners, tables);
  }
  evaluateInventory(inv, policy, hostIdentity(raw.host, inv.hostname));
  io.stdout.write(raw.json === true ? `${JSON.stringify(inv)}\n` : inventoryText(inv));
  return 0;
}
