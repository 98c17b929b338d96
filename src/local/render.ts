/** @module local/render — text output of `gatehouse local` and `gatehouse harden` (the JSON output is the objects themselves). */
import type { ExposedPort } from './harden.js';
import { usageText } from './harden.js';
import type { RenderedFirewall } from './firewall/plan.js';
import type { Inventory, Listener } from './types.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function endpoint(l: Listener): string {
  return l.family === 6 ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`;
}

function owner(l: Listener): string {
  if (l.processes.length === 0) { return '?'; }
  return l.processes.map((p) => `${p.name}(${p.pid})`).join(',');
}

function usageShort(l: Listener): string {
  const u = l.usage;
  if (!u) { return '-'; }
  return `${u.verdict} ${u.established}est/${u.connectionsSeen}seen/${u.distinctPeers}peers`;
}

export function inventoryText(inv: Inventory): string {
  const rows: string[][] = [['PROTO', 'LOCAL', 'SCOPE', 'PROCESS', 'USER', 'UNIT/CONTAINER', 'USAGE', 'FLAGS']];
  for (const l of inv.listeners) {
    const p = l.processes[0];
    rows.push([
      l.protocol, endpoint(l), l.scope, owner(l), p?.user ?? l.user ?? '?',
      p?.container !== undefined ? `container ${p.container.slice(0, 12)}` : p?.unit ?? '-',
      usageShort(l), (l.flags ?? []).join(',') || '-',
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.min(40, Math.max(...rows.map((r) => (r[i] ?? '').length)))) ?? [];
  let out = rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join(' ').trimEnd()).join('\n') + '\n';
  const findings = inv.listeners.flatMap((l) => (l.findings ?? []).map((f) => `  [${f.severity}] ${f.id}: ${f.title} — ${f.evidence}`));
  if (findings.length > 0) { out += `\nPolicy findings (${findings.length}):\n${findings.join('\n')}\n`; }
  if (inv.warnings.length > 0) { out += `\nWarnings:\n${inv.warnings.map((w) => `  ${w}`).join('\n')}\n`; }
  const exposed = inv.listeners.filter((l) => l.scope !== 'loopback').length;
  out += `\n${inv.listeners.length} listener(s) on ${inv.hostname} (${exposed} reachable from other hosts), source ${inv.source}\n`;
  return out;
}

export function exposureText(list: readonly ExposedPort[]): string {
  if (list.length === 0) { return 'No port is reachable from other hosts.\n'; }
  const lines = ['Open to other hosts, ranked (close first → keep):'];
  for (const [i, e] of list.entries()) {
    const p = e.processes[0];
    const who = p ? `${p.name} (pid ${p.pid}${p.user !== undefined ? `, ${p.user}` : ''})` : 'owner unknown';
    lines.push(`${String(i + 1).padStart(3)}. ${e.action.toUpperCase().padEnd(5)} ${`${e.port}/${e.protocol}`.padEnd(10)} ${who}; ${usageText(e.usage)}; risk ${e.risk.severity} (${e.risk.method}); ${e.verdict.status}: ${e.verdict.why} [seen by ${e.seenBy.join('+')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export function firewallText(r: RenderedFirewall): string {
  return `\n==== ${r.format} (dry run: nothing applied) ====\n${r.script}`;
}
