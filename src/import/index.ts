/**
 * @module import — loads the scan a `report` / `explain` / `plan` command is given: a Gatehouse JSON document,
 * an nmap `-oX` file, or a masscan `-oJ` file (detected from the content, or forced with --from-nmap /
 * --from-masscan). Imported scans get the checks that need no live probe (software-eol, from nmap -sV product and
 * version); every other applicable check is marked as not run, on the port and in the grade.
 */
import { open, readFile, stat } from 'node:fs/promises';
import type { ScanDocument } from '../core/types.js';
import { UsageError } from '../errors/index.js';
import { applicableChecks, CHECKS } from '../checks/index.js';
import { softwareEolForPort, SOFTWARE_EOL_ID } from '../checks/software-eol.js';
import { nmapFileToDocument, nmapToDocument } from './nmap.js';
import { masscanToDocument } from './masscan.js';
import { toScanDocument } from '../core/scan-document.js';
import { checkJsonDepth } from '../core/json-depth.js';

export type ImportFormat = 'gatehouse' | 'nmap' | 'masscan';

export interface LoadedScan {
  readonly doc: ScanDocument;
  readonly format: ImportFormat;
  /** Check ids that did not run on at least one port (imports only). */
  readonly notRun: readonly string[];
}

export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Which format a file's text is in. */
export function detectFormat(text: string): ImportFormat {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('<')) { return 'nmap'; }
  if (head.startsWith('[')) { return 'masscan'; }
  return 'gatehouse';
}

/** The first bytes of a file, enough for detectFormat. */
async function head(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Reads and parses a scan file; nmap XML is streamed (no size cap: memory follows what is kept, not the file). */
export async function loadScanFile(path: string, force?: ImportFormat): Promise<LoadedScan> {
  let text: string;
  let nmap: ScanDocument | undefined;
  try {
    if ((force ?? detectFormat(await head(path))) === 'nmap') { nmap = await nmapFileToDocument(path); }
  } catch (err) {
    if (err instanceof UsageError) { throw err; }
    throw new UsageError('GH_ERR_FILE', `cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  if (nmap !== undefined) { return { doc: nmap, format: 'nmap', notRun: applyImportChecks(nmap, 'nmap') }; }
  try {
    const st = await stat(path);
    if (st.size > MAX_INPUT_BYTES) { throw new UsageError('GH_ERR_IMPORT', `"${path}" is larger than ${MAX_INPUT_BYTES} bytes`); }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) { throw err; }
    throw new UsageError('GH_ERR_FILE', `cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  return parseScanText(text, path, force);
}

/** Parses scan text in any supported format; imports run the probe-free checks and record the rest as not run. */
export function parseScanText(text: string, source: string, force?: ImportFormat): LoadedScan {
  const format = force ?? detectFormat(text);
  if (format === 'gatehouse') {
    let raw: unknown;
    try { raw = JSON.parse(text); } catch (err) {
      throw new UsageError('GH_ERR_IMPORT', `${source} is not valid JSON`, { cause: err });
    }
    checkJsonDepth(raw, source); // before the schema and the grading walk it recursively
    const doc = toScanDocument(raw, source);
    return { doc, format, notRun: notRunIds(doc) };
  }
  const doc = format === 'nmap' ? nmapToDocument(text) : masscanToDocument(text);
  return { doc, format, notRun: applyImportChecks(doc, format) };
}

/** Check ids a scan recorded as not run on some port (`ports[].checksNotRun`, set by the checks stage). */
export function notRunIds(doc: ScanDocument): string[] {
  const ids = new Set<string>();
  for (const h of doc.hosts) { for (const p of h.ports) { for (const c of p.checksNotRun ?? []) { ids.add(c.id); } } }
  return [...ids].sort();
}

/**
 * Runs software-eol on imported ports (dated by the scan's own finish date, so a re-import grades alike) and marks
 * every other applicable check as not run. Returns the ids not run.
 */
export function applyImportChecks(doc: ScanDocument, format: ImportFormat): string[] {
  const today = (doc.scan.finished ?? doc.scan.started).slice(0, 10);
  const notRun = new Set<string>();
  const reason = `imported from ${format}: this check needs a live probe`;   // one string shared by every entry
  for (const h of doc.hosts) {
    for (const p of h.ports) {
      const eol = softwareEolForPort(p, today);
      if (eol.length > 0) { p.findings = [...(p.findings ?? []), ...eol]; }
      for (const c of applicableChecks(p)) {
        if (c.id === SOFTWARE_EOL_ID) { continue; }
        notRun.add(c.id);
        (p.checksNotRun ??= []).push({ id: c.id, reason });
      }
    }
  }
  // masscan identifies no service: no check could run on any port, software-eol included.
  if (format === 'masscan' && doc.hosts.some((h) => h.ports.some((p) => p.state === 'open'))) { for (const c of CHECKS) { notRun.add(c.id); } }
  return [...notRun].sort();
}

export interface InputOptions { readonly fromNmap?: string; readonly fromMasscan?: string; readonly db?: string }

/** `@12` or `@last`: a scan from the history store (`--db`, else `$GATEHOUSE_DB` or the default file), by id or the newest. */
export const STORED_SCAN = /^@(\d+|last)$/;

async function loadStoredScan(ref: string, db: string | undefined): Promise<LoadedScan> {
  const { openStoreChecked } = await import('../store/open-checked.js');
  const { defaultDbPath } = await import('../store/path.js');
  const store = await openStoreChecked(db ?? defaultDbPath(process.env));
  try {
    const which = ref.slice(1);
    const id = which === 'last' ? (await store.listScans(1))[0]?.id : Number(which);
    const doc = id === undefined ? null : await store.getScan(id);
    if (!doc) { throw new UsageError('GH_ERR_EMPTY_INPUT', `no stored scan ${ref} (see gatehouse history)`); }
    return { doc, format: 'gatehouse', notRun: notRunIds(doc) };
  } finally {
    await store.close();
  }
}

/** The one scan a command reads: a positional file or stored scan (`@ID`, `@last`), or --from-nmap / --from-masscan (exactly one). */
export async function loadInput(file: string | undefined, opts: InputOptions): Promise<LoadedScan> {
  const given = [file, opts.fromNmap, opts.fromMasscan].filter((x) => x !== undefined);
  if (given.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'give a scan file (gatehouse scan --json output), --from-nmap FILE or --from-masscan FILE'); }
  if (given.length > 1) { throw new UsageError('GH_ERR_OPTION', 'give one input: a scan file, --from-nmap FILE or --from-masscan FILE'); }
  if (opts.fromNmap !== undefined) { return loadScanFile(opts.fromNmap, 'nmap'); }
  if (opts.fromMasscan !== undefined) { return loadScanFile(opts.fromMasscan, 'masscan'); }
  if (opts.db !== undefined && !STORED_SCAN.test(file!)) { throw new UsageError('GH_ERR_OPTION', '--db reads a stored scan: give @ID or @last'); }
  return STORED_SCAN.test(file!) ? loadStoredScan(file!, opts.db) : loadScanFile(file!);
}
