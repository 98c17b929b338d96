/**
 * @module queue/shards — a scan cut into shards: blocks of hosts × blocks of ports, each sized for a few seconds of
 * work (`probesPerShard` connect probes). Ids are deterministic (`h<host block>p<port block>-<digest>`: the same scan always
 * gives the same shards), so a re-enqueued shard is the same job and its results the same rows. A host belongs to
 * exactly one host block; when its ports are split over several port blocks, the worker takes the host block's
 * politeness lock (queue/worker.ts) so no two workers hit one host at once.
 */

import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';

/** Probes per shard when nothing else is known: a few seconds of a connect scan on a real network. */
export const DEFAULT_PROBES_PER_SHARD = 4096;
/** With `--rate`, a shard is this many seconds at the global rate. */
export const SHARD_SECONDS = 4;

export interface Shard {
  readonly id: string;
  readonly hostBlock: number;
  readonly portBlock: number;
  readonly hosts: readonly string[];
  readonly ports: readonly number[];
}

export interface ShardPlan {
  readonly shards: readonly Shard[];
  readonly hostBlocks: number;
  readonly portBlocks: number;
  readonly probesPerShard: number;
}

/** Probes per shard: explicit, or from the global rate (a few seconds of it), or the default. */
export function shardBudget(explicit: number | undefined, ratePps: number): number {
  if (explicit !== undefined) { return Math.max(1, explicit); }
  return ratePps > 0 ? Math.max(64, Math.min(DEFAULT_PROBES_PER_SHARD, ratePps * SHARD_SECONDS)) : DEFAULT_PROBES_PER_SHARD;
}

/** Cuts `hosts` × `ports` into shards of at most about `probesPerShard` probes (never fewer than one host). */
export function planShards(hosts: readonly string[], ports: readonly number[], probesPerShard: number): ShardPlan {
  const budget = Math.max(1, Math.floor(probesPerShard));
  const nPorts = Math.max(1, ports.length);
  const portBlocks = Math.ceil(nPorts / budget);
  const portsPerBlock = Math.ceil(nPorts / portBlocks);
  const hostsPerBlock = Math.max(1, Math.floor(budget / portsPerBlock));
  const hostBlocks = Math.ceil(hosts.length / hostsPerBlock);
  const shards: Shard[] = [];
  // Port block outer: the first round of shards covers every host block once before any host sees a second block.
  for (let pb = 0; pb < portBlocks; pb++) {
    const blockPorts = ports.slice(pb * portsPerBlock, (pb + 1) * portsPerBlock);
    for (let hb = 0; hb < hostBlocks; hb++) {
      const blockHosts = hosts.slice(hb * hostsPerBlock, (hb + 1) * hostsPerBlock);
      shards.push({ id: shardId(hb, pb, blockHosts, blockPorts), hostBlock: hb, portBlock: pb, hosts: blockHosts, ports: blockPorts });
    }
  }
  return { shards, hostBlocks, portBlocks, probesPerShard: budget };
}

/** `h<host block>p<port block>-<digest of its hosts and ports>`: the same work always has the same id; a resumed scan's different work never reuses one. */
export function shardId(hostBlock: number, portBlock: number, hosts: readonly string[], ports: readonly number[]): string {
  const digest = createHash('sha256').update(hosts.join(',')).update('|').update(ports.join(',')).digest('hex').slice(0, 10);
  return `h${hostBlock}p${portBlock}-${digest}`;
}

/** `22,80,8000-8010`: a port list in the compact form `-p` reads back. */
export function portList(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) { j++; }
    out.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return out.join(',');
}

const v4 = (a: string): number | null => {
  if (!isIPv4(a)) { return null; }
  return a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
};
const v4s = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/**
 * A shard's hosts as a job carries them: runs of consecutive IPv4 addresses as `first-last` (an excluded address
 * simply ends a run), anything else (IPv6, a lone address) as itself. A 4,096-address block is one string.
 */
export function hostRanges(hosts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < hosts.length; i++) {
    const a = hosts[i] as string;
    const start = v4(a);
    let j = i;
    if (start !== null) { while (j + 1 < hosts.length && v4(hosts[j + 1] as string) === start + (j + 1 - i)) { j++; } }
    out.push(j > i ? `${a}-${hosts[j] as string}` : a);
    i = j;
  }
  return out;
}

/** The worker's side of hostRanges: the shard's address list, in order. */
export function expandHostRanges(ranges: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of ranges) {
    const dash = r.indexOf('-');
    const first = dash > 0 ? v4(r.slice(0, dash)) : null;
    const last = dash > 0 ? v4(r.slice(dash + 1)) : null;
    if (first === null || last === null || last < first) { out.push(r); continue; }
    for (let n = first; n <= last; n++) { out.push(v4s(n)); }
  }
  return out;
}
