/** @module report/table — human output: a block per host (port, state, service), and plain lines for pipes. */
import type { Finding, HostResult, NotRunEntry, PortResult } from '../core/types.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';

function countsLine(h: HostResult): string {
  const parts: string[] = [];
  if (h.counts.closed > 0) { parts.push(`${h.counts.closed} closed`); }
  if (h.counts.filtered > 0) { parts.push(`${h.counts.filtered} filtered`); }
  return parts.length > 0 ? `Not shown: ${parts.join(', ')}` : '';
}

function hostTitle(h: HostResult): string {
  const names = h.hostnames.length > 0 ? ` (${h.hostnames.join(', ')})` : '';
  return `${h.address}${names} is ${h.state}${h.reason ? ` (${h.reason})` : ''}`;
}

/** "OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)": what service detection proved, '' when nothing. */
export function versionText(p: PortResult): string {
  const s = p.service;
  const main = [s.product, s.version].filter((x) => x !== undefined && x !== '').join(' ');
  return [main, s.extraInfo !== undefined && s.extraInfo !== '' ? `(${s.extraInfo})` : ''].filter((x) => x !== '').join(' ');
}


/** Most severe first; ties keep the checks' order. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** Self-scan: "local only redis-server" / "all interfaces sshd" (docs/local.md § Self-scan). */
export function listenerText(p: PortResult): string {
  if (p.local === undefined) { return ''; }
  const where = p.local.bindScope === 'loopback' ? 'local only' : p.local.bindScope === 'all' ? 'all interfaces' : p.local.bound.join(',');
  return [where, ...new Set(p.local.processes.map((x) => x.name))].join(' ');
}

/** A finished host as an aligned table. */
export function hostTable(h: HostResult, shown: (p: PortResult) => boolean = () => true): string {
  const withVersion = h.ports.some((p) => shown(p) && versionText(p) !== '');
  const withLocal = h.ports.some((p) => shown(p) && p.local !== undefined);
  const rows = h.ports.filter(shown).map((p) => [`${p.port}/${p.protocol}`, p.state, p.service.name, p.reason, ...(withLocal ? [listenerText(p)] : []), ...(withVersion ? [versionText(p)] : [])]);
  const lines = [hostTitle(h)];
  if (h.state !== 'down') {
    const c = countsLine(h);
    if (c) { lines.push(c); }
    if (h.os) { lines.push(`OS: ${h.os.name}${h.os.version ? ` ${h.os.version}` : ''} (${h.os.family}, confidence ${h.os.confidence}) — ${h.os.evidence[0] ?? ''}`); }
    const ca = h.catchAll;
    if (ca) { lines.push(`Catch-all: ${ca.ports} open ports answer alike (${ca.behaviour.slice(0, 60)}); port ${ca.representative} stands for them; ${ca.different} port(s) answer differently`); }
    if (rows.length > 0) {
      const head = ['PORT', 'STATE', 'SERVICE', 'REASON', ...(withLocal ? ['LISTENER'] : []), ...(withVersion ? ['VERSION'] : [])];
      const all = [head, ...rows];
      const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
      const shownPorts = h.ports.filter(shown);
      all.forEach((r, k) => {
        lines.push(r.map((c2, i) => c2.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
        const sp = k > 0 ? shownPorts[k - 1] : undefined;
        const localOnly = sp?.local?.reach === 'local' ? '  (reachable only from this machine)' : '';
        for (const f of bySeverity(sp?.findings ?? [])) { lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.id}  ${f.title}${localOnly}`); }
        for (const e of errorsOf(sp)) { lines.push(`  ${'ERROR'.padEnd(8)} ${e.id}  ${e.code ?? 'GH_ERR_INTERNAL'}: ${e.message ?? ''}`.trimEnd()); }
      });
    } else if (h.counts.open === 0) {
      lines.push('No open ports.');
    }
  }
  return lines.join('\n') + '\n\n';
}

/** The errors recorded on a port (checksNotRun entries with reason 'error'). */
function errorsOf(p: PortResult | undefined): NotRunEntry[] {
  return (p?.checksNotRun ?? []).filter((e) => e.reason === 'error');
}

/**
 * One grep-friendly line per reported port (non-TTY output), written as soon as it is found; then one line per
 * error recorded on it: `ADDRESS  PORT/PROTO  error  ID  CODE: message`.
 */
export function plainPortLine(h: HostResult, p: PortResult): string {
  const errors = errorsOf(p).map((e) => `${h.address}\t${p.port}/${p.protocol}\terror\t${e.id}\t${e.code ?? 'GH_ERR_INTERNAL'}: ${e.message ?? ''}\n`);
  return `${h.address}\t${p.port}/${p.protocol}\t${p.state}\t${p.service.name}\t${p.reason}\n${errors.join('')}`;
}

export function plainHostLine(h: HostResult): string {
  return `${h.address}\thost\t${h.state}\t${h.reason}\topen=${h.counts.open} closed=${h.counts.closed} filtered=${h.counts.filtered}\n`;
}
