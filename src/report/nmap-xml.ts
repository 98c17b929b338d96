/** @module report/nmap-xml — nmap-compatible XML (`-oX`), enough for tools that ingest nmap's nmaprun format. */
import type { HostResult, PortSpec, ScanMeta, Service } from '../core/types.js';
import { compressPorts } from '../core/ports.js';

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const epoch = (iso: string | null): number => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

export function xmlHeader(meta: ScanMeta, args: string, ports: PortSpec): string {
  const info: string[] = [];
  if (ports.tcp.length > 0) { info.push(`<scaninfo type="connect" protocol="tcp" numservices="${ports.tcp.length}" services="${xmlEscape(compressPorts(ports.tcp))}"/>`); }
  if (ports.udp.length > 0) { info.push(`<scaninfo type="udp" protocol="udp" numservices="${ports.udp.length}" services="${xmlEscape(compressPorts(ports.udp))}"/>`); }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<nmaprun scanner="gatehouse" args="${xmlEscape(args)}" start="${epoch(meta.started)}" startstr="${xmlEscape(meta.started)}" version="1" xmloutputversion="1.05">`,
    ...info,
    '',
  ].join('\n');
}

/** nmap's <service>: probed services carry product/version/extrainfo, conf 0–10, tunnel="ssl" and a <cpe>. */
export function serviceXml(s: Service): string {
  if (s.method !== 'probed') { return `<service name="${xmlEscape(s.name)}" method="table" conf="3"/>`; }
  const attr = (k: string, v: string | undefined): string => (v !== undefined && v !== '' ? ` ${k}="${xmlEscape(v)}"` : '');
  const conf = Math.round((s.confidence ?? 0) * 10);
  const head = `<service name="${xmlEscape(s.name)}"${attr('product', s.product)}${attr('version', s.version)}${attr('extrainfo', s.extraInfo)}${s.tls === true ? ' tunnel="ssl"' : ''} method="probed" conf="${conf}"`;
  return s.cpe !== undefined ? `${head}><cpe>${xmlEscape(s.cpe)}</cpe></service>` : `${head}/>`;
}

/** nmap's `<os>` element from an inferred OS (accuracy in percent; osfamily as nmap spells it). */
export function osXml(os: NonNullable<HostResult['os']>): string {
  const family = { linux: 'Linux', windows: 'Windows', macos: 'Mac OS X', bsd: 'FreeBSD', 'network-device': os.name.split(' ')[0] ?? 'embedded' }[os.family];
  const type = os.family === 'network-device' ? 'router' : 'general purpose';
  const acc = Math.round(os.confidence * 100);
  const name = `${os.name}${os.version ? ` ${os.version}` : ''}`;
  return `<os><osmatch name="${xmlEscape(name)}" accuracy="${acc}" line="0"><osclass type="${type}" osfamily="${xmlEscape(family)}"` +
    `${os.version ? ` osgen="${xmlEscape(os.version)}"` : ''} accuracy="${acc}"/></osmatch></os>`;
}

export function xmlHost(h: HostResult, meta: ScanMeta): string {
  const family = h.address.includes(':') ? 'ipv6' : 'ipv4';
  const out: string[] = [`<host starttime="${epoch(meta.started)}" endtime="${Math.floor(Date.now() / 1000)}">`];
  out.push(`<status state="${h.state === 'up' ? 'up' : 'down'}" reason="${xmlEscape(h.reason || 'unknown')}" reason_ttl="0"/>`);
  out.push(`<address addr="${xmlEscape(h.address)}" addrtype="${family}"/>`);
  out.push('<hostnames>' + h.hostnames.map((n) => `<hostname name="${xmlEscape(n)}" type="user"/>`).join('') + '</hostnames>');
  if (h.state === 'up') {
    out.push('<ports>');
    if (h.counts.closed > 0 && !h.ports.some((p) => p.state === 'closed')) {
      out.push(`<extraports state="closed" count="${h.counts.closed}"><extrareasons reason="conn-refused" count="${h.counts.closed}"/></extraports>`);
    }
    for (const p of h.ports) {
      out.push(`<port protocol="${p.protocol}" portid="${p.port}"><state state="${p.state}" reason="${xmlEscape(p.reason)}" reason_ttl="0"/>` +
        `${serviceXml(p.service)}</port>`);
    }
    out.push('</ports>');
    if (h.os) { out.push(osXml(h.os)); }
  }
  out.push('</host>', '');
  return out.join('\n');
}

export function xmlFooter(meta: ScanMeta, up: number, down: number): string {
  const end = meta.finished ?? new Date().toISOString();
  const elapsed = ((Date.parse(end) - Date.parse(meta.started)) / 1000).toFixed(2);
  return `<runstats><finished time="${epoch(end)}" timestr="${xmlEscape(end)}" elapsed="${elapsed}" exit="${meta.interrupted ? 'error' : 'success'}"/>` +
    `<hosts up="${up}" down="${down}" total="${up + down}"/></runstats>\n</nmaprun>\n`;
}
