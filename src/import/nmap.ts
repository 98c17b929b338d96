/**
 * @module import/nmap — an nmap `-oX` file → a scan document (contract v1). Ports, states and reasons, and the
 * service detection fields of `-sV` (name, product, version, extrainfo, tunnel, method, conf, cpe) are kept;
 * nmap's `method="probed"` maps to ours, `method="table"` (a guess from the port number) stays a guess.
 * Streamed: each `<host>` is mapped when it closes and its XML dropped, so a file of any size imports in memory
 * that follows the hosts and ports kept (capped at MAX_RECORDS), not the file (OS, script and trace output).
 */
import type { HostResult, PortResult, PortState, Protocol, ScanDocument, Service, StateReason } from '../core/types.js';
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors/index.js';
import { child, children, DEFAULT_XML_LIMITS, XmlReader, type XmlElement, type XmlLimits } from './xml.js';

/** Hosts plus ports kept from one file: beyond this the import fails rather than exhaust memory. */
export const MAX_RECORDS = 5_000_000;

/** A streamed file has no byte cap: memory follows the elements held at once (one host's subtree), not the bytes. */
const STREAM_LIMITS: XmlLimits = Object.freeze({ ...DEFAULT_XML_LIMITS, maxBytes: Number.MAX_SAFE_INTEGER });

const STATES: Readonly<Record<string, PortState>> = {
  open: 'open', closed: 'closed', filtered: 'filtered', 'open|filtered': 'open|filtered', unfiltered: 'unknown', 'closed|filtered': 'filtered',
};

const REASONS: Readonly<Record<string, StateReason>> = {
  'syn-ack': 'syn-ack', 'conn-refused': 'conn-refused', reset: 'conn-refused', 'no-response': 'no-response',
  'host-unreach': 'host-unreach', 'net-unreach': 'net-unreach', 'admin-prohibited': 'admin-prohibited',
  'udp-response': 'udp-response', 'port-unreach': 'port-unreach',
};

/**
 * A flat copy of a string kept in the document. V8 keeps substrings as slices of their parent: an attribute value
 * kept as parsed would pin the whole 1 MiB chunk it came from, and with it, in the end, the whole file.
 */
const own = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

const epochIso = (s: string | undefined): string | null => {
  const n = Number(s);
  return s !== undefined && /^\d{1,12}$/.test(s) && Number.isFinite(n) ? new Date(n * 1000).toISOString() : null;
};

function service(el: XmlElement | undefined, port: number, proto: Protocol): Service {
  if (!el) { return { name: 'unknown' }; }
  const a = el.attrs;
  const s: Service = { name: a.name && a.name.length > 0 ? own(a.name) : 'unknown' };
  s.method = a.method === 'probed' ? 'probed' : 'table';
  if (a.product) { s.product = own(a.product); }
  if (a.version) { s.version = own(a.version); }
  const extra = [a.extrainfo, a.ostype ? `ostype ${a.ostype}` : undefined].filter((x): x is string => !!x);
  if (extra.length > 0) { s.extraInfo = own(extra.join('; ')); }
  const conf = Number(a.conf);
  if (a.conf !== undefined && Number.isInteger(conf) && conf >= 0 && conf <= 10) { s.confidence = conf / 10; }
  if (a.tunnel === 'ssl') { s.tls = true; }
  const cpe = child(el, 'cpe')?.text.trim();
  if (cpe) { s.cpe = own(cpe); }
  if (s.method === 'probed') {
    s.evidence = [{ sent: null, received: null, note: `imported from nmap -sV (${port}/${proto}, conf ${a.conf ?? '?'})` }];
  }
  return s;
}

function portResult(el: XmlElement): PortResult | null {
  const proto = el.attrs.protocol;
  const n = Number(el.attrs.portid);
  if ((proto !== 'tcp' && proto !== 'udp') || !Number.isInteger(n) || n < 1 || n > 65535) { return null; } // sctp, ip: not in our contract
  const st = child(el, 'state');
  const state = STATES[st?.attrs.state ?? ''] ?? 'unknown';
  const reason = REASONS[st?.attrs.reason ?? ''] ?? (state === 'open' ? 'syn-ack' : 'error');
  return { port: n, protocol: proto, state, reason, service: service(child(el, 'service'), n, proto) };
}

type Counted = 'open' | 'closed' | 'filtered' | 'open|filtered';
const isCounted = (s: PortState): s is Counted => s === 'open' || s === 'closed' || s === 'filtered' || s === 'open|filtered';

function hostResult(el: XmlElement): HostResult | null {
  const addrs = children(el, 'address');
  const addr = addrs.find((a) => a.attrs.addrtype === 'ipv4' || a.attrs.addrtype === 'ipv6')?.attrs.addr;
  if (!addr) { return null; }
  const statusEl = child(el, 'status');
  const state = statusEl?.attrs.state === 'up' ? 'up' : statusEl?.attrs.state === 'down' ? 'down' : 'unknown';
  const hostnames = [...new Set(children(child(el, 'hostnames') ?? { name: '', attrs: {}, children: [], text: '' }, 'hostname')
    .map((h) => h.attrs.name).filter((n): n is string => !!n).map(own))];
  const portsEl = child(el, 'ports');
  const ports = portsEl ? children(portsEl, 'port').map(portResult).filter((p): p is PortResult => p !== null) : [];
  ports.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
  const counts: Record<Counted, number> = { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 };
  for (const p of ports) { if (isCounted(p.state)) { counts[p.state]++; } }
  for (const x of portsEl ? children(portsEl, 'extraports') : []) {
    const k = STATES[x.attrs.state ?? ''];
    const c = Number(x.attrs.count);
    if (k !== undefined && isCounted(k) && Number.isInteger(c) && c >= 0) { counts[k] += c; }
  }
  return { address: own(addr), hostnames, state, reason: own(statusEl?.attrs.reason ?? 'unknown'), ports, counts };
}

/**
 * Builds a scan document from nmap XML written in chunks: every child of the root is consumed as it closes (a
 * `<host>` is mapped, anything else but `<scaninfo>` and `<runstats>` dropped), so only one host's XML is held.
 */
export class NmapReader {
  private readonly hosts: HostResult[] = [];
  private records = 0;
  private readonly xml: XmlReader;

  constructor(limits: XmlLimits = DEFAULT_XML_LIMITS) {
    this.xml = new XmlReader((el, depth) => this.onClose(el, depth), limits);
  }

  private onClose(el: XmlElement, depth: number): boolean {
    if (depth !== 1) { return false; }
    if (el.name === 'scaninfo' || el.name === 'runstats') { return false; }
    if (el.name === 'host') {
      const h = hostResult(el);
      if (h !== null) {
        this.records += 1 + h.ports.length;
        if (this.records > MAX_RECORDS) { throw new UsageError('GH_ERR_IMPORT', `nmap XML holds more than ${MAX_RECORDS} hosts and ports`); }
        this.hosts.push(h);
      }
    }
    return true;
  }

  write(chunk: string): void { this.xml.write(chunk); }

  /** The document (no findings yet: see import/index.ts). */
  end(): ScanDocument {
    const root = this.xml.end();
    if (root.name !== 'nmaprun') { throw new UsageError('GH_ERR_IMPORT', `not an nmap XML file (root element <${root.name}>)`); }
    const started = epochIso(root.attrs.start) ?? new Date(0).toISOString();
    const finished = epochIso(child(child(root, 'runstats') ?? root, 'finished')?.attrs.time);
    const info = child(root, 'scaninfo');
    const targets = [...new Set(this.hosts.map((h) => h.address))];
    return { version: 1, scan: { started, finished, targets, ports: info?.attrs.services ?? '' }, hosts: this.hosts };
  }
}

/** Parses nmap XML text held in memory into a scan document. */
export function nmapToDocument(xml: string): ScanDocument {
  const r = new NmapReader();
  r.write(xml);
  return r.end();
}

/** Streams an nmap XML file into a scan document, in memory bounded by what is kept (see NmapReader). */
export async function nmapFileToDocument(path: string): Promise<ScanDocument> {
  const r = new NmapReader(STREAM_LIMITS);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) { if (typeof chunk === 'string') { r.write(chunk); } }   // utf8: always strings
  } finally {
    stream.destroy();
  }
  return r.end();
}
