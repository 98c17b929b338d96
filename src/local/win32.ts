/**
 * @module local/win32 — Windows adapters (parsers of recorded output; nothing runs here):
 * - `netstat -ano`: `Proto  Local Address  Foreign Address  State  PID`; UDP rows have no State. TCP listeners are
 *   told by a foreign address of `0.0.0.0:0` / `[::]:0` (the State word is localised: LISTENING, ABHÖREN, …);
 *   UDP rows with foreign `*:*` are unconnected sockets.
 * - `tasklist /fo csv`: `"Image Name","PID",…` (headers localised: columns are taken by position) → pid → image.
 * - `Get-NetTCPConnection` default table output (fixed-width columns under a dashed line; PowerShell cuts long
 *   values with `…`), or its `| ConvertTo-Json` form (State as the enum number, 2 = Listen, or as text).
 */
import { bindScope } from './procnet.js';
import { splitHostPort } from './darwin.js';
import type { Inventory, Listener } from './types.js';
import { UsageError } from '../errors/index.js';

function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

function listener(protocol: 'tcp' | 'udp', address: string, port: number, pid: number, images: ReadonlyMap<number, string>): Listener {
  const addr = address.toLowerCase();
  const name = images.get(pid) ?? (pid === 4 ? 'System' : `pid ${pid}`);
  return { protocol, address: addr, family: familyOf(addr), port, scope: bindScope(addr), processes: [{ pid, name }] };
}

function sorted(ls: Listener[]): Listener[] {
  return ls.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.address.localeCompare(b.address));
}

/** Splits one CSV line (RFC 4180 quoting: "" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') { quoted = false; } else { cur += c; }
    } else if (c === '"') { quoted = true; } else if (c === ',') { out.push(cur); cur = ''; } else { cur += c; }
  }
  out.push(cur);
  return out;
}

/** `tasklist /fo csv` → pid → image name. */
export function parseTasklistCsv(text: string): Map<number, string> {
  const images = new Map<number, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length === 0 || splitCsvLine(lines[0] as string).length < 2) { throw new UsageError('GH_ERR_LOCAL_INPUT', 'tasklist output: not CSV (use tasklist /fo csv)'); }
  for (const line of lines.slice(1)) {
    const f = splitCsvLine(line);
    const pid = Number(f[1]);
    if (f.length >= 2 && /^\d+$/.test(f[1] ?? '') && (f[0] ?? '') !== '') { images.set(pid, f[0] as string); }
  }
  return images;
}

/** Strips a zone index (`fe80::1%12`) the way the address is printed. */
function ep(text: string): { address: string; port: number } | null {
  const r = splitHostPort(text.replace(/%\d+\]/, ']'), familyOf(text));
  return r;
}

/** `netstat -ano` (+ tasklist images) → listeners. */
export function parseNetstat(text: string, images: ReadonlyMap<number, string>, hostname: string, now: Date = new Date()): Inventory {
  const listeners: Listener[] = [];
  const warnings: string[] = [];
  let rows = 0;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const f = raw.trim().split(/\s+/);
    if (f[0] !== 'TCP' && f[0] !== 'UDP') { continue; }
    rows++;
    const protocol = f[0] === 'TCP' ? 'tcp' : 'udp';
    const local = ep(f[1] ?? '');
    const foreign = f[2] ?? '';
    const pid = Number(f[f.length - 1]);
    if (!local || !Number.isInteger(pid) || (protocol === 'tcp' ? f.length !== 5 : f.length !== 4)) { warnings.push(`netstat line ${i + 1}: cannot read "${raw.trim()}"`); continue; }
    const isListen = protocol === 'tcp' ? foreign === '0.0.0.0:0' || foreign === '[::]:0' : foreign === '*:*';
    if (isListen) { listeners.push(listener(protocol, local.address, local.port, pid, images)); }
  }
  if (rows === 0 && !/Proto\s+Local Address/i.test(text)) { throw new UsageError('GH_ERR_LOCAL_INPUT', 'netstat output: no TCP/UDP rows (use netstat -ano)'); }
  return { version: 1, source: 'netstat', hostname, taken: now.toISOString(), listeners: sorted(listeners), warnings };
}

const LISTEN_STATES = new Set(['listen', '2']);

/** A JSON or table cell as text: strings and numbers as written, anything else empty. */
function scalar(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function fromJson(text: string): Array<Record<string, unknown>> {
  let v: unknown;
  try { v = JSON.parse(text.replace(/^\uFEFF/, '')); } catch (err) {
    throw new UsageError('GH_ERR_LOCAL_INPUT', `Get-NetTCPConnection JSON: ${(err as Error).message}`, { cause: err });
  }
  const rows = Array.isArray(v) ? v : [v];
  return rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}

/** Fixed-width table → rows keyed by header, column starts taken from the dashed underline. */
function fromTable(text: string): Array<Record<string, unknown>> {
  const lines = text.split(/\r?\n/);
  const dashAt = lines.findIndex((l) => /^-+(\s+-+)+\s*$/.test(l));
  const header = lines[dashAt - 1];
  if (dashAt < 1 || header === undefined) { throw new UsageError('GH_ERR_LOCAL_INPUT', 'Get-NetTCPConnection output: no header with a dashed underline (or give | ConvertTo-Json)'); }
  const starts: number[] = [];
  const dashes = lines[dashAt] as string;
  for (let i = 0; i < dashes.length; i++) { if (dashes[i] === '-' && (i === 0 || dashes[i - 1] === ' ')) { starts.push(i); } }
  const names = starts.map((s, k) => header.slice(s, starts[k + 1]).trim());
  const rows: Array<Record<string, unknown>> = [];
  for (const line of lines.slice(dashAt + 1)) {
    if (line.trim() === '') { continue; }
    const row: Record<string, unknown> = {};
    names.forEach((n, k) => { row[n] = line.slice(starts[k], starts[k + 1]).trim(); });
    rows.push(row);
  }
  return rows;
}

/** `Get-NetTCPConnection` (table or JSON) → TCP listeners. */
export function parseGetNetTcpConnection(text: string, images: ReadonlyMap<number, string>, hostname: string, now: Date = new Date()): Inventory {
  const trimmed = text.trim().replace(/^\uFEFF/, '');
  const rows = trimmed.startsWith('[') || trimmed.startsWith('{') ? fromJson(trimmed) : fromTable(text);
  const listeners: Listener[] = [];
  const warnings: string[] = [];
  for (const [i, r] of rows.entries()) {
    if (!LISTEN_STATES.has(scalar(r.State).toLowerCase())) { continue; }
    const address = scalar(r.LocalAddress);
    const port = Number(r.LocalPort);
    const pid = Number(r.OwningProcess);
    if (address === '' || address.includes('…') || address.endsWith('...') || !Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(pid)) {
      warnings.push(`Get-NetTCPConnection row ${i + 1}: cannot read (address cut by the table width? use | ConvertTo-Json)`);
      continue;
    }
    listeners.push(listener('tcp', address.replace(/%\d+$/, ''), port, pid, images));
  }
  return { version: 1, source: 'get-nettcpconnection', hostname, taken: now.toISOString(), listeners: sorted(listeners), warnings };
}
