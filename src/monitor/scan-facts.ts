/**
 * @module monitor/scan-facts — a stored scan as the monitor needs it, read from the narrow columns (hosts, ports,
 * findings) instead of parsing every host's full JSON document: ports with service name/product/version, findings
 * with id/severity/title (no evidence), the host grade the scan stored. Enough for the lifecycle, the diff and the
 * grade's score (docs/scoring.md § 2 ranks repeats by port and title first; evidence only breaks a tie between two
 * findings of one id on one port). Hostnames are not in the columns: callers that match groups by hostname read
 * the full documents instead (store.getScan).
 *
 * `withPorts: false` (ingest) skips the ports table: each host gets only the ports its findings name (state `open`,
 * service `unknown`, reason `stored`), which is all the finding lifecycle and the grades read — a port without
 * findings adds nothing to a score, and the narrow columns never held `local` or checks-not-run anyway.
 */
import type { Kysely } from 'kysely';
import type { Grade, Letter } from '../core/grade.js';
import type { Finding, HostResult, HostState, PortResult, PortState, Protocol, ScanDocument, ScanMeta, Severity, StateReason } from '../core/types.js';
import type { Database } from '../store/schema.js';

const CHUNK = 1000;

/** Hosts of one stored scan (all, or those named), light. */
export async function loadHosts(db: Kysely<Database>, scanId: number, only?: readonly string[], withPorts = true): Promise<HostResult[]> {
  const parts = only === undefined ? [undefined] : chunk(only);
  const out: HostResult[] = [];
  for (const part of parts) {
    if (part !== undefined && part.length === 0) { continue; }
    let hq = db.selectFrom('hosts').select(['address', 'state', 'open_ports', 'score', 'letter']).where('scan_id', '=', scanId);
    let pq = db.selectFrom('ports').select(['address', 'port', 'protocol', 'state', 'service', 'product', 'version']).where('scan_id', '=', scanId);
    let fq = db.selectFrom('findings').select(['address', 'port', 'protocol', 'finding_id', 'severity', 'title']).where('scan_id', '=', scanId);
    if (part !== undefined) { hq = hq.where('address', 'in', part); pq = pq.where('address', 'in', part); fq = fq.where('address', 'in', part); }
    const [hosts, ports, findings] = [await hq.execute(), withPorts ? await pq.execute() : [], await fq.execute()];
    const byHost = new Map<string, HostResult>();
    for (const h of hosts) {
      const hr: HostResult = { address: h.address, hostnames: [], state: h.state as HostState, reason: 'stored', ports: [], counts: { open: Number(h.open_ports), closed: 0, filtered: 0, 'open|filtered': 0 } };
      if (h.score !== null && h.letter !== null) { hr.grade = { score: Number(h.score), letter: h.letter as Letter, factors: [], deductions: [] } satisfies Grade; }
      byHost.set(h.address, hr);
      out.push(hr);
    }
    const portOf = new Map<string, PortResult>();
    for (const p of ports) {
      const pr: PortResult = { port: Number(p.port), protocol: p.protocol as Protocol, state: p.state as PortState, reason: 'stored' as StateReason,
        service: { name: p.service, ...(p.product !== null ? { product: p.product } : {}), ...(p.version !== null ? { version: p.version } : {}) } };
      byHost.get(p.address)?.ports.push(pr);
      portOf.set(`${p.address}|${p.port}|${p.protocol}`, pr);
    }
    for (const f of findings) {
      const fd: Finding = { id: f.finding_id, severity: f.severity as Severity, title: f.title, evidence: '', remediation: '', references: [] };
      if (f.port === null) {
        const h = byHost.get(f.address);
        if (h) { (h.findings ??= []).push(fd); }
      } else {
        const key = `${f.address}|${f.port}|${f.protocol ?? ''}`;
        let p = portOf.get(key);
        if (p === undefined && !withPorts) {
          const h = byHost.get(f.address);
          if (h) {
            p = { port: Number(f.port), protocol: (f.protocol ?? 'tcp') as Protocol, state: 'open', reason: 'stored' as StateReason, service: { name: 'unknown' } };
            h.ports.push(p);
            portOf.set(key, p);
          }
        }
        if (p) { (p.findings ??= []).push(fd); }
      }
    }
  }
  return out;
}

/** The scan's meta and grade with light hosts (see `withPorts` above), or null. */
export async function loadScanFacts(db: Kysely<Database>, scanId: number, withPorts = true): Promise<ScanDocument | null> {
  const scan = await db.selectFrom('scans').select(['meta', 'grade']).where('id', '=', scanId).executeTakeFirst();
  if (!scan) { return null; }
  const doc: ScanDocument = { version: 1, scan: JSON.parse(scan.meta) as ScanMeta, hosts: await loadHosts(db, scanId, undefined, withPorts) };
  if (scan.grade !== null) { doc.grade = JSON.parse(scan.grade) as Grade; }
  return doc;
}

function chunk(xs: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) { out.push(xs.slice(i, i + CHUNK)); }
  return out;
}
