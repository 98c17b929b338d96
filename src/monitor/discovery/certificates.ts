/**
 * @module monitor/discovery/certificates — names and addresses in the subjectAltName of the certificates a stored
 * scan saw (`ports[].tls.certificate.sans`, e.g. `DNS:mail.example.com`, `IP Address:192.0.2.10`), each with its
 * provenance (`certificate of 192.0.2.10:443 → mail.example.com`). Wildcards (`*.example.com`) name no host and
 * are skipped. Pure: reads the scan document, validates every value it keeps.
 */
import { isIP } from 'node:net';
import type { ScanDocument } from '../../core/types.js';
import type { Found } from './walk.js';

const HOST = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})?(\.[a-z0-9_]([a-z0-9_-]{0,62})?)+$/;

function sansOf(tls: unknown): string[] {
  if (typeof tls !== 'object' || tls === null) { return []; }
  const cert = (tls as { certificate?: unknown }).certificate;
  if (typeof cert !== 'object' || cert === null) { return []; }
  const sans = (cert as { sans?: unknown }).sans;
  return Array.isArray(sans) ? sans.filter((s): s is string => typeof s === 'string').slice(0, 500) : [];
}

/** Every SAN of every certificate in the scan (first provenance wins). */
export function certificateNames(doc: ScanDocument): Found[] {
  const out = new Map<string, Found>();
  for (const h of doc.hosts) {
    for (const port of h.ports) {
      for (const san of sansOf(port.tls)) {
        const m = /^(DNS|IP Address):(.+)$/i.exec(san.trim());
        if (!m) { continue; }
        const value = (m[2] as string).trim().toLowerCase().replace(/\.$/, '');
        const kind = (m[1] as string).toUpperCase() === 'DNS' ? 'hostname' : 'address';
        if (kind === 'hostname' ? !HOST.test(value) : isIP(value) === 0) { continue; }
        const where = isIP(h.address) === 6 ? `[${h.address}]:${port.port}` : `${h.address}:${port.port}`;
        const key = `${kind} ${value}`;
        if (!out.has(key)) { out.set(key, { kind, value, provenance: [`certificate of ${where}`, value] }); }
      }
    }
  }
  return [...out.values()];
}
