import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { HostResult, ScanDocument } from '../../core/types.js';
import { loadPolicy } from '../policy.js';
import { buildPlan, joinExposure } from '../harden.js';
import type { Inventory } from '../types.js';
import { FIREWALL_FORMATS, renderFirewall } from './index.js';

const FIX = new URL('../../../test/fixtures/local/', import.meta.url);
const GOLDEN = new URL('golden/', FIX);
const UPDATE = process.env.GATEHOUSE_UPDATE_GOLDEN === '1';

function setup() {
  const policy = loadPolicy(new URL('harden-policy.yaml', FIX).pathname);
  const doc = JSON.parse(readFileSync(new URL('harden-scan.json', FIX), 'utf8')) as ScanDocument;
  const inventory = JSON.parse(readFileSync(new URL('harden-inventory.json', FIX), 'utf8')) as Inventory;
  const host = doc.hosts[0] as HostResult;
  const id = { addresses: [host.address], names: [inventory.hostname] };
  const exposed = joinExposure({ policy, id, day: '2026-03-01', host, inventory });
  return { exposed, plan: buildPlan(policy, id, host.address, exposed) };
}

describe('joinExposure: outside-in joined with inside-out', () => {
  it('lists every open port with owner and usage; closes first by risk, then idleness; keeps what the policy needs', () => {
    const { exposed } = setup();
    const row = (e: (typeof exposed)[number]) => [e.port, e.protocol, e.action, e.risk.severity, e.usage?.verdict ?? '-', e.processes[0]?.name ?? '-', e.seenBy.join('+'), e.closeScore];
    expect(exposed.map(row)).toEqual([
      [6379, 'tcp', 'close', 'critical', 'idle', 'redis-server', 'scan+inventory', 48],  // proven finding, idle, not allowed beyond loopback
      [11211, 'tcp', 'close', 'high', 'idle', 'memcached', 'scan+inventory', 38],        // risk by port number
      [5353, 'udp', 'close', 'low', '-', 'avahi-daemon', 'inventory', 15],               // usage unknown (UDP, no window)
      [3000, 'tcp', 'close', 'low', 'used', 'node', 'scan+inventory', 13],               // used: closing it breaks someone
      [8080, 'tcp', 'keep', 'low', 'idle', 'java', 'scan+inventory', 15],                // live accepted risk
      [22, 'tcp', 'keep', 'low', 'used', 'sshd', 'scan+inventory', 10],
      [443, 'tcp', 'keep', 'info', 'used', 'nginx', 'scan+inventory', 0],
    ]);
    expect(exposed[0]?.risk).toMatchObject({ method: 'finding' });
    expect(exposed[1]?.risk).toMatchObject({ method: 'table' });
  });

  it('the plan accepts the policy needs and the accepted risk, drops each observed unneeded port, keeps loopback needs on lo', () => {
    const { plan } = setup();
    expect(plan.accepts.map((r) => `${r.protocol}/${r.ports.lo}-${r.ports.hi} ${Array.isArray(r.from) ? r.from.join(',') : r.from}`)).toEqual([
      'tcp/443-443 everyone', 'tcp/22-22 10.0.0.0/8,fd00::/8', 'udp/60000-60010 192.0.2.0/24', 'tcp/8080-8080 everyone',
    ]);
    expect(plan.drops.map((r) => `${r.protocol}/${r.ports.lo}`)).toEqual(['tcp/6379', 'tcp/11211', 'udp/5353', 'tcp/3000']);
    expect(plan.loopbackOnly).toEqual(['6379/tcp']);
    expect(plan.drops[0]?.explanation).toContain('redis-server (pid 700, user redis, redis-server.service)');
    expect(plan.drops[0]?.explanation).toContain('idle');
  });
});

describe('generators (golden outputs)', () => {
  it.each(FIREWALL_FORMATS)('%s', (format) => {
    const r = renderFirewall(setup().plan, format);
    const file = new URL(`harden-${format}.txt`, GOLDEN);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) { throw new Error(`missing golden ${file.pathname}: run with GATEHOUSE_UPDATE_GOLDEN=1 and review it`); }
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, r.script);
    }
    expect(r.script).toBe(readFileSync(file, 'utf8'));
    // every rule carries an explanation, and every rule appears in the script
    for (const rule of r.rules) {
      expect(rule.explanation.length).toBeGreaterThan(10);
      if (format !== 'aws' && rule.rule !== 'policy drop') { expect(r.script).toContain(rule.rule); }
    }
  });

  it('AWS: valid JSON, only allow rules, sources as CIDRs', () => {
    const r = renderFirewall(setup().plan, 'aws');
    const doc = JSON.parse(r.script) as { IpPermissions: Array<{ FromPort: number; ToPort: number; IpRanges?: Array<{ CidrIp: string }>; Ipv6Ranges?: Array<{ CidrIpv6: string }> }> };
    expect(doc.IpPermissions.map((p) => [p.FromPort, p.ToPort, (p.IpRanges ?? []).map((x) => x.CidrIp), (p.Ipv6Ranges ?? []).map((x) => x.CidrIpv6)])).toEqual([
      [443, 443, ['0.0.0.0/0'], ['::/0']], [22, 22, ['10.0.0.0/8'], ['fd00::/8']], [60000, 60010, ['192.0.2.0/24'], []], [8080, 8080, ['0.0.0.0/0'], ['::/0']],
    ]);
  });
});
