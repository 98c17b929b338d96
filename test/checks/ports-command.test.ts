import { describe, expect, it } from 'vitest';
import { lookup, runPorts } from '../../src/cli/ports.js';
import type { CliIO } from '../../src/cli/commands/io.js';

function io(): { io: CliIO; out: () => string } {
  let text = '';
  const stream = { write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WritableStream;
  return { io: { stdout: stream, stderr: stream, env: {}, argv: [] }, out: () => text };
}

describe('gatehouse ports', () => {
  it('23: the IANA name and the telnet risk entry', () => {
    const [tcp] = lookup('23');
    expect(tcp?.iana?.name).toBe('telnet');
    expect(tcp?.risks.map((r) => r.id)).toEqual(['telnet']);
  });
  it('redis: by name, the registered port with its risk', () => {
    const r = lookup('redis');
    expect(r.map((i) => `${i.port}/${i.protocol}`)).toEqual(['6379/tcp']);
    expect(r[0]?.risks[0]?.checks).toContain('redis-no-auth');
  });
  it('6379/udp: only that protocol', () => {
    const r = lookup('6379/udp');
    expect(r).toHaveLength(1);
    expect(r[0]?.protocol).toBe('udp');
  });
  it('a catalogue alias without an IANA name still resolves (x11, postgres)', () => {
    expect(lookup('x11').map((i) => i.port)).toContain(6000);
    expect(lookup('postgres').map((i) => i.port)).toContain(5432);
  });
  it.each([
    { q: 'no-such-service', code: 'GH_ERR_UNKNOWN_SERVICE' },
    { q: 'redis/udp', code: 'GH_ERR_UNKNOWN_SERVICE' },
    { q: '70000', code: 'GH_ERR_PORT_SYNTAX' },
    { q: '0', code: 'GH_ERR_PORT_SYNTAX' },
    { q: 'a b', code: 'GH_ERR_PORT_SYNTAX' },
  ])('$q is a usage error ($code, exit 2)', ({ q, code }) => {
    expect(() => lookup(q)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });
  it('--json writes the source and the entries', () => {
    const o = io();
    expect(runPorts(['22', 'ssh'], { json: true }, o.io)).toBe(0);
    const doc = JSON.parse(o.out()) as { source: string; ports: Array<{ port: number; risks: Array<{ id: string }> }> };
    expect(doc.source).toMatch(/IANA/);
    expect(doc.ports.filter((p) => p.port === 22).length).toBeGreaterThanOrEqual(1);
    expect(doc.ports[0]?.risks[0]?.id).toBe('ssh');
  });
  it('text output names the risk, the fix and the references', () => {
    const o = io();
    runPorts(['3389'], { json: false }, o.io);
    expect(o.out()).toMatch(/3389\/tcp {2}ms-wbt-server/);
    expect(o.out()).toContain('Risk: Remote Desktop (RDP) (high)');
    expect(o.out()).toContain('https://');
  });
  it('text output gives the exposed severity and, where it differs, the merely-reachable rank harden uses', () => {
    const o = io();
    runPorts(['22/tcp', '443/tcp'], { json: false }, o.io);
    expect(o.out()).toContain('Risk: SSH (medium; low when merely reachable)');
    expect(o.out()).toContain('Risk: HTTPS (web over TLS) (info)\n');
  });
});
