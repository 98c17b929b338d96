import { describe, expect, it } from 'vitest';
import type { Finding, Protocol, Severity } from '../core/types.js';
import { catalogue, reachableSeverity } from '../knowledge/catalogue.js';
import { portRisk } from './risk.js';

/**
 * The ranking of the port table local/risk.ts had before the risk catalogue became the one source (each value as it
 * was): every port keeps its rank through the catalogue's `reachable` field.
 */
const OLD_TABLE: ReadonlyArray<[Protocol, number, Severity]> = [
  ['tcp', 23, 'high'], ['tcp', 2375, 'critical'], ['tcp', 6379, 'high'], ['tcp', 11211, 'high'], ['udp', 11211, 'high'],
  ['tcp', 27017, 'high'], ['tcp', 9200, 'high'], ['tcp', 5984, 'high'], ['tcp', 2379, 'high'], ['tcp', 445, 'high'],
  ['tcp', 139, 'high'], ['tcp', 3389, 'high'], ['tcp', 5900, 'high'], ['tcp', 3306, 'medium'], ['tcp', 5432, 'medium'],
  ['tcp', 1433, 'medium'], ['tcp', 5672, 'medium'], ['tcp', 1883, 'medium'], ['tcp', 4222, 'medium'], ['tcp', 21, 'medium'],
  ['udp', 161, 'medium'], ['udp', 111, 'medium'], ['tcp', 111, 'medium'], ['tcp', 22, 'low'], ['tcp', 25, 'low'],
  ['tcp', 80, 'low'], ['tcp', 443, 'info'], ['udp', 53, 'low'], ['udp', 123, 'low'],
];

const finding = (id: string, severity: Severity): Finding => ({ id, title: `t ${id}`, severity, evidence: 'e', remediation: 'r', references: [] });

describe('portRisk', () => {
  it.each(OLD_TABLE)('%s/%i ranks %s by port number, from the catalogue', (protocol, port, want) => {
    const r = portRisk(protocol, port);
    expect(r).toMatchObject({ severity: want, method: 'table' });
    const entry = catalogue().byPort.get(`${port}/${protocol}`)?.[0];
    expect(entry, `${port}/${protocol} in the catalogue`).toBeDefined();
    expect(r.why).toBe(`by port number: ${entry?.title ?? ''}`);
  });

  it('every catalogued port ranks by its entry\'s reachable level (the worst, when several entries share it)', () => {
    for (const [ref, entries] of catalogue().byPort) {
      const [port, protocol] = ref.split('/') as [string, Protocol];
      const ranks = entries.map(reachableSeverity);
      expect(ranks, ref).toContain(portRisk(protocol, Number(port)).severity);
    }
  });

  it('reachable never ranks above severity (merely reachable is at most what exposure risks)', () => {
    const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
    for (const r of catalogue().risks) { expect(rank[reachableSeverity(r)], r.id).toBeLessThanOrEqual(rank[r.severity]); }
  });

  it('a proven finding wins over the port number; policy findings do not count as proof', () => {
    expect(portRisk('tcp', 443, [finding('policy-unexpected-port', 'high'), finding('tls-weak', 'medium'), finding('x', 'critical')]))
      .toMatchObject({ severity: 'critical', method: 'finding', why: 'finding x: t x' });
    expect(portRisk('tcp', 443, [finding('policy-unexpected-port', 'high')])).toMatchObject({ severity: 'info', method: 'table' });
  });

  it('a port the catalogue does not know is low, labelled default', () => {
    expect(portRisk('tcp', 3000)).toEqual({ severity: 'low', why: 'no finding and no well-known risk for this port', method: 'default' });
    expect(portRisk('udp', 6379)).toMatchObject({ severity: 'low', method: 'default' });
  });
});
