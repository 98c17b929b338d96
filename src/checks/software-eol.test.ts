/** software-eol: table-driven over product/version strings, the table's own validity, and a fuzz property. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eolFinding, normaliseProduct, softwareEol, softwareEolForPort, versionParts } from './software-eol.js';
import { eolTable, parseEolTable } from '../knowledge/eol.js';
import type { Service } from '../core/types.js';

const TODAY = '2026-11-25';
const svc = (product: string, version: string, method: Service['method'] = 'probed'): Service => ({ name: 'x', method, product, version });

describe('software-eol', () => {
  const table: { product: string; version: string; want: string | null; method?: Service['method'] }[] = [
    { product: 'PostgreSQL', version: '9.6.24', want: '9.6' },
    { product: 'PostgreSQL DB', version: '12.4', want: '12' },
    { product: 'PostgreSQL', version: '16.2', want: null },
    { product: 'PostgreSQL', version: '9.5.1', want: null },               // not in the table: no claim
    { product: 'MySQL', version: '5.7.44', want: '5.7' },
    { product: 'MySQL', version: '8.0.36-0ubuntu0.22.04.1', want: '8.0' },
    { product: 'MySQL', version: '8.4.0', want: null },
    { product: 'MySQL', version: '5.5.5-10.11.6-MariaDB-0+deb12u1', want: null }, // MariaDB 10.11, not MySQL 5.5
    { product: 'MySQL', version: '5.5.5-10.3.39-MariaDB', want: '10.3' },
    { product: 'Apache httpd', version: '2.2.34', want: '2.2' },
    { product: 'Apache httpd', version: '2.4.62', want: null },
    { product: 'Apache Tomcat', version: '2.2.1', want: null },
    { product: 'nginx', version: '1.10.3', want: null },
    { product: 'PostgreSQL', version: '9.6.24', method: 'table', want: null }, // not proved by a probe
    { product: 'PostgreSQL', version: 'unknown', want: null },
    { product: 'PostgreSQL', version: '1', want: null },
  ];
  for (const t of table) {
    it(`${t.product} ${t.version} → ${t.want ?? 'no finding'}`, () => {
      const f = eolFinding(svc(t.product, t.version, t.method ?? 'probed'), TODAY);
      expect(f?.details?.branch ?? null).toBe(t.want);
      if (f) {
        expect(f).toMatchObject({ id: 'software-eol', severity: 'medium' });
        expect(f.references[0]).toMatch(/^https:\/\//);
        expect(f.evidence).toContain('table dated 2026-11-25');
      }
    });
  }

  it('a branch is not end of life before its date', () => {
    expect(eolFinding(svc('MySQL', '8.0.36'), '2026-04-29')).toBeNull();
    expect(eolFinding(svc('MySQL', '8.0.36'), '2026-04-30')).not.toBeNull();
  });

  it('parses version numbers', () => {
    expect(versionParts('9.6.24')).toEqual([9, 6, 24]);
    expect(versionParts('v1.2')).toEqual([1, 2]);
    expect(versionParts('9.6.0 - 9.6.4')).toEqual([9, 6, 0]);
    expect(versionParts('abc')).toEqual([]);
    expect(normaliseProduct('MySQL', '10.6.12-MariaDB')).toEqual({ product: 'MariaDB', version: '10.6.12' });
  });

  it('the shipped table is valid, dated, and sorted by branch', () => {
    const t = eolTable();
    expect(t.tableDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of t.products) {
      const dates = p.branches.map((b) => b.eol);
      expect([...dates].sort(), p.product).toEqual(dates);
    }
    expect(() => parseEolTable({ tableDate: 'x', note: '', products: [] })).toThrow();
  });

  it('runs as a port function and as a registry check', async () => {
    const port = { port: 5432, protocol: 'tcp' as const, state: 'open' as const, reason: 'syn-ack' as const, service: svc('PostgreSQL', '11.22') };
    expect(softwareEolForPort(port, TODAY).map((f) => f.id)).toEqual(['software-eol']);
    expect(softwareEolForPort({ ...port, state: 'closed' }, TODAY)).toEqual([]);
    port.service.name = 'postgresql';
    expect(softwareEol.services).toContain('postgresql');
    expect(softwareEol.applies?.(port)).toBe(true);
    const host = { address: '127.0.0.1', hostnames: [], state: 'up' as const, reason: 'syn-ack', ports: [port], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } };
    const ctx = { dialer: undefined as never, address: '127.0.0.1', port, host, signal: new AbortController().signal, hostname: undefined, readTimeoutMs: 1000 };
    expect(await softwareEol.run(ctx)).toMatchObject({ status: 'vulnerable', details: { branch: '11' } });
    expect(await softwareEol.run({ ...ctx, port: { ...port, service: svc('PostgreSQL', '17.1') } })).toMatchObject({ status: 'secure' });
    expect(softwareEol.references.length).toBeGreaterThan(0);
  });

  it('never throws on arbitrary product/version strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 64 }), (product, version) => {
      const f = eolFinding(svc(product, version), TODAY);
      expect(f === null || f.id === 'software-eol').toBe(true);
    }), { numRuns: 500 });
  });
});
