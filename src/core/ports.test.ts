/** @module core/ports.test — table and property tests for port expressions, top-ports and service names. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressPorts, formatPortSpec, parsePortSpec } from './ports.js';
import { topPorts } from '../knowledge/top-ports.js';
import { isGatehouseError } from '../errors/index.js';
import { serviceName, topPortsData } from '../knowledge/services.js';

function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (err) { return isGatehouseError(err) ? err.code : 'not-a-gatehouse-error'; }
  return undefined;
}

describe('parsePortSpec', () => {
  const table: { input: string; tcp?: number[]; udp?: number[]; count?: number }[] = [
    { input: '22', tcp: [22], udp: [] },
    { input: '22,80,443', tcp: [22, 80, 443] },
    { input: ' 80 , 22 , 80 ', tcp: [22, 80] },
    { input: '1000-1003', tcp: [1000, 1001, 1002, 1003] },
    { input: '-3', tcp: [1, 2, 3] },
    { input: '65533-', tcp: [65533, 65534, 65535] },
    { input: '-', count: 65535 },
    { input: 'T:80,U:53,161', tcp: [80], udp: [53, 161] },
    { input: 'U:53,T:22,25', tcp: [22, 25], udp: [53] },
    { input: 't:80', tcp: [80] },
    { input: ' T:80 , U: 53 ,U:53', tcp: [80], udp: [53] },
    { input: 'U:53', tcp: [], udp: [53] },
    { input: '1 - 3', tcp: [1, 2, 3] },
    { input: '5,1-3,2', tcp: [1, 2, 3, 5] },
    { input: 'T:-', count: 65535 },
    { input: '65535', tcp: [65535] },
  ];
  for (const { input, tcp, udp, count } of table) {
    it(`parses "${input}"`, () => {
      const spec = parsePortSpec(input);
      if (tcp) { expect(spec.tcp).toEqual(tcp); }
      if (udp) { expect(spec.udp).toEqual(udp); }
      if (count !== undefined) { expect(spec.tcp.length).toBe(count); }
    });
  }

  const bad = ['70000', '0', '', ',', '22,,80', '100-1', 'abc', '22-x', '1-2-3', 'X:80', '65536-', '-0', '1.5', '100000', 'T:', 'U:53,', '80,T', '22 80', '--'];
  for (const input of bad) {
    it(`rejects "${input}" with GH_ERR_PORT_SYNTAX`, () => expect(codeOf(() => parsePortSpec(input))).toBe('GH_ERR_PORT_SYNTAX'));
  }

  it('names the bad piece in one line', () => {
    expect(() => parsePortSpec('22,70000')).toThrow(/^invalid port "70000" in "-p 22,70000": ports are 1-65535$/);
  });

  it('round-trips through formatPortSpec (property)', () => {
    const ports = fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 200 });
    fc.assert(fc.property(ports, ports, (t, u) => {
      if (t.length === 0 && u.length === 0) { return true; }
      const spec = { tcp: [...t].sort((a, b) => a - b), udp: [...u].sort((a, b) => a - b) };
      expect(parsePortSpec(formatPortSpec(spec))).toEqual(spec);
      return true;
    }));
  });

  it('output is sorted, unique and in range for any list of ranges (property)', () => {
    const item = fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 300 }))
      .map(([a, len]) => (len === 0 ? String(a) : `${a}-${Math.min(65535, a + len)}`));
    fc.assert(fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), (items) => {
      const { tcp } = parsePortSpec(items.join(','));
      for (let i = 1; i < tcp.length; i++) { if ((tcp[i] as number) <= (tcp[i - 1] as number)) { return false; } }
      return tcp.every((p) => p >= 1 && p <= 65535);
    }));
  });
});

describe('compressPorts', () => {
  it('collapses runs', () => expect(compressPorts([1, 2, 3, 5, 7, 8])).toBe('1-3,5,7-8'));
  it('renders all ports compactly', () => expect(formatPortSpec(parsePortSpec('-'))).toBe('1-65535'));
});

describe('knowledge', () => {
  it('names services by port and protocol', () => {
    expect(serviceName(22, 'tcp')).toBe('ssh');
    expect(serviceName(53, 'udp')).toBe('domain');
    expect(serviceName(65000, 'tcp')).toBe('unknown');
  });
  it('ships ranked, unique, in-range port lists with their source', () => {
    const data = topPortsData();
    expect(data.source).toMatch(/nmap-services/);
    for (const list of [data.tcp, data.udp]) {
      expect(list.length).toBeGreaterThan(1000);
      expect(list.length).toBeLessThanOrEqual(10000);
      expect(new Set(list).size).toBe(list.length);
      expect(list.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)).toBe(true);
    }
  });
});

describe('topPorts', () => {
  it('returns the N most common, sorted, starting with the usual suspects', () => {
    const top = topPorts(10, 'tcp');
    expect(top).toHaveLength(10);
    for (const p of [21, 22, 23, 80, 443]) { expect(top).toContain(p); }
    expect([...top].sort((a, b) => a - b)).toEqual(top);
  });
  it('top 1000 has 1000 distinct ports', () => expect(new Set(topPorts(1000, 'tcp')).size).toBe(1000));
  it('takes the first n of the ranked list', () => {
    expect(topPorts(20, 'udp')).toEqual([...topPortsData().udp.slice(0, 20)].sort((a, b) => a - b));
    expect(topPorts(topPortsData().tcp.length, 'tcp')).toHaveLength(topPortsData().tcp.length);
  });
  it('rejects 0 and more than the list holds', () => {
    expect(codeOf(() => topPorts(0, 'tcp'))).toBe('GH_ERR_PORT_SYNTAX');
    expect(codeOf(() => topPorts(1_000_000, 'tcp'))).toBe('GH_ERR_PORT_SYNTAX');
    expect(codeOf(() => topPorts(1.5, 'udp'))).toBe('GH_ERR_PORT_SYNTAX');
  });
});
