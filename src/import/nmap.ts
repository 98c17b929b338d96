/**
 * @module import/nmap — an nmap `-oX` file → a scan document (contract v1). Ports, states and reasons, and the
 * service detection fields of `-sV` (name, product, version, extrainfo, tunnel, method, conf, cpe) are kept;
 * nmap's `method="probed"` maps to ours, `method="table"` (a guess from the port number) stays a guess.
 */
import type { HostResult, PortResult, PortState, Protocol, ScanDocument, Service, StateReason } from '../core/types.js';
import { UsageError } from '../errors/index.js';
import { child, children, parseXml, type XmlElement } from './xml.js';

const STATES: Readonly<Record<string, PortState>> = {
  open: 'open', closed: 'closed', filtered: 'filtered', 'open|filtered': 'open|filtered', unfiltered: 'unknown', 'closed|filtered': 'filtered',
};

const REASONS: Readonly<Record<string, StateReason>> = {
  'syn-ack': 'syn-ack', 'conn-refused': 'conn-refused', reset: 'conn-refused', 'no-response': 'no-response',
  'host-unreach': 'host-unreach', 'net-unreach': 'net-unreach', 'admin-prohibited': 'admin-prohibited',
  'udp-response': 'udp-response', 'port-unreach': 'port-unreach',
};

const epochIso = (s: string | undefined): string | null => {
  const n = Number(s);
  return s !== undefined && /^\d{1,12}$/.test(s) && Number.isFinite(n) ? new Date(n * 1000).toISOString() : null;
};

function service(el: XmlElement | undefined, port: number, proto: Protocol): Service {
  if (!el) { return { name: 'unknown' }; }
  const a = el.attrs;
  const s: Service = { name: a.name && a.name.length > 0 ? a.name : 'unknown' };
  s.method = a.method === 'probed' ? 'probed' : 'table';
  if (a.product) { s.product = a.product; }
  if (a.version) { s.version = a.version; }
  const extra = [a.extrainfo, a.ostype ? `ostype ${a.ostype}` : undefined].filter((x): x is string => !!x);
  if (extra.length > 0) { s.extraInfo = extra.join('; '); }
  const conf = Number(a.conf);
  if (a.conf !== undefined && Number.isInteger(conf) && conf >= 0 && conf <= 10) { s.confidence = conf / 10; }
  if (a.tunnel === 'ssl') { s.tls = true; }
  const cpe = child(el, 'cpe')?.text.trim();
  if (cpe) { s.cpe = cpe; }
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

function hostResult(el: XmlElement): HostResult | null {
  const addrs = children(el, 'address');
  const addr = addrs.find((a) => a.attrs.addrtype === 'ipv4' || a.attrs.addrtype === 'ipv6')?.attrs.addr;
  if (!addr) { return null; }
  const statusEl = child(el, 'status');
  const state = statusEl?.attrs.state === 'up' ? 'up' : statusEl?.attrs.state === 'down' ? 'down' : 'unknown';
  const hostnames = [...new Set(children(child(el, 'hostnames') ?? { name: '', attrs: {}, children: [], text: '' }, 'hostname')
    .map((h) => h.attrs.name).filter((n): n is string => !!n))];
  const portsEl = child(el, 'ports');
  const ports = portsEl ? children(portsEl, 'port').map(portResult).filter((p): p is PortResult => p !== null) : [];
  ports.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
  const counts = { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 };
  for (const p of ports) { if (p.state in counts) { counts[p.state as keyof typeof counts]++; } }
  for (const x of portsEl ? children(portsEl, 'extraports') : []) {
    const k = STATES[x.attrs.state ?? ''];
    const c = Number(x.attrs.count);
    if (k && k in counts && Number.isInteger(c) && c >= 0) { counts[k as keyof typeof counts] += c; }
  }
  return { address: addr, hostnames, state, reason: statusEl?.attrs.reason ?? 'unknown', ports, counts };
}

/** Parses nmap XML text into a scan document (no findings yet: see import/index.ts). */
export function nmapToDocument(xml: string): ScanDocument {
  const root = parseXml(xml);
  if (root.name !== 'nmaprun') { throw new UsageError('GH_ERR_IMPORT', `not an nmap XML file (root element <${root.name}>)`); }
  const started = epochIso(root.attrs.start) ?? new Date(0).toISOString();
  const finished = epochIso(child(child(root, 'runstats') ?? root, 'finished')?.attrs.time);
  const hosts = children(root, 'host').map(hostResult).filter((h): h is HostResult => h !== null);
  const info = child(root, 'scaninfo');
  const targets = [...new Set(hosts.map((h) => h.address))];
  return { version: 1, scan: { started, finished, targets, ports: info?.attrs.services ?? '' }, hosts };
}
