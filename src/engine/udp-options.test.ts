/** Port selection for TCP+UDP scans: -p with prefixes, -sU, --top-ports, --top-udp-ports; and the -sU flag mapping. */
import { describe, expect, it } from 'vitest';
import { selectPorts, type PortOptions } from './udp-options.js';
import { topPorts } from '../knowledge/top-ports.js';
import { normaliseArgv } from '../cli/argv.js';
import { GatehouseError } from '../errors/index.js';

const base: PortOptions = { udp: false, defaultTop: 1000 };

describe('selectPorts', () => {
  const rows: { name: string; o: Partial<PortOptions>; want: { tcp: number[] | 'top'; udp: number[] | 'top' } }[] = [
    { name: '-p U:53,161', o: { ports: 'U:53,161' }, want: { tcp: [], udp: [53, 161] } },
    { name: '-p T:22,U:53', o: { ports: 'T:22,U:53' }, want: { tcp: [22], udp: [53] } },
    { name: '-sU -p 53,161 (unprefixed means UDP)', o: { udp: true, ports: '53,161' }, want: { tcp: [], udp: [53, 161] } },
    { name: '-sU -p T:22,U:53 keeps prefixes', o: { udp: true, ports: 'T:22,U:53' }, want: { tcp: [22], udp: [53] } },
    { name: '-p 22 (TCP only)', o: { ports: '22' }, want: { tcp: [22], udp: [] } },
    { name: '-sU alone: top UDP ports', o: { udp: true }, want: { tcp: [], udp: 'top' } },
    { name: 'no options: top TCP ports', o: {}, want: { tcp: 'top', udp: [] } },
    { name: '--top-udp-ports 3 with -p 22', o: { ports: '22', topUdpPorts: 3 }, want: { tcp: [22], udp: topPorts(3, 'udp') } },
    { name: '--top-udp-ports 2 alone: UDP only', o: { topUdpPorts: 2 }, want: { tcp: [], udp: topPorts(2, 'udp') } },
    { name: '-sU --top-ports 5: top UDP', o: { udp: true, topPorts: 5 }, want: { tcp: [], udp: topPorts(5, 'udp') } },
    { name: '-p U:53 --top-udp-ports 1 merges', o: { ports: 'U:53', topUdpPorts: 1 }, want: { tcp: [], udp: [...new Set([53, ...topPorts(1, 'udp')])].sort((a, b) => a - b) } },
  ];
  it.each(rows)('$name', ({ o, want }) => {
    const got = selectPorts({ ...base, ...o });
    expect(got.tcp).toEqual(want.tcp === 'top' ? topPorts(1000, 'tcp') : want.tcp);
    expect(got.udp).toEqual(want.udp === 'top' ? topPorts(1000, 'udp') : want.udp);
  });

  it('bad input is a usage error with a code', () => {
    for (const o of [{ ports: 'U:0' }, { ports: 'U:' }, { topUdpPorts: 0 }]) {
      let err: unknown;
      try { selectPorts({ ...base, ...o }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(GatehouseError);
      expect((err as GatehouseError).code).toBe('GH_ERR_PORT_SYNTAX');
      expect((err as GatehouseError).exitCode).toBe(2);
    }
  });

  it('-sU maps to --udp', () => {
    expect(normaliseArgv(['scan', '-sU', '-p', '53'])).toEqual(['scan', '--udp', '-p', '53']);
  });
});
