/** @module queue/shards.test — shard planning: sizes, deterministic ids, every (host, port) exactly once; host ranges in jobs; lease sizes. */
import { describe, expect, it } from 'vitest';
import { expandHostRanges, hostRanges, planShards, portList, shardBudget } from './shards.js';
import { bucketCapacity, leaseSize } from './bucket.js';
import { mergeHosts } from './merge.js';
import type { HostResult } from '../core/types.js';

const hosts = Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 1}`);
const ports = Array.from({ length: 100 }, (_, i) => i + 1);

describe('planShards', () => {
  it.each([
    { budget: 1000, want: { shards: 1, hostBlocks: 1, portBlocks: 1 } },
    { budget: 300, want: { shards: 4, hostBlocks: 4, portBlocks: 1 } },
    { budget: 50, want: { shards: 20, hostBlocks: 10, portBlocks: 2 } },
  ])('budget $budget', ({ budget, want }) => {
    const plan = planShards(hosts, ports, budget);
    expect({ shards: plan.shards.length, hostBlocks: plan.hostBlocks, portBlocks: plan.portBlocks }).toEqual(want);
    const pairs = plan.shards.flatMap((s) => s.hosts.flatMap((h) => s.ports.map((p) => `${h}:${p}`)));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.length).toBe(hosts.length * ports.length);
    for (const s of plan.shards) { expect(s.hosts.length * s.ports.length).toBeLessThanOrEqual(Math.max(budget, ports.length)); }
    // a host is in one host block only
    const blockOf = new Map<string, number>();
    for (const s of plan.shards) { for (const h of s.hosts) { expect(blockOf.get(h) ?? s.hostBlock).toBe(s.hostBlock); blockOf.set(h, s.hostBlock); } }
  });

  it('gives the same ids for the same work, different ids for different work', () => {
    expect(planShards(hosts, ports, 300).shards.map((s) => s.id)).toEqual(planShards(hosts, ports, 300).shards.map((s) => s.id));
    expect(planShards(hosts.slice(1), ports, 300).shards[0]?.id).not.toBe(planShards(hosts, ports, 300).shards[0]?.id);
  });

  it('sizes shards from the rate, and writes compact port lists', () => {
    expect(shardBudget(undefined, 0)).toBe(4096);
    expect(shardBudget(undefined, 100)).toBe(400);
    expect(shardBudget(77, 100)).toBe(77);
    expect(portList([80, 22, 23, 24, 443, 8080, 8081])).toBe('22-24,80,443,8080-8081');
  });
});

describe('mergeHosts', () => {
  it('joins one host\'s port blocks', () => {
    const part = (state: 'up' | 'down', port: number): HostResult => ({ address: '10.0.0.1', hostnames: [], state, reason: 'syn-ack', counts: { open: port > 0 ? 1 : 0, closed: 5, filtered: 0, 'open|filtered': 0 }, ports: port > 0 ? [{ port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'http', method: 'table', confidence: 3 } }] : [] });
    const m = mergeHosts([part('up', 8080), part('down', 0), part('up', 80)]);
    expect(m.state).toBe('up');
    expect(m.ports.map((p) => p.port)).toEqual([80, 8080]);
    expect(m.counts).toEqual({ open: 2, closed: 15, filtered: 0, 'open|filtered': 0 });
  });
});

describe('hostRanges', () => {
  it('carries a block of consecutive addresses as one range, and expands it back in order', () => {
    const block = Array.from({ length: 4096 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    expect(hostRanges(block)).toEqual(['10.1.0.0-10.1.15.255']);
    expect(expandHostRanges(hostRanges(block))).toEqual(block);
    expect(JSON.stringify(hostRanges(block)).length).toBeLessThan(40);
  });

  it('lets an excluded address end a run and keeps IPv6 and lone addresses as they are', () => {
    const hosts = ['10.0.0.255', '10.0.1.0', '10.0.1.2', '10.0.1.3', '::1', '2001:db8::1', '2001:db8::2', '192.0.2.9'];
    expect(hostRanges(hosts)).toEqual(['10.0.0.255-10.0.1.0', '10.0.1.2-10.0.1.3', '::1', '2001:db8::1', '2001:db8::2', '192.0.2.9']);
    expect(expandHostRanges(hostRanges(hosts))).toEqual(hosts);
    expect(expandHostRanges(['255.255.255.254-255.255.255.255'])).toEqual(['255.255.255.254', '255.255.255.255']);
  });
});

describe('leaseSize', () => {
  it('is what the shard will use soon: the bucket\'s 50 ms, never more than the probes left, never 0', () => {
    expect(bucketCapacity(2000)).toBe(100);
    expect(leaseSize(2000, 6400)).toBe(100);
    expect(leaseSize(10_000_000, 4096)).toBe(4096);
    expect(leaseSize(10_000_000, 37)).toBe(37);
    expect(leaseSize(2000, 0)).toBe(1);
  });
});
