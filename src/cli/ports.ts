/**
 * @module cli/ports — `gatehouse ports 23 | redis | 6379/udp`: for each port, the IANA registration (name,
 * description) and the risk catalogue entry (why attackers target it, how to secure it, severity, checks,
 * references). A bad port or an unknown name is a UsageError (one line, exit 2).
 */
import type { Protocol } from '../core/types.js';
import { UsageError } from '../errors/index.js';
import { serviceNames } from '../knowledge/services.js';
import { riskForService, risksForPort, type Risk } from '../knowledge/catalogue.js';
import type { CliIO } from './commands/io.js';

export interface PortInfo {
  port: number;
  protocol: Protocol;
  iana: { name: string; description: string } | null;
  risks: Risk[];
}

function info(port: number, protocol: Protocol, extra?: Risk): PortInfo {
  const reg = serviceNames()[protocol][port];
  const risks = risksForPort(port, protocol);
  if (extra !== undefined && !risks.includes(extra)) { risks.push(extra); }
  return { port, protocol, iana: reg ? { name: reg[0], description: reg[1] } : null, risks };
}

/** Resolve one query to the ports it names. Throws UsageError on a bad port or unknown name. */
export function lookup(query: string): PortInfo[] {
  const q = query.trim().toLowerCase();
  const num = /^(\d+)(?:\/(tcp|udp))?$/.exec(q);
  if (num) {
    const port = Number(num[1]);
    if (port < 1 || port > 65535) { throw new UsageError('GH_ERR_PORT_SYNTAX', `port out of range (1-65535): ${query}`); }
    if (num[2] !== undefined) { return [info(port, num[2] as Protocol)]; }
    const both = (['tcp', 'udp'] as const).map((p) => info(port, p)).filter((i) => i.iana !== null || i.risks.length > 0);
    return both.length > 0 ? both : [info(port, 'tcp')];
  }
  const named = /^([a-z0-9][a-z0-9._+-]{0,62})(?:\/(tcp|udp))?$/.exec(q);
  if (!named) { throw new UsageError('GH_ERR_PORT_SYNTAX', `not a port or service name: ${query}`); }
  const name = named[1] as string;
  const only = named[2] as Protocol | undefined;
  const risk = riskForService(name);
  const found = new Map<string, PortInfo>();
  const reg = serviceNames();
  for (const protocol of ['tcp', 'udp'] as const) {
    if (only !== undefined && only !== protocol) { continue; }
    for (const [p, entry] of Object.entries(reg[protocol])) {
      if (entry[0] === name) { found.set(`${p}/${protocol}`, info(Number(p), protocol, risk)); }
    }
  }
  for (const ref of risk?.ports ?? []) {
    const [p, protocol] = ref.split('/') as [string, Protocol];
    if ((only === undefined || only === protocol) && !found.has(ref)) { found.set(ref, info(Number(p), protocol, risk)); }
  }
  if (found.size === 0) {
    const known = only !== undefined && (risk !== undefined || (['tcp', 'udp'] as const).some((p) => Object.values(reg[p]).some((e) => e[0] === name)));
    throw new UsageError('GH_ERR_UNKNOWN_SERVICE', known ? `${name} has no ${only ?? ''} port registered: ${query}` : `unknown service name: ${query}`);
  }
  return [...found.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

export function formatPortInfo(i: PortInfo): string {
  const lines = [`${i.port}/${i.protocol}  ${i.iana ? `${i.iana.name} — ${i.iana.description || '(no description)'}` : 'not registered with IANA'}`];
  for (const r of i.risks) {
    const reachable = r.reachable !== undefined && r.reachable !== r.severity ? `; ${r.reachable} when merely reachable` : '';
    lines.push(`  Risk: ${r.title} (${r.severity}${reachable})`, `  Why: ${r.why}`, '  Secure it:');
    for (const s of r.secure) { lines.push(`    - ${s}`); }
    if (r.checks.length > 0) { lines.push(`  Checks: ${r.checks.join(', ')}`); }
    lines.push('  References:');
    for (const u of r.references) { lines.push(`    ${u}`); }
  }
  if (i.risks.length === 0) { lines.push('  No entry in the risk catalogue.'); }
  return lines.join('\n');
}

export function runPorts(queries: readonly string[], opts: { json: boolean }, io: CliIO): number {
  const seen = new Set<string>();
  const all: PortInfo[] = [];
  for (const q of queries) {
    for (const i of lookup(q)) {
      const key = `${i.port}/${i.protocol}`;
      if (!seen.has(key)) { seen.add(key); all.push(i); }
    }
  }
  io.stdout.write(opts.json ? `${JSON.stringify({ source: serviceNames().source, ports: all }, null, 2)}\n` : `${all.map(formatPortInfo).join('\n\n')}\n`);
  return 0;
}
