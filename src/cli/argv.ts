/** @module cli/argv — accepts nmap's multi-letter short flags by rewriting them to long options before commander parses. */
import { UsageError } from '../errors/index.js';

const NMAP_FLAGS: Readonly<Record<string, string[]>> = {
  '-iL': ['--input-list'],
  '-oX': ['--output-xml'],
  '-Pn': ['--no-ping'],
  '-sT': [],           // TCP connect is the default scan
  '-sU': ['--udp'],    // UDP scan (src/engine/udp-scan.ts)
  '-n': [],            // Gatehouse never does reverse DNS
  '-p-': ['--ports', '-'],
};

const UNSUPPORTED: Readonly<Record<string, string>> = {
  '-sS': 'SYN scanning needs raw sockets; Gatehouse scans with unprivileged TCP connect (drop -sS)',
  '-O': 'OS detection is not supported',
};

export function normaliseArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const why = UNSUPPORTED[a];
    if (why !== undefined) { throw new UsageError('GH_ERR_OPTION', `unsupported option '${a}': ${why}`); }
    const mapped = NMAP_FLAGS[a];
    if (mapped !== undefined) { out.push(...mapped); continue; }
    // -p22,80 / -p- written without a space
    if (/^-p[0-9TU\-,]/.test(a) && a.length > 2) { out.push('--ports', a.slice(2)); continue; }
    out.push(a);
  }
  return out;
}

export { intOption } from '../core/command.js';
